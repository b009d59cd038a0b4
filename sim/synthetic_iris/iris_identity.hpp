// SPDX-License-Identifier: Apache-2.0
// Everything about one synthetic eye that stays the same from capture to
// capture: geometry at rest, tissue brightness, and the placement of every
// texture feature. Derived from (person, eye) only.
#pragma once

#include <cstdint>
#include <vector>

#include "eye_side.hpp"

namespace ktpel::sim::iris {

// A crypt (lacuna) or a freckle (pigment spot), placed in normalised iris
// coordinates: theta in turns [0, 1), rho in [0, 1] from pupil to limbus.
struct IrisSpot
{
    double theta = 0.0;
    double rho = 0.0;
    double tangential_size_px = 0.0; // half-extent along the circle, at rest size
    double radial_size_px = 0.0;     // half-extent along the radius
    double depth = 0.0;              // relative darkening at the centre
};

// A contraction furrow: a partial concentric ring.
struct ContractionRing
{
    double rho = 0.0;
    double depth = 0.0;
    std::uint64_t arc_seed = 0; // which arcs of the ring are visible
};

struct IrisIdentity
{
    std::uint64_t person = 0;
    EyeSide side = EyeSide::right;

    // Geometry at rest (pixels at the scanner's nominal 640x480 framing).
    double iris_radius_px = 115.0;
    double rest_pupil_ratio = 0.38; // pupil radius / iris radius
    double pupil_offset_x = 0.0;    // pupil centre relative to iris centre, in iris radii
    double pupil_offset_y = 0.0;
    double fissure_half_width = 1.45; // half-width of the eye opening, in iris radii

    // Near-infrared tissue brightness (0..255 before gain).
    double iris_grey = 105.0;
    double sclera_grey = 185.0;
    double skin_grey = 160.0;
    double texture_contrast = 0.28;
    double pupillary_zone_offset = 0.0; // brightness change inside the collarette

    // Texture features.
    std::uint64_t furrow_seed = 0;
    std::uint64_t fibre_seed = 0;
    std::uint64_t collarette_seed = 0;
    std::uint64_t skin_seed = 0;
    double collarette_rho = 0.35;
    std::vector<IrisSpot> crypts;
    std::vector<IrisSpot> freckles;
    std::vector<ContractionRing> rings;
};

// Deterministic for a given (person, side), on every machine.
IrisIdentity make_iris_identity(std::uint64_t person, EyeSide side);

} // namespace ktpel::sim::iris
