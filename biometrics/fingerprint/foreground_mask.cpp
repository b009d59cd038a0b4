// SPDX-License-Identifier: Apache-2.0
#include "foreground_mask.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace ktpel::biometrics::fingerprint {

int ForegroundMask::foreground_blocks() const
{
    return static_cast<int>(std::count(blocks.values.begin(), blocks.values.end(), 1));
}

BytePlane ForegroundMask::pixel_mask(int width, int height) const
{
    BytePlane mask(width, height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            mask.at(x, y) = contains_pixel(x, y) ? 1 : 0;
        }
    }
    return mask;
}

ComponentLabels label_components(const BytePlane& plane)
{
    ComponentLabels result{ImagePlane<int>(plane.width, plane.height), 0};
    std::vector<std::pair<int, int>> stack;
    for (int y = 0; y < plane.height; ++y) {
        for (int x = 0; x < plane.width; ++x) {
            if (plane.at(x, y) == 0 || result.labels.at(x, y) != 0) {
                continue;
            }
            const int label = ++result.count;
            result.labels.at(x, y) = label;
            stack.assign(1, {x, y});
            while (!stack.empty()) {
                const auto [cx, cy] = stack.back();
                stack.pop_back();
                for (int dy = -1; dy <= 1; ++dy) {
                    for (int dx = -1; dx <= 1; ++dx) {
                        const int nx = cx + dx;
                        const int ny = cy + dy;
                        if (plane.contains(nx, ny) && plane.at(nx, ny) != 0 &&
                            result.labels.at(nx, ny) == 0) {
                            result.labels.at(nx, ny) = label;
                            stack.emplace_back(nx, ny);
                        }
                    }
                }
            }
        }
    }
    return result;
}

namespace {

BytePlane dilate(const BytePlane& input)
{
    BytePlane output(input.width, input.height);
    for (int y = 0; y < input.height; ++y) {
        for (int x = 0; x < input.width; ++x) {
            unsigned char value = 0;
            for (int dy = -1; dy <= 1 && value == 0; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    if (input.contains(x + dx, y + dy) && input.at(x + dx, y + dy) != 0) {
                        value = 1;
                        break;
                    }
                }
            }
            output.at(x, y) = value;
        }
    }
    return output;
}

BytePlane erode(const BytePlane& input)
{
    BytePlane output(input.width, input.height);
    for (int y = 0; y < input.height; ++y) {
        for (int x = 0; x < input.width; ++x) {
            unsigned char value = 1;
            for (int dy = -1; dy <= 1 && value == 1; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    // Outside the image counts as foreground so that a
                    // finger touching the edge is not eaten from there.
                    if (input.contains(x + dx, y + dy) && input.at(x + dx, y + dy) == 0) {
                        value = 0;
                        break;
                    }
                }
            }
            output.at(x, y) = value;
        }
    }
    return output;
}

// Background regions enclosed by foreground are cores, deltas, scars or
// creases, not background: they become foreground.
void fill_holes(BytePlane& blocks)
{
    BytePlane background(blocks.width, blocks.height);
    for (std::size_t i = 0; i < blocks.values.size(); ++i) {
        background.values[i] = blocks.values[i] == 0 ? 1 : 0;
    }
    const ComponentLabels holes = label_components(background);
    std::vector<bool> touches_border(static_cast<std::size_t>(holes.count) + 1, false);
    for (int y = 0; y < blocks.height; ++y) {
        for (int x = 0; x < blocks.width; ++x) {
            if (x == 0 || y == 0 || x == blocks.width - 1 || y == blocks.height - 1) {
                touches_border[static_cast<std::size_t>(holes.labels.at(x, y))] = true;
            }
        }
    }
    for (std::size_t i = 0; i < blocks.values.size(); ++i) {
        const int label = holes.labels.values[i];
        if (label != 0 && !touches_border[static_cast<std::size_t>(label)]) {
            blocks.values[i] = 1;
        }
    }
}

} // namespace

ForegroundMask segment_foreground(const FloatPlane& grey, const OrientationField& orientation,
                                  const ForegroundParameters& parameters)
{
    const int block = parameters.block_size;
    const int blocks_x = (grey.width + block - 1) / block;
    const int blocks_y = (grey.height + block - 1) / block;
    ForegroundMask mask{block, BytePlane(blocks_x, blocks_y), FloatPlane(blocks_x, blocks_y)};
    FloatPlane block_coherence(blocks_x, blocks_y);
    for (int by = 0; by < blocks_y; ++by) {
        for (int bx = 0; bx < blocks_x; ++bx) {
            double sum = 0.0;
            double squares = 0.0;
            double coherence = 0.0;
            int count = 0;
            for (int y = by * block; y < std::min(grey.height, (by + 1) * block); ++y) {
                for (int x = bx * block; x < std::min(grey.width, (bx + 1) * block); ++x) {
                    const double value = grey.at(x, y);
                    sum += value;
                    squares += value * value;
                    coherence += orientation.coherence.at(x, y);
                    ++count;
                }
            }
            const double mean = sum / count;
            mask.block_deviation.at(bx, by) =
                static_cast<float>(std::sqrt(std::max(0.0, squares / count - mean * mean)));
            block_coherence.at(bx, by) = static_cast<float>(coherence / count);
        }
    }
    std::vector<float> deviations = mask.block_deviation.values;
    const auto percentile =
        deviations.begin() + static_cast<std::ptrdiff_t>(deviations.size() * 9 / 10);
    std::nth_element(deviations.begin(), percentile, deviations.end());
    const float threshold =
        std::max(parameters.minimum_deviation, parameters.relative_deviation * *percentile);
    mask.deviation_threshold = threshold;
    for (std::size_t i = 0; i < mask.blocks.values.size(); ++i) {
        mask.blocks.values[i] = mask.block_deviation.values[i] >= threshold &&
                                        block_coherence.values[i] >= parameters.minimum_coherence
                                    ? 1
                                    : 0;
    }
    // Closing bridges single-block gaps (a crease, a core); opening then
    // drops isolated specks.
    mask.blocks = erode(dilate(mask.blocks));
    fill_holes(mask.blocks);
    mask.blocks = dilate(erode(mask.blocks));

    const ComponentLabels components = label_components(mask.blocks);
    std::vector<int> sizes(static_cast<std::size_t>(components.count) + 1, 0);
    for (const int label : components.labels.values) {
        ++sizes[static_cast<std::size_t>(label)];
    }
    int largest = 0;
    for (int label = 1; label <= components.count; ++label) {
        if (largest == 0 ||
            sizes[static_cast<std::size_t>(label)] > sizes[static_cast<std::size_t>(largest)]) {
            largest = label;
        }
    }
    for (std::size_t i = 0; i < mask.blocks.values.size(); ++i) {
        const int label = components.labels.values[i];
        const bool keep =
            label != 0 &&
            sizes[static_cast<std::size_t>(label)] >= parameters.minimum_component_blocks &&
            (!parameters.keep_largest_component_only || label == largest);
        mask.blocks.values[i] = keep ? 1 : 0;
    }
    return mask;
}

FloatPlane distance_to_background(const BytePlane& pixel_mask)
{
    constexpr float straight = 1.0f;
    constexpr float diagonal = 1.4142f;
    const float far = static_cast<float>(pixel_mask.width + pixel_mask.height);
    FloatPlane distance(pixel_mask.width, pixel_mask.height);
    for (std::size_t i = 0; i < pixel_mask.values.size(); ++i) {
        distance.values[i] = pixel_mask.values[i] != 0 ? far : 0.0f;
    }
    // Outside the image is background: border pixels are at distance 1.
    auto neighbour = [&](int x, int y) {
        return distance.contains(x, y) ? distance.at(x, y) : 0.0f;
    };
    for (int y = 0; y < distance.height; ++y) {
        for (int x = 0; x < distance.width; ++x) {
            float& value = distance.at(x, y);
            if (value == 0.0f) {
                continue;
            }
            value =
                std::min({value, neighbour(x - 1, y) + straight, neighbour(x, y - 1) + straight,
                          neighbour(x - 1, y - 1) + diagonal, neighbour(x + 1, y - 1) + diagonal});
        }
    }
    for (int y = distance.height - 1; y >= 0; --y) {
        for (int x = distance.width - 1; x >= 0; --x) {
            float& value = distance.at(x, y);
            if (value == 0.0f) {
                continue;
            }
            value =
                std::min({value, neighbour(x + 1, y) + straight, neighbour(x, y + 1) + straight,
                          neighbour(x + 1, y + 1) + diagonal, neighbour(x - 1, y + 1) + diagonal});
        }
    }
    return distance;
}

} // namespace ktpel::biometrics::fingerprint
