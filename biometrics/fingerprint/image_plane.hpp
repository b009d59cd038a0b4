// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ktpel::biometrics::fingerprint {

// A dense 2-D array, row-major. Used for every intermediate image (floats
// for filtered grey values and angles, bytes for masks and skeletons) so
// indexing is written once.
template <typename Value>
struct ImagePlane
{
    int width = 0;
    int height = 0;
    std::vector<Value> values;

    ImagePlane() = default;
    ImagePlane(int plane_width, int plane_height, Value fill = Value{})
        : width(plane_width), height(plane_height),
          values(static_cast<std::size_t>(plane_width) * static_cast<std::size_t>(plane_height),
                 fill)
    {
    }

    Value& at(int x, int y) { return values[index(x, y)]; }
    const Value& at(int x, int y) const { return values[index(x, y)]; }

    // Reads with coordinates clamped to the border: filters near the edge
    // then see a replicated edge rather than zeros, which would look like
    // a dark ridge.
    const Value& clamped(int x, int y) const
    {
        return at(std::clamp(x, 0, width - 1), std::clamp(y, 0, height - 1));
    }

    bool contains(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }

    std::size_t index(int x, int y) const
    {
        return static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
               static_cast<std::size_t>(x);
    }
};

using FloatPlane = ImagePlane<float>;
using BytePlane = ImagePlane<unsigned char>;

} // namespace ktpel::biometrics::fingerprint
