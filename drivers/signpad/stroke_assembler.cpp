// SPDX-License-Identifier: Apache-2.0
#include "stroke_assembler.hpp"

#include <cmath>

namespace ktpel::signpad {

bool StrokeAssembler::add(const drivers::PenSample& sample)
{
    if (sample.contact != drivers::PenContact::down) {
        const bool lifted = pen_down_;
        pen_down_ = false;
        return lifted;
    }
    if (!pen_down_)
        strokes_.emplace_back();
    auto& samples = strokes_.back().samples;
    if (!samples.empty()) {
        const double dx = static_cast<double>(sample.x) - samples.back().x;
        const double dy = static_cast<double>(sample.y) - samples.back().y;
        ink_length_ += std::hypot(dx, dy);
    }
    samples.push_back(sample);
    pen_down_ = true;
    last_down_ms_ = sample.time_ms;
    ++point_count_;
    return false;
}

void StrokeAssembler::restart()
{
    *this = StrokeAssembler{};
}

std::vector<NewPoint> StrokeAssembler::take_new_points()
{
    std::vector<NewPoint> points;
    points.reserve(point_count_ - reported_);
    while (unreported_stroke_ < strokes_.size()) {
        const auto& samples = strokes_[unreported_stroke_].samples;
        for (; unreported_sample_ < samples.size(); ++unreported_sample_)
            points.push_back({unreported_stroke_, samples[unreported_sample_]});
        if (unreported_stroke_ + 1 == strokes_.size())
            break; // the open stroke may grow: stay on it
        ++unreported_stroke_;
        unreported_sample_ = 0;
    }
    reported_ = point_count_;
    return points;
}

} // namespace ktpel::signpad
