// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "cylinder_code.hpp"
#include "matcher_parameters.hpp"

namespace ktpel::biometrics::matcher {

// A minutia in the matcher's frame: 500 ppi pixels, y up, radians.
struct PlacedMinutia
{
    double x = 0.0;
    double y = 0.0;
    double angle = 0.0;
};

// The image area in the same frame (x in [min_x, max_x], y likewise).
struct ImageBounds
{
    double min_x = 0.0;
    double max_x = 0.0;
    double min_y = 0.0;
    double max_y = 0.0;
};

struct BuiltCylinders
{
    // Indices into the input of the minutiae whose cylinder is valid, and
    // those cylinders.
    std::vector<std::size_t> owners;
    std::vector<CylinderCode> codes;
};

// MCC cylinder construction (Cappelli et al. 2010, section 3): for each
// minutia, the cells of a disc of radius R turned to its direction sum
// Gaussian-weighted contributions of the neighbouring minutiae, spatially
// (sigma_S, normalised) and by relative direction (the share of a sigma_D
// Gaussian falling in the cell's direction interval); a cell's bit is set
// when the sum reaches the contribution threshold. Cells outside the
// enlarged hull of all minutiae, or outside the image, are invalid.
BuiltCylinders build_cylinders(const std::vector<PlacedMinutia>& minutiae,
                               const std::optional<ImageBounds>& bounds,
                               const CylinderParameters& parameters);

// How many spatial cells of the 16 x 16 grid have their centre in the disc
// (independent of R, since the cell size is 2R/16).
int cells_in_disc();

} // namespace ktpel::biometrics::matcher
