// SPDX-License-Identifier: Apache-2.0
#include "ridge_frequency.hpp"

#include <algorithm>
#include <vector>

#include "ridge_signature.hpp"

namespace ktpel::biometrics::fingerprint {

RidgePeriodField estimate_ridge_period(const FloatPlane& normalised,
                                       const OrientationField& orientation,
                                       const ForegroundMask& mask,
                                       const RidgePeriodParameters& parameters)
{
    const int block = mask.block_size;
    RidgePeriodField field{block, FloatPlane(mask.blocks.width, mask.blocks.height, 0.0f),
                           parameters.default_period};
    std::vector<float> measured;
    for (int by = 0; by < mask.blocks.height; ++by) {
        for (int bx = 0; bx < mask.blocks.width; ++bx) {
            if (mask.blocks.at(bx, by) == 0) {
                continue;
            }
            const int cx = std::min(normalised.width - 1, bx * block + block / 2);
            const int cy = std::min(normalised.height - 1, by * block + block / 2);
            const RidgeSignatureWindow window{
                static_cast<float>(cx), static_cast<float>(cy), orientation.ridge_angle.at(cx, cy),
                parameters.signature_length, parameters.signature_width};
            const float period =
                signature_period(ridge_signature(normalised, window), parameters.minimum_period,
                                 parameters.maximum_period);
            field.period.at(bx, by) = period;
            if (period > 0.0f) {
                measured.push_back(period);
            }
        }
    }
    if (!measured.empty()) {
        const auto middle = measured.begin() + static_cast<std::ptrdiff_t>(measured.size() / 2);
        std::nth_element(measured.begin(), middle, measured.end());
        field.median_period = *middle;
    }
    // Fill unmeasured blocks from measured neighbours, growing inwards; the
    // remainder (no measured block anywhere near) takes the median.
    for (int pass = 0; pass < 8; ++pass) {
        FloatPlane next = field.period;
        bool changed = false;
        for (int by = 0; by < field.period.height; ++by) {
            for (int bx = 0; bx < field.period.width; ++bx) {
                if (field.period.at(bx, by) > 0.0f) {
                    continue;
                }
                float sum = 0.0f;
                int count = 0;
                for (int dy = -1; dy <= 1; ++dy) {
                    for (int dx = -1; dx <= 1; ++dx) {
                        if (field.period.contains(bx + dx, by + dy) &&
                            field.period.at(bx + dx, by + dy) > 0.0f) {
                            sum += field.period.at(bx + dx, by + dy);
                            ++count;
                        }
                    }
                }
                if (count > 0) {
                    next.at(bx, by) = sum / static_cast<float>(count);
                    changed = true;
                }
            }
        }
        field.period = std::move(next);
        if (!changed) {
            break;
        }
    }
    for (float& period : field.period.values) {
        if (period <= 0.0f) {
            period = field.median_period;
        }
    }
    // 3x3 mean: the period changes slowly, single-block outliers are noise.
    FloatPlane smoothed = field.period;
    for (int by = 0; by < field.period.height; ++by) {
        for (int bx = 0; bx < field.period.width; ++bx) {
            float sum = 0.0f;
            int count = 0;
            for (int dy = -1; dy <= 1; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    if (field.period.contains(bx + dx, by + dy)) {
                        sum += field.period.at(bx + dx, by + dy);
                        ++count;
                    }
                }
            }
            smoothed.at(bx, by) = sum / static_cast<float>(count);
        }
    }
    field.period = std::move(smoothed);
    return field;
}

} // namespace ktpel::biometrics::fingerprint
