// SPDX-License-Identifier: Apache-2.0
#include "ridge_signature.hpp"

#include <cmath>
#include <numeric>

namespace ktpel::biometrics::fingerprint {

std::vector<float> ridge_signature(const FloatPlane& plane, const RidgeSignatureWindow& window)
{
    const float along_x = std::cos(window.ridge_angle);
    const float along_y = std::sin(window.ridge_angle);
    // Across the ridges: the ridge direction turned by 90 degrees.
    const float across_x = -along_y;
    const float across_y = along_x;
    std::vector<float> signature(static_cast<std::size_t>(window.length), 0.0f);
    for (int k = 0; k < window.length; ++k) {
        const float u = static_cast<float>(k) - 0.5f * static_cast<float>(window.length - 1);
        float sum = 0.0f;
        for (int d = 0; d < window.width; ++d) {
            const float v = static_cast<float>(d) - 0.5f * static_cast<float>(window.width - 1);
            const int x =
                static_cast<int>(std::lround(window.centre_x + u * across_x + v * along_x));
            const int y =
                static_cast<int>(std::lround(window.centre_y + u * across_y + v * along_y));
            sum += plane.clamped(x, y);
        }
        signature[static_cast<std::size_t>(k)] = sum / static_cast<float>(window.width);
    }
    return signature;
}

float signature_period(const std::vector<float>& signature, float minimum_period,
                       float maximum_period)
{
    if (signature.size() < 4) {
        return 0.0f;
    }
    const float mean = std::accumulate(signature.begin(), signature.end(), 0.0f) /
                       static_cast<float>(signature.size());
    float first = -1.0f;
    float last = -1.0f;
    int crossings = 0;
    for (std::size_t i = 0; i + 1 < signature.size(); ++i) {
        const float a = signature[i] - mean;
        const float b = signature[i + 1] - mean;
        if ((a < 0.0f) != (b < 0.0f)) {
            const float position = static_cast<float>(i) + a / (a - b);
            if (crossings == 0) {
                first = position;
            }
            last = position;
            ++crossings;
        }
    }
    if (crossings < 3) {
        return 0.0f;
    }
    // Two crossings per period.
    const float period = 2.0f * (last - first) / static_cast<float>(crossings - 1);
    return period >= minimum_period && period <= maximum_period ? period : 0.0f;
}

} // namespace ktpel::biometrics::fingerprint
