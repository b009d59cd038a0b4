// SPDX-License-Identifier: Apache-2.0
// A procedural colour head-and-shoulders portrait on the plain red or
// blue background of a KTP-el photo, for the PTP camera emulator.
// Deterministic per (person, impression): the person fixes face shape,
// skin, hair, shirt and background; the impression moves the head a few
// pixels and reseeds the sensor noise.
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel::sim {

struct PortraitScene
{
    std::uint64_t person = 1;
    std::uint64_t impression = 1;
    bool subject_present = true; // false: the empty backdrop
    double exposure_gain = 1.0;  // >1 over-exposed, <1 under-exposed
    int blur_radius = 0;         // out of focus: box radius in pixels, 0 sharp
};

struct RgbPortrait
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> rgb; // 3 bytes a pixel, row-major
};

RgbPortrait render_colour_portrait(std::uint32_t width, std::uint32_t height,
                                   const PortraitScene& scene);

// The portrait as the camera's JPEG file.
std::vector<std::uint8_t> render_portrait_jpeg(std::uint32_t width, std::uint32_t height,
                                               const PortraitScene& scene, int quality = 90);

} // namespace ktpel::sim
