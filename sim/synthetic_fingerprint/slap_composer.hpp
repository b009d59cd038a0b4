// SPDX-License-Identifier: Apache-2.0
// Slap images (several fingers pressed at once, 1600 x 1500 at 500 ppi)
// with realistic finger geometry and per-finger ground truth.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "common/raster_image.hpp"
#include "finger_position.hpp"
#include "geometry.hpp"
#include "master_cache.hpp"
#include "minutia.hpp"
#include "skin_condition.hpp"

namespace ktpel::sim::fingerprint {

inline constexpr int slap_width = 1600;
inline constexpr int slap_height = 1500;

enum class SlapSlot
{
    LeftFour,   // left index..little
    RightFour,  // right index..little
    BothThumbs, // left and right thumb
};

struct SlapRequest
{
    SlapSlot slot = SlapSlot::RightFour;
    std::uint64_t person = 0;
    std::uint64_t impression_index = 0;
    // Condition of every finger unless overridden per finger.
    SkinCondition condition = SkinCondition::Normal;
    std::map<FingerPosition, SkinCondition> finger_conditions;
    // Fingers not presented (amputated, bandaged, held back).
    std::set<FingerPosition> missing;
    // Present the other hand's fingers (the other thumb arrangement for
    // BothThumbs): for testing wrong-slot detection.
    bool wrong_hand = false;
};

struct SlapFinger
{
    FingerPosition position = FingerPosition::RightThumb;
    BoundingBox box;
    Point2 centre;
    // Visible ground truth in slap coordinates.
    std::vector<Minutia> minutiae;
};

struct SlapImage
{
    drivers::RasterImage image;
    // Present fingers, left to right as seen in the image.
    std::vector<SlapFinger> fingers;
};

// The fingers a slot shows, left to right as seen from the scanner: left
// hand little..index, right hand index..little, thumbs left then right.
// With wrong_hand, the other hand's fingers in that hand's own order.
std::vector<FingerPosition> slap_fingers(SlapSlot slot, bool wrong_hand = false);

// Deterministic in the request (and the cache's master parameters).
// Throws std::invalid_argument when `missing` or `finger_conditions` name
// a finger that cannot appear in the slot.
SlapImage compose_slap(const SlapRequest& request, MasterCache& cache = MasterCache::shared());

} // namespace ktpel::sim::fingerprint
