// SPDX-License-Identifier: Apache-2.0
// The master fingerprint of one finger of one synthetic person: the whole
// fingertip's ridge pattern at 500 ppi, clean, undistorted, with its
// ground-truth minutiae. Impressions are rendered from it.
#pragma once

#include <cstdint>
#include <vector>

#include "common/raster_image.hpp"
#include "finger_position.hpp"
#include "fingertip_shape.hpp"
#include "minutia.hpp"
#include "orientation_field.hpp"
#include "pattern_class.hpp"
#include "ridge_growth.hpp"
#include "ridge_period_map.hpp"
#include "singular_points.hpp"

namespace ktpel::sim::fingerprint {

inline constexpr std::uint32_t master_ppi = 500;

struct MasterParams
{
    // Ridge period range in pixels at 500 ppi (one ridge plus one valley);
    // adult fingers are ~0.4-0.55 mm, i.e. 8-11 px.
    double min_ridge_period_px = 8.0;
    double max_ridge_period_px = 11.0;
    RidgeGrowthParams growth;
};

struct MasterFingerprint
{
    std::uint64_t person = 0;
    FingerPosition position = FingerPosition::RightThumb;
    PatternClass pattern = PatternClass::Arch;
    FingertipShape shape;
    std::vector<SingularPoint> singular_points;
    int width = 0;
    int height = 0;
    OrientationField orientation;
    RidgePeriodMap ridge_period;
    // width x height, [-1, 1], > 0 on ridges (see grow_ridges).
    std::vector<float> ridge_field;
    // width x height: pixels to the fingertip outline, 0 outside it.
    std::vector<float> edge_distance;
    // Ground truth in master coordinates, inside the outline.
    std::vector<Minutia> minutiae;

    // Bilinear; -1 (valley) outside the canvas.
    float ridge_at(double x, double y) const;
    // Bilinear; 0 outside the canvas.
    float edge_distance_at(double x, double y) const;
    // The clean master as an 8-bit image: dark ridges inside the outline
    // on white, for inspection.
    drivers::RasterImage render() const;
};

// Deterministic in (person, position, params): the same inputs give the
// same master on every run and machine. Throws std::invalid_argument for
// an invalid position or parameters.
MasterFingerprint generate_master_fingerprint(std::uint64_t person, FingerPosition position,
                                              const MasterParams& params = {});

} // namespace ktpel::sim::fingerprint
