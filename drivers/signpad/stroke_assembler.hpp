// SPDX-License-Identifier: Apache-2.0
// Turns a pad's pen samples into strokes (one per pen-down run) and keeps
// what a capture needs to decide and report: the ink drawn so far, the
// points not yet shown to the caller, when the pen was last down.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "../classes/signature_pad.hpp"

namespace ktpel::signpad {

struct NewPoint
{
    std::size_t stroke = 0; // index within the current attempt
    drivers::PenSample sample;
};

class StrokeAssembler
{
public:
    // Adds one sample. Down samples extend the open stroke (opening one
    // when the pen was up); any other contact closes it. Returns true when
    // this sample lifted the pen off a stroke.
    bool add(const drivers::PenSample& sample);

    // The applicant pressed Clear: everything drawn so far is dropped.
    void restart();

    const std::vector<drivers::PenStroke>& strokes() const noexcept { return strokes_; }
    bool pen_down() const noexcept { return pen_down_; }
    bool has_ink() const noexcept { return !strokes_.empty(); }
    // Pad time of the last down sample, if any.
    std::optional<std::uint32_t> last_down_ms() const noexcept { return last_down_ms_; }
    // Pen-down path length so far, pad units.
    double ink_length() const noexcept { return ink_length_; }

    bool has_new_points() const noexcept { return reported_ < point_count_; }
    // The down samples added since the previous call, in order.
    std::vector<NewPoint> take_new_points();
    // How many points earlier take_new_points() calls returned.
    std::size_t points_reported() const noexcept { return reported_; }

private:
    std::vector<drivers::PenStroke> strokes_;
    bool pen_down_ = false;
    std::optional<std::uint32_t> last_down_ms_;
    double ink_length_ = 0;
    std::size_t point_count_ = 0;
    std::size_t reported_ = 0;
    // Where the first unreported point is.
    std::size_t unreported_stroke_ = 0;
    std::size_t unreported_sample_ = 0;
};

} // namespace ktpel::signpad
