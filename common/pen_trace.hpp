// SPDX-License-Identifier: Apache-2.0
// What a signature pad's pen did: samples, strokes, the pad's surface and
// the finished capture. Shared by the pad drivers, which produce it, and
// the biometrics library, which draws and judges it.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace ktpel {

// Where the pen is, as the pad senses it.
enum class PenContact : std::uint8_t
{
    away,  // out of proximity: the pad cannot see the pen
    hover, // in proximity above the surface: moves the cursor, leaves no ink
    down,  // touching the surface: ink
};

struct PenSample
{
    std::uint16_t x = 0;        // pad units from the active area's left edge
    std::uint16_t y = 0;        // pad units from its top edge
    std::uint16_t pressure = 0; // 0 .. PadGeometry::max_pressure
    // Since the capture started, by the pad's own clock (a pad that was
    // cleared mid-capture keeps counting).
    std::uint32_t time_ms = 0;
    PenContact contact = PenContact::down;
};

// One pen-down run, from touching the surface to lifting off: down samples
// only, in the order the pad reported them.
struct PenStroke
{
    std::vector<PenSample> samples;
};

// The pad's surface as its firmware describes it.
struct PadGeometry
{
    std::uint16_t width = 0; // active area, pad units
    std::uint16_t height = 0;
    double units_per_mm = 0;
    std::uint16_t max_pressure = 0;
    std::uint16_t report_rate_hz = 0; // pen reports per second while the pen is near
};

enum class SignatureFinish
{
    ok_button, // the applicant pressed OK
    pen_idle,  // the pen stayed up for the request's finish_after_idle
};

struct SignatureCapture
{
    // The attempt that was finished. Strokes drawn before the applicant
    // pressed Clear are gone.
    std::vector<PenStroke> strokes;
    PadGeometry geometry;
    SignatureFinish finished_by = SignatureFinish::ok_button;
    std::uint32_t restarts = 0;           // how often the applicant pressed Clear
    std::uint32_t reports_lost = 0;       // gaps in the pad's report sequence numbers
    std::chrono::milliseconds elapsed{0}; // host clock, start of capture() to its end
};

} // namespace ktpel
