// SPDX-License-Identifier: Apache-2.0
#include "edge_distance.hpp"

#include <algorithm>
#include <stdexcept>

namespace ktpel::sim::fingerprint {

std::vector<float> distance_to_outside(const std::vector<std::uint8_t>& inside, int width,
                                       int height)
{
    if (width <= 0 || height <= 0 ||
        inside.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
        throw std::invalid_argument("distance_to_outside: size mismatch");
    }
    constexpr int straight = 3;
    constexpr int diagonal = 4;
    const int far = 3 * (width + height);
    std::vector<int> d(inside.size());
    for (std::size_t i = 0; i < inside.size(); ++i) {
        d[i] = inside[i] != 0 ? far : 0;
    }
    auto at = [&](int x, int y) -> int {
        // Beyond the image counts as outside.
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return 0;
        }
        return d[static_cast<std::size_t>(y) * width + x];
    };
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            int& v = d[static_cast<std::size_t>(y) * width + x];
            v = std::min({v, at(x - 1, y) + straight, at(x, y - 1) + straight,
                          at(x - 1, y - 1) + diagonal, at(x + 1, y - 1) + diagonal});
        }
    }
    for (int y = height - 1; y >= 0; --y) {
        for (int x = width - 1; x >= 0; --x) {
            int& v = d[static_cast<std::size_t>(y) * width + x];
            v = std::min({v, at(x + 1, y) + straight, at(x, y + 1) + straight,
                          at(x + 1, y + 1) + diagonal, at(x - 1, y + 1) + diagonal});
        }
    }
    std::vector<float> distance(inside.size());
    for (std::size_t i = 0; i < d.size(); ++i) {
        distance[i] = static_cast<float>(d[i]) / straight;
    }
    return distance;
}

} // namespace ktpel::sim::fingerprint
