// SPDX-License-Identifier: Apache-2.0
// What the caller controls about one capture. Everything not set here is
// drawn from the (person, eye, impression) seed, and every draw is made
// whether or not it is overridden, so switching one impairment on leaves the
// rest of the capture (position, pupil, noise) exactly as it was.
#pragma once

#include <cstdint>
#include <optional>

namespace ktpel::sim::iris {

enum class EyePresence : std::uint8_t
{
    open,   // a normal, open eye
    closed, // lids shut: skin, lid margin and lashes, no iris
    absent, // nothing but skin in the frame (subject moved away)
};

struct EyeImpairments
{
    // Gaussian point-spread sigma in pixels applied to the whole frame.
    double defocus_sigma_px = 0.0;
    // Fraction of the iris annulus (pupil excluded) hidden by the lids; unset
    // means a natural, small occlusion drawn per impression.
    std::optional<double> eyelid_occlusion;
    // Share of the requested occlusion taken by the upper lid.
    double upper_lid_share = 0.75;
    // Horizontal gaze away from the camera axis, in degrees; the iris becomes
    // an ellipse narrowed by cos(angle).
    double off_angle_deg = 0.0;
    EyePresence presence = EyePresence::open;
};

struct ImpressionOptions
{
    std::uint64_t impression = 0;
    EyeImpairments impairments;
    // Pupil radius / iris radius; unset means the eye's resting ratio plus a
    // per-impression change of light adaptation.
    std::optional<double> pupil_ratio;
    std::uint32_t width = 640;
    std::uint32_t height = 480;
};

} // namespace ktpel::sim::iris
