// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "common/raster_image.hpp"
#include "finger_position.hpp"

namespace ktpel::biometrics::fingerprint {

enum class SlapKind
{
    left_four,
    right_four,
    thumbs,
    single_finger, // the whole image is one finger
};

// What the operator expects on the platen: the slap kind and the fingers
// that should be present (declared missing or injured fingers left out).
struct SlapExpectation
{
    SlapKind kind = SlapKind::left_four;
    std::vector<FingerPosition> present;
};

// All fingers of the slap kind except the declared absent ones.
SlapExpectation expect_fingers(SlapKind kind,
                               const std::vector<FingerPosition>& declared_absent = {});

struct PixelBox
{
    int left = 0;
    int top = 0;
    int width = 0;
    int height = 0;
    bool contains(int x, int y) const
    {
        return x >= left && y >= top && x < left + width && y < top + height;
    }
};

struct SegmentedFinger
{
    // unknown when more fingers were found than expected and this one
    // fitted the expected layout worst.
    FingerPosition position = FingerPosition::unknown;
    PixelBox box;            // distal segment (fingertip), in slap pixels
    ktpel::RasterImage crop; // the box's pixels, same ppi
    int tip_y = 0;           // topmost foreground row of the finger
    int centre_x = 0;
};

enum class FingerCountStatus
{
    as_expected,
    fewer_than_expected,
    more_than_expected,
};

struct SlapSegmentation
{
    std::vector<SegmentedFinger> fingers; // left to right as seen on the image
    FingerCountStatus count_status = FingerCountStatus::as_expected;
    int expected_count = 0;
    int found_count = 0;
    // Four-finger slaps: the tip-height profile fits the other hand
    // clearly better (little finger on the wrong side).
    bool wrong_hand_suspected = false;
    double declared_hand_misfit = 0.0; // layout cost under the declared hand
    double mirrored_hand_misfit = 0.0; // layout cost under the other hand
};

struct SlapParameters
{
    int block_size = 16;
    // Components smaller than this many blocks (16x16) are not fingers:
    // 60 blocks ~ 40 mm^2 at 500 ppi.
    int minimum_finger_blocks = 60;
    // Fingertip crop height as a multiple of the finger's width near the
    // tip: the distal phalanx is about 1.2-1.5 finger widths long.
    double distal_length_per_width = 1.4;
    int crop_margin = 8; // pixels added around the distal box
    // Tip heights relative to the middle finger, pixels at 500 ppi (y
    // down), thumb excluded: index, middle, ring, little.
    double index_drop = 70.0;
    double ring_drop = 35.0;
    double little_drop = 170.0;
    // Wrong hand is suspected when the mirrored layout's cost is lower by
    // at least this much (cost units: squared residual / (30 px)^2).
    double wrong_hand_margin = 2.0;
};

// Throws InvalidFingerprintImage / InvalidFingerprintRequest (positions
// not belonging to the slap kind, duplicates, single_finger without
// exactly one position).
SlapSegmentation segment_slap(const ktpel::RasterImage& image, const SlapExpectation& expectation,
                              const SlapParameters& parameters = {});

} // namespace ktpel::biometrics::fingerprint
