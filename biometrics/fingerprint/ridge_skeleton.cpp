// SPDX-License-Identifier: Apache-2.0
#include "ridge_skeleton.hpp"

#include <array>
#include <utility>
#include <vector>

#include "foreground_mask.hpp"

namespace ktpel::biometrics::fingerprint {

namespace {

// Neighbours in cyclic order starting north, clockwise (y grows down):
// P2 N, P3 NE, P4 E, P5 SE, P6 S, P7 SW, P8 W, P9 NW as in Zhang & Suen.
constexpr std::array<int, 8> ring_dx{0, 1, 1, 1, 0, -1, -1, -1};
constexpr std::array<int, 8> ring_dy{-1, -1, 0, 1, 1, 1, 0, -1};

std::array<int, 8> ring(const BytePlane& plane, int x, int y)
{
    std::array<int, 8> values{};
    for (std::size_t i = 0; i < 8; ++i) {
        const int nx = x + ring_dx[i];
        const int ny = y + ring_dy[i];
        values[i] = plane.contains(nx, ny) && plane.at(nx, ny) != 0 ? 1 : 0;
    }
    return values;
}

// Yokoi's 8-connectivity number: how many 8-connected ridge pieces touch
// the pixel. Sum over the 4-neighbours k of (1-x_k) - (1-x_k)(1-x_k+1)(1-x_k+2),
// with the ring indexed from a 4-neighbour.
int yokoi_connectivity(const std::array<int, 8>& p)
{
    int connectivity = 0;
    for (std::size_t k = 0; k < 8; k += 2) {
        const int a = 1 - p[k];
        const int b = 1 - p[(k + 1) % 8];
        const int c = 1 - p[(k + 2) % 8];
        connectivity += a - a * b * c;
    }
    return connectivity;
}

void remove_small_components(BytePlane& plane, unsigned char value, int minimum_area)
{
    BytePlane selected(plane.width, plane.height);
    for (std::size_t i = 0; i < plane.values.size(); ++i) {
        selected.values[i] = plane.values[i] == value ? 1 : 0;
    }
    const ComponentLabels components = label_components(selected);
    std::vector<int> sizes(static_cast<std::size_t>(components.count) + 1, 0);
    for (const int label : components.labels.values) {
        ++sizes[static_cast<std::size_t>(label)];
    }
    for (std::size_t i = 0; i < plane.values.size(); ++i) {
        const int label = components.labels.values[i];
        if (label != 0 && sizes[static_cast<std::size_t>(label)] < minimum_area) {
            plane.values[i] = value == 0 ? 1 : 0;
        }
    }
}

} // namespace

BytePlane binarise_ridges(const FloatPlane& enhanced, const BytePlane& pixel_mask, int minimum_area)
{
    BytePlane ridges(enhanced.width, enhanced.height);
    for (std::size_t i = 0; i < ridges.values.size(); ++i) {
        ridges.values[i] = pixel_mask.values[i] != 0 && enhanced.values[i] > 0.0f ? 1 : 0;
    }
    remove_small_components(ridges, 1, minimum_area);
    // Holes are only filled inside the mask: the background outside is one
    // huge "hole" and must stay empty.
    BytePlane holes = ridges;
    for (std::size_t i = 0; i < holes.values.size(); ++i) {
        if (pixel_mask.values[i] == 0) {
            holes.values[i] = 1;
        }
    }
    remove_small_components(holes, 0, minimum_area);
    for (std::size_t i = 0; i < ridges.values.size(); ++i) {
        ridges.values[i] = pixel_mask.values[i] != 0 ? holes.values[i] : 0;
    }
    return ridges;
}

int crossing_number(const BytePlane& skeleton, int x, int y)
{
    const auto values = ring(skeleton, x, y);
    int transitions = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        transitions += values[i] != values[(i + 1) % 8] ? 1 : 0;
    }
    return transitions / 2;
}

BytePlane thin_ridges(BytePlane ridges)
{
    std::vector<std::pair<int, int>> candidates;
    for (int y = 0; y < ridges.height; ++y) {
        for (int x = 0; x < ridges.width; ++x) {
            if (ridges.at(x, y) != 0) {
                candidates.emplace_back(x, y);
            }
        }
    }
    std::vector<std::pair<int, int>> deletions;
    bool changed = true;
    while (changed) {
        changed = false;
        for (int step = 0; step < 2; ++step) {
            deletions.clear();
            for (const auto& [x, y] : candidates) {
                if (ridges.at(x, y) == 0) {
                    continue;
                }
                const auto p = ring(ridges, x, y);
                const int neighbours = p[0] + p[1] + p[2] + p[3] + p[4] + p[5] + p[6] + p[7];
                if (neighbours < 2 || neighbours > 6) {
                    continue;
                }
                int transitions = 0;
                for (std::size_t i = 0; i < 8; ++i) {
                    transitions += p[i] == 0 && p[(i + 1) % 8] == 1 ? 1 : 0;
                }
                if (transitions != 1) {
                    continue;
                }
                // p[0]=N, p[2]=E, p[4]=S, p[6]=W.
                const bool removable = step == 0
                                           ? (p[0] * p[2] * p[4] == 0 && p[2] * p[4] * p[6] == 0)
                                           : (p[0] * p[2] * p[6] == 0 && p[0] * p[4] * p[6] == 0);
                if (removable) {
                    deletions.emplace_back(x, y);
                }
            }
            for (const auto& [x, y] : deletions) {
                ridges.at(x, y) = 0;
            }
            changed = changed || !deletions.empty();
        }
        std::erase_if(candidates,
                      [&](const auto& pixel) { return ridges.at(pixel.first, pixel.second) == 0; });
    }
    // Staircase corners: a pixel with two orthogonal 4-neighbours that is
    // 8-simple (Yokoi connectivity number 1), so deleting it keeps the
    // skeleton connected. Deleted sequentially: each test sees the result
    // of the previous deletions, so no two corners vanish together.
    for (const auto& [x, y] : candidates) {
        const auto p = ring(ridges, x, y);
        const bool corner = (p[0] && p[2]) || (p[2] && p[4]) || (p[4] && p[6]) || (p[6] && p[0]);
        if (corner && yokoi_connectivity(p) == 1) {
            ridges.at(x, y) = 0;
        }
    }
    return ridges;
}

} // namespace ktpel::biometrics::fingerprint
