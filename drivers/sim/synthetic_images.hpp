// SPDX-License-Identifier: Apache-2.0
// Procedural images for the emulators. Deterministic per (person,
// impression) so tests can compare captures; different per impression so
// two captures are never byte-identical.
#pragma once

#include <cstdint>

#include "../classes/raster_image.hpp"

namespace ktpel::sim {

// A slap of `fingers` fingertips (4, 2 or 1) on a light background with
// ridge patterns whose centre and ridge period depend on the person and
// finger, and placement, rotation and noise on the impression.
drivers::RasterImage render_slap(std::uint32_t width, std::uint32_t height, std::uint32_t ppi,
                                 int fingers, std::uint64_t person, std::uint64_t impression);

// One eye: sclera, iris annulus with radial texture, dark pupil.
drivers::RasterImage render_eye(std::uint32_t width, std::uint32_t height, std::uint64_t person,
                                int eye, std::uint64_t impression);

// A portrait: light background, head and shoulders shading.
drivers::RasterImage render_portrait(std::uint32_t width, std::uint32_t height,
                                     std::uint64_t person, std::uint64_t impression);

} // namespace ktpel::sim
