// SPDX-License-Identifier: Apache-2.0
// A single-finger impression of a master, as a 500 ppi optical scanner
// returns it, with the ground-truth minutiae visible in it.
#pragma once

#include <cstdint>
#include <vector>

#include "common/raster_image.hpp"
#include "finger_position.hpp"
#include "finger_press.hpp"
#include "master_cache.hpp"
#include "master_fingerprint.hpp"
#include "minutia.hpp"
#include "skin_condition.hpp"

namespace ktpel::sim::fingerprint {

struct ImpressionOptions
{
    // Output size in pixels at 500 ppi (default 0.8 x 1.0 inch).
    int width = 400;
    int height = 500;
    PlacementSpread spread;
};

struct Impression
{
    drivers::RasterImage image; // 8-bit grey, 500 ppi, dark ridges
    std::uint64_t person = 0;
    FingerPosition position = FingerPosition::RightThumb;
    std::uint64_t impression_index = 0;
    SkinCondition condition = SkinCondition::Normal;
    FingerPlacement placement;
    BoundingBox contact_box;
    double contact_area_px = 0.0;
    // Ground truth visible in this impression, in image coordinates.
    std::vector<Minutia> minutiae;
};

// The placement impression `impression_index` uses. It does not depend on
// the skin condition (except that Partial lifts part of the finger), so
// conditions can be compared on the same placement.
FingerPlacement impression_placement(const MasterFingerprint& master,
                                     std::uint64_t impression_index, SkinCondition condition,
                                     const ImpressionOptions& options = {});

// Deterministic in (master, impression_index, condition, options).
// Throws std::invalid_argument for a non-positive output size.
Impression render_impression(const MasterFingerprint& master, std::uint64_t impression_index,
                             SkinCondition condition = SkinCondition::Normal,
                             const ImpressionOptions& options = {});

// The same with an explicit placement (tests, special scenarios); the
// impression index still seeds the condition and the sensor noise.
Impression render_impression_at(const MasterFingerprint& master, const FingerPlacement& placement,
                                std::uint64_t impression_index, SkinCondition condition,
                                const ImpressionOptions& options = {});

// Convenience: the master comes from (and stays in) `cache`.
Impression render_impression(MasterCache& cache, std::uint64_t person, FingerPosition position,
                             std::uint64_t impression_index,
                             SkinCondition condition = SkinCondition::Normal,
                             const ImpressionOptions& options = {});

} // namespace ktpel::sim::fingerprint
