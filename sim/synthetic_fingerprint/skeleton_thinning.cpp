// SPDX-License-Identifier: Apache-2.0
#include "skeleton_thinning.hpp"

#include <array>
#include <stdexcept>

namespace ktpel::sim::fingerprint {

namespace {

// Neighbours P2..P9 clockwise from north, as in Zhang and Suen (1984).
constexpr std::array<int, 8> ring_dx = {0, 1, 1, 1, 0, -1, -1, -1};
constexpr std::array<int, 8> ring_dy = {-1, -1, 0, 1, 1, 1, 0, -1};

} // namespace

std::vector<std::uint8_t> thin_to_skeleton(const std::vector<std::uint8_t>& binary, int width,
                                           int height)
{
    if (width <= 0 || height <= 0 ||
        binary.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
        throw std::invalid_argument("thin_to_skeleton: size mismatch");
    }
    std::vector<std::uint8_t> image(binary.size());
    for (std::size_t i = 0; i < binary.size(); ++i) {
        image[i] = binary[i] != 0 ? 1 : 0;
    }
    // The outermost pixels are cleared so neighbour access needs no checks.
    for (int x = 0; x < width; ++x) {
        image[static_cast<std::size_t>(x)] = 0;
        image[static_cast<std::size_t>(height - 1) * width + x] = 0;
    }
    for (int y = 0; y < height; ++y) {
        image[static_cast<std::size_t>(y) * width] = 0;
        image[static_cast<std::size_t>(y) * width + width - 1] = 0;
    }
    auto pixel = [&](int x, int y) {
        return image[static_cast<std::size_t>(y) * width + x];
    };

    std::vector<std::size_t> to_delete;
    bool changed = true;
    while (changed) {
        changed = false;
        for (int pass = 0; pass < 2; ++pass) {
            to_delete.clear();
            for (int y = 1; y < height - 1; ++y) {
                for (int x = 1; x < width - 1; ++x) {
                    if (pixel(x, y) == 0) {
                        continue;
                    }
                    std::array<int, 8> p{};
                    int neighbours = 0;
                    for (int k = 0; k < 8; ++k) {
                        p[k] = pixel(x + ring_dx[k], y + ring_dy[k]);
                        neighbours += p[k];
                    }
                    int transitions = 0;
                    for (int k = 0; k < 8; ++k) {
                        transitions += (p[k] == 0 && p[(k + 1) % 8] == 1) ? 1 : 0;
                    }
                    if (neighbours < 2 || neighbours > 6 || transitions != 1) {
                        continue;
                    }
                    // p[0]=N p[2]=E p[4]=S p[6]=W
                    const bool remove = pass == 0
                                            ? (p[0] * p[2] * p[4] == 0 && p[2] * p[4] * p[6] == 0)
                                            : (p[0] * p[2] * p[6] == 0 && p[0] * p[4] * p[6] == 0);
                    if (remove) {
                        to_delete.push_back(static_cast<std::size_t>(y) * width + x);
                    }
                }
            }
            for (std::size_t i : to_delete) {
                image[i] = 0;
            }
            changed = changed || !to_delete.empty();
        }
    }

    // A pixel at the inner corner of an L (two 4-neighbours at a right
    // angle, the diagonal between them empty-or-not) is redundant when the
    // two neighbours already touch diagonally and nothing else relies on it.
    for (int y = 1; y < height - 1; ++y) {
        for (int x = 1; x < width - 1; ++x) {
            if (pixel(x, y) == 0) {
                continue;
            }
            std::array<int, 8> p{};
            int neighbours = 0;
            for (int k = 0; k < 8; ++k) {
                p[k] = pixel(x + ring_dx[k], y + ring_dy[k]);
                neighbours += p[k];
            }
            const bool north_east = p[0] != 0 && p[2] != 0 && p[5] == 0 && p[4] == 0 && p[6] == 0;
            const bool east_south = p[2] != 0 && p[4] != 0 && p[7] == 0 && p[6] == 0 && p[0] == 0;
            const bool south_west = p[4] != 0 && p[6] != 0 && p[1] == 0 && p[0] == 0 && p[2] == 0;
            const bool west_north = p[6] != 0 && p[0] != 0 && p[3] == 0 && p[2] == 0 && p[4] == 0;
            if ((north_east || east_south || south_west || west_north) && neighbours <= 3) {
                image[static_cast<std::size_t>(y) * width + x] = 0;
            }
        }
    }
    return image;
}

} // namespace ktpel::sim::fingerprint
