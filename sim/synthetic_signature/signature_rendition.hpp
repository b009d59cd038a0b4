// SPDX-License-Identifier: Apache-2.0
// One time a person signs: their style (signature_style.hpp) written again
// with the variation a real hand has (size, slant, rotation, placement,
// tempo, jitter of every letter, tremor, the pen force and its ramp at
// touch-down and lift), sampled as a pad samples a pen.
#pragma once

#include <cstdint>
#include <vector>

#include "signature_style.hpp"

namespace ktpel::sim::signature {

// The surface signed on, millimetres.
struct WritingArea
{
    double width_mm = 96;
    double height_mm = 60;
};

struct RenditionOptions
{
    // Which time the person signs: each impression differs, and the same
    // impression of the same person is the same signature.
    std::uint64_t impression = 1;
    WritingArea area;
    double sample_rate_hz = 200;
    double slowness = 1.0; // 2: the person writes at half their usual speed
};

// A pen sample in the pad's frame: millimetres from the writing area's
// top-left corner, y DOWN, inside the area.
struct PenSample
{
    double time_ms = 0; // since the pen came into range
    double x_mm = 0;
    double y_mm = 0;
    double pressure = 0; // 0..1; above 0 exactly when touching
    bool touching = false;
};

struct Rendition
{
    // Every sample period from the pen's approach (hovering) through the
    // strokes (touching) and the hover between them to the pen leaving.
    std::vector<PenSample> samples;
    double sample_period_ms = 5;
    std::size_t stroke_count = 0; // pen-down runs in `samples`
    double duration_ms = 0;       // of `samples`
};

Rendition perform(const SignatureStyle& style, const RenditionOptions& options);

// The same rendition, but the pen leaves the surface at `time_ms` (it was
// cut short: the applicant stopped): later samples are dropped, and a pen
// that was down is lifted one period later where it was.
Rendition truncate(const Rendition& rendition, double time_ms);

// Time of the first touching sample plus `ink_ms`: where to truncate for a
// signature that stops after that much pen-down time on its first stroke.
double time_after_first_touch(const Rendition& rendition, double ink_ms);

} // namespace ktpel::sim::signature
