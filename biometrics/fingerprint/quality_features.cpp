// SPDX-License-Identifier: Apache-2.0
#include "quality_features.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

#include "orientation_field.hpp"
#include "ridge_signature.hpp"

namespace ktpel::biometrics::fingerprint {

namespace {

struct BlockMeasures
{
    double ridge_angle = 0.0; // radians, image coordinates, [0, pi)
    double certainty = 0.0;
    double clarity = 0.0;
    double frequency_share = 0.0;
    std::optional<double> width_ratio; // absent when no complete ridge and valley
    double deviation = 0.0;
    // Standard deviation of the detrended signature: ridge/valley contrast
    // with pixel noise averaged out along the ridges, so noise does not
    // pass for contrast.
    double signature_deviation = 0.0;
};

BlockMeasures measure_block(const FloatPlane& grey, const GradientPlanes& gradients, int left,
                            int top)
{
    const int size = quality_block_size;
    BlockMeasures measures;
    double xx = 0.0;
    double yy = 0.0;
    double xy = 0.0;
    double sum = 0.0;
    double squares = 0.0;
    for (int y = top; y < top + size; ++y) {
        for (int x = left; x < left + size; ++x) {
            const double gx = gradients.dx.at(x, y);
            const double gy = gradients.dy.at(x, y);
            xx += gx * gx;
            yy += gy * gy;
            xy += gx * gy;
            sum += grey.at(x, y);
            squares += static_cast<double>(grey.at(x, y)) * grey.at(x, y);
        }
    }
    const double count = size * size;
    const double mean = sum / count;
    measures.deviation = std::sqrt(std::max(0.0, squares / count - mean * mean));
    measures.signature_deviation = 0.0;
    const double trace = xx + yy;
    const double spread = std::sqrt((xx - yy) * (xx - yy) + 4.0 * xy * xy);
    const double largest = 0.5 * (trace + spread);
    const double smallest = 0.5 * (trace - spread);
    measures.certainty = largest > 1e-9 ? 1.0 - smallest / largest : 0.0;
    double angle = 0.5 * std::atan2(2.0 * xy, xx - yy) + std::numbers::pi / 2.0;
    if (angle >= std::numbers::pi) {
        angle -= std::numbers::pi;
    }
    measures.ridge_angle = angle;

    // Oriented window across the ridges; a 32-sample signature averaged
    // over 16 samples along the ridges.
    const int length = size;
    const int width = size / 2;
    const float centre_x = static_cast<float>(left) + 0.5f * static_cast<float>(size - 1);
    const float centre_y = static_cast<float>(top) + 0.5f * static_cast<float>(size - 1);
    const float along_x = static_cast<float>(std::cos(angle));
    const float along_y = static_cast<float>(std::sin(angle));
    std::vector<float> samples(static_cast<std::size_t>(length * width));
    std::vector<double> signature(static_cast<std::size_t>(length), 0.0);
    for (int k = 0; k < length; ++k) {
        const float u = static_cast<float>(k) - 0.5f * static_cast<float>(length - 1);
        for (int d = 0; d < width; ++d) {
            const float v = static_cast<float>(d) - 0.5f * static_cast<float>(width - 1);
            const int x = static_cast<int>(std::lround(centre_x - u * along_y + v * along_x));
            const int y = static_cast<int>(std::lround(centre_y + u * along_x + v * along_y));
            const float value = grey.clamped(x, y);
            samples[static_cast<std::size_t>(k * width + d)] = value;
            signature[static_cast<std::size_t>(k)] += value / width;
        }
    }
    // Trend line of the signature (least squares) as the ridge/valley
    // threshold, so an illumination gradient does not shift it.
    double su = 0.0;
    double ss = 0.0;
    double suu = 0.0;
    double sus = 0.0;
    for (int k = 0; k < length; ++k) {
        su += k;
        ss += signature[static_cast<std::size_t>(k)];
        suu += static_cast<double>(k) * k;
        sus += k * signature[static_cast<std::size_t>(k)];
    }
    const double slope = (length * sus - su * ss) / (length * suu - su * su);
    const double intercept = (ss - slope * su) / length;
    double detrended_squares = 0.0;
    for (int k = 0; k < length; ++k) {
        const double residual = signature[static_cast<std::size_t>(k)] - (intercept + slope * k);
        detrended_squares += residual * residual;
    }
    measures.signature_deviation = std::sqrt(detrended_squares / length);
    std::vector<bool> ridge_column(static_cast<std::size_t>(length));
    int misplaced_ridge = 0;
    int misplaced_valley = 0;
    int ridge_pixels = 0;
    int valley_pixels = 0;
    for (int k = 0; k < length; ++k) {
        const double threshold = intercept + slope * k;
        const bool ridge = signature[static_cast<std::size_t>(k)] < threshold; // ridges are dark
        ridge_column[static_cast<std::size_t>(k)] = ridge;
        for (int d = 0; d < width; ++d) {
            const double value = samples[static_cast<std::size_t>(k * width + d)];
            if (ridge) {
                ++ridge_pixels;
                misplaced_ridge += value >= threshold ? 1 : 0;
            } else {
                ++valley_pixels;
                misplaced_valley += value < threshold ? 1 : 0;
            }
        }
    }
    // Complete runs only: the first and last are cut by the window.
    std::vector<int> ridge_runs;
    std::vector<int> valley_runs;
    int run_start = 0;
    for (int k = 1; k <= length; ++k) {
        if (k == length || ridge_column[static_cast<std::size_t>(k)] !=
                               ridge_column[static_cast<std::size_t>(k - 1)]) {
            if (run_start > 0 && k < length) {
                (ridge_column[static_cast<std::size_t>(run_start)] ? ridge_runs : valley_runs)
                    .push_back(k - run_start);
            }
            run_start = k;
        }
    }
    auto mean_of = [](const std::vector<int>& runs) {
        double total = 0.0;
        for (const int run : runs) {
            total += run;
        }
        return total / static_cast<double>(runs.size());
    };
    // Plausible widths at 500 ppi; outside them the block has no ridge
    // structure and its clarity counts as zero.
    const bool plausible = !ridge_runs.empty() && !valley_runs.empty() &&
                           mean_of(ridge_runs) >= 1.5 && mean_of(ridge_runs) <= 12.0 &&
                           mean_of(valley_runs) >= 1.5 && mean_of(valley_runs) <= 12.0;
    if (plausible && ridge_pixels > 0 && valley_pixels > 0) {
        const double alpha = static_cast<double>(misplaced_ridge) / ridge_pixels;
        const double beta = static_cast<double>(misplaced_valley) / valley_pixels;
        measures.clarity = std::clamp(1.0 - 0.5 * (alpha + beta), 0.0, 1.0);
        measures.width_ratio = mean_of(ridge_runs) / mean_of(valley_runs);
    }

    // Spectrum of the detrended signature.
    std::vector<double> amplitude(static_cast<std::size_t>(length / 2), 0.0);
    double total = 0.0;
    for (int f = 1; f < length / 2; ++f) {
        double re = 0.0;
        double im = 0.0;
        for (int k = 0; k < length; ++k) {
            const double value = signature[static_cast<std::size_t>(k)] - (intercept + slope * k);
            const double phase = 2.0 * std::numbers::pi * f * k / length;
            re += value * std::cos(phase);
            im -= value * std::sin(phase);
        }
        amplitude[static_cast<std::size_t>(f)] = std::hypot(re, im);
        total += amplitude[static_cast<std::size_t>(f)];
    }
    // Ridge periods 3.2 .. 16 pixels: frequencies 2 .. 10 per 32 samples.
    int peak = 2;
    for (int f = 3; f <= 10; ++f) {
        if (amplitude[static_cast<std::size_t>(f)] > amplitude[static_cast<std::size_t>(peak)]) {
            peak = f;
        }
    }
    if (total > 1e-9) {
        measures.frequency_share =
            std::min(1.0, (amplitude[static_cast<std::size_t>(peak)] +
                           0.3 * (amplitude[static_cast<std::size_t>(peak - 1)] +
                                  amplitude[static_cast<std::size_t>(peak + 1)])) /
                              total);
    }
    return measures;
}

} // namespace

QualityFeatures compute_quality_features(const FloatPlane& grey, const ForegroundMask& mask,
                                         unsigned ppi)
{
    QualityFeatures features;
    const double pixels_per_mm = (ppi == 0 ? 500.0 : static_cast<double>(ppi)) / 25.4;
    const double block_area_mm2 =
        static_cast<double>(mask.block_size * mask.block_size) / (pixels_per_mm * pixels_per_mm);
    features.foreground_area_mm2 = mask.foreground_blocks() * block_area_mm2;

    const GradientPlanes gradients = sobel_gradients(grey);
    const int size = quality_block_size;
    const int blocks_x = grey.width / size;
    const int blocks_y = grey.height / size;
    ImagePlane<int> measured_index(blocks_x, blocks_y, -1);
    std::vector<BlockMeasures> measured;
    for (int by = 0; by < blocks_y; ++by) {
        for (int bx = 0; bx < blocks_x; ++bx) {
            // A quality block counts when at least three of the four mask
            // blocks it covers are foreground.
            int inside = 0;
            for (int dy = 0; dy < size; dy += mask.block_size) {
                for (int dx = 0; dx < size; dx += mask.block_size) {
                    inside += mask.contains_pixel(bx * size + dx, by * size + dy) ? 1 : 0;
                }
            }
            const int covered = (size / mask.block_size) * (size / mask.block_size);
            if (4 * inside < 3 * covered) {
                continue;
            }
            measured_index.at(bx, by) = static_cast<int>(measured.size());
            measured.push_back(measure_block(grey, gradients, bx * size, by * size));
        }
    }
    features.analysed_blocks = static_cast<int>(measured.size());
    if (measured.empty()) {
        return features;
    }
    std::vector<double> ratios;
    double flow_sum = 0.0;
    int flow_blocks = 0;
    for (int by = 0; by < blocks_y; ++by) {
        for (int bx = 0; bx < blocks_x; ++bx) {
            const int index = measured_index.at(bx, by);
            if (index < 0) {
                continue;
            }
            const BlockMeasures& block = measured[static_cast<std::size_t>(index)];
            features.orientation_certainty += block.certainty;
            features.local_clarity += block.clarity;
            features.frequency_domain += block.frequency_share;
            features.ridge_contrast += block.signature_deviation;
            if (block.width_ratio) {
                ratios.push_back(*block.width_ratio);
            }
            double difference_sum = 0.0;
            int neighbours = 0;
            for (int dy = -1; dy <= 1; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    if ((dx == 0 && dy == 0) || !measured_index.contains(bx + dx, by + dy) ||
                        measured_index.at(bx + dx, by + dy) < 0) {
                        continue;
                    }
                    const double other =
                        measured[static_cast<std::size_t>(measured_index.at(bx + dx, by + dy))]
                            .ridge_angle;
                    const double difference = std::abs(block.ridge_angle - other);
                    difference_sum += std::min(difference, std::numbers::pi - difference);
                    ++neighbours;
                }
            }
            if (neighbours > 0) {
                flow_sum += difference_sum / neighbours;
                ++flow_blocks;
            }
        }
    }
    const double count = static_cast<double>(measured.size());
    features.orientation_certainty /= count;
    features.local_clarity /= count;
    features.frequency_domain /= count;
    features.ridge_contrast /= count;
    features.orientation_flow_degrees =
        flow_blocks > 0 ? flow_sum / flow_blocks * 180.0 / std::numbers::pi : 90.0;
    if (ratios.size() >= 2) {
        double mean = 0.0;
        for (const double ratio : ratios) {
            mean += ratio;
        }
        mean /= static_cast<double>(ratios.size());
        double variance = 0.0;
        for (const double ratio : ratios) {
            variance += (ratio - mean) * (ratio - mean);
        }
        features.ridge_valley_uniformity =
            std::sqrt(variance / static_cast<double>(ratios.size() - 1));
    } else {
        // No measurable ridge/valley pair anywhere: as non-uniform as the
        // normalisation below can express.
        features.ridge_valley_uniformity = 1.0;
    }
    return features;
}

} // namespace ktpel::biometrics::fingerprint
