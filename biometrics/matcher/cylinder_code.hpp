// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

namespace ktpel::biometrics::matcher {

// The grid of one cylinder: spatial cells across the disc of radius R
// centred on the minutia and turned to its direction, and direction cells
// for the angle of neighbouring minutiae relative to it. Fixed at compile
// time so that a cylinder is a handful of 64-bit words.
inline constexpr int spatial_cells_per_side = 16;                                       // N_S
inline constexpr int direction_cells = 6;                                               // N_D
inline constexpr int cells_per_layer = spatial_cells_per_side * spatial_cells_per_side; // 256
inline constexpr int words_per_layer = cells_per_layer / 64;                            // 4
inline constexpr int code_words = words_per_layer * direction_cells;                    // 24

// The bit-based cylinder (MCC "16b" style): one bit per cell, set where
// neighbouring minutiae with the cell's relative direction lie near the
// cell. Validity is spatial only, so it is stored once per layer.
struct CylinderCode
{
    // Bit (k * 256 + j * 16 + i) is cell (i, j) of direction layer k.
    std::array<std::uint64_t, code_words> cells{};
    // Bit (j * 16 + i): cell (i, j) lies in the disc and in the area where
    // the template has information (the enlarged minutiae hull).
    std::array<std::uint64_t, words_per_layer> valid{};
};

} // namespace ktpel::biometrics::matcher
