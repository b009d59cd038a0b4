// SPDX-License-Identifier: Apache-2.0
// One fingertip pressed onto the platen: where and how it lands
// (placement, rotation, pressure, skin distortion, partial contact), what
// ink it leaves for a given skin condition, and which ground-truth
// minutiae end up visible and where. Single-finger impressions and slaps
// are both built from this.
#pragma once

#include <cstdint>
#include <vector>

#include "finger_position.hpp"
#include "geometry.hpp"
#include "ink_canvas.hpp"
#include "master_fingerprint.hpp"
#include "minutia.hpp"
#include "seeded_random.hpp"
#include "skin_condition.hpp"
#include "skin_distortion.hpp"

namespace ktpel::sim::fingerprint {

struct FingerPlacement
{
    // Image position of the master's fingertip centre (shape.centre).
    Point2 centre;
    // Rotation of the finger, counter-clockwise on screen, radians.
    double rotation = 0.0;
    // 0 = barely touching .. 1 = pressed hard: contact area and ridge
    // thickness grow with it.
    double pressure = 0.5;
    // Centre of the contact ellipse relative to the fingertip centre, in
    // master pixels (people press with the pad, not the exact centre).
    Point2 contact_offset{0.0, 0.0};
    SkinDistortion distortion;
    // Partial contact: only master points p with
    // dot(p - contact centre, (cos a, -sin a)) <= partial_offset touch.
    bool partial = false;
    double partial_angle = 0.0;
    double partial_offset = 0.0;
};

// How far random placements stray from the nominal one.
struct PlacementSpread
{
    double shift_sd_px = 12.0;
    double max_shift_px = 30.0;
    double rotation_sd = 0.08;
    double max_rotation = 0.25;
    bool skin_distortion = true;
};

struct PressedFinger
{
    FingerPosition position = FingerPosition::RightThumb;
    // Image pixels the finger touches (contact > 0), clipped to the canvas.
    BoundingBox box;
    // Contact-weighted centroid in the image.
    Point2 centre;
    // Contact area in pixels (contact >= 0.5).
    double contact_area_px = 0.0;
    // Ground-truth minutiae well inside the contact area and the canvas,
    // in image coordinates.
    std::vector<Minutia> minutiae;
};

// A placement around (nominal_centre, nominal_rotation), drawn from random.
FingerPlacement random_placement(const MasterFingerprint& master, Point2 nominal_centre,
                                 double nominal_rotation, const PlacementSpread& spread,
                                 SeededRandom& random);
// Restricts a placement to partial contact: a random side of the fingertip
// (30-55% of the contact area) is lifted.
void make_partial(FingerPlacement& placement, const MasterFingerprint& master,
                  SeededRandom& random);

Point2 master_to_image(const MasterFingerprint& master, const FingerPlacement& placement,
                       Point2 master_point);
Point2 image_to_master(const MasterFingerprint& master, const FingerPlacement& placement,
                       Point2 image_point);
// 0..1: how firmly the skin at master_point touches the platen.
double contact_strength(const MasterFingerprint& master, const FingerPlacement& placement,
                        Point2 master_point);

// Deposits the finger's ink on the canvas. `condition_seed` drives the
// condition's randomness (dry breaks, smear direction...).
PressedFinger press_finger(InkCanvas& canvas, const MasterFingerprint& master,
                           const FingerPlacement& placement, SkinCondition condition,
                           std::uint64_t condition_seed);

} // namespace ktpel::sim::fingerprint
