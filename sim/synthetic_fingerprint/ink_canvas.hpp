// SPDX-License-Identifier: Apache-2.0
// The platen of an optical scanner: fingers deposit "ink" (how dark the
// sensor sees each point, 0 = background, 1 = a fully pressed ridge), and
// developing the canvas turns it into the 8-bit image the sensor returns:
// dark ridges on a light, slightly uneven background with sensor noise.
#pragma once

#include <cstdint>
#include <vector>

#include "common/raster_image.hpp"

namespace ktpel::sim::fingerprint {

class InkCanvas
{
public:
    // Throws std::invalid_argument unless both sizes are positive.
    InkCanvas(int width, int height);

    int width() const { return width_; }
    int height() const { return height_; }
    float at(int x, int y) const;
    // Keeps the darker of the present and the new ink: where two fingers
    // overlap, the sensor sees whichever touches.
    void deposit(int x, int y, float ink);

    // Deterministic in `seed`.
    drivers::RasterImage develop(std::uint64_t seed, std::uint32_t ppi) const;

private:
    int width_;
    int height_;
    std::vector<float> ink_;
};

} // namespace ktpel::sim::fingerprint
