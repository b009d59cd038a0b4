// SPDX-License-Identifier: Apache-2.0
#include "stroke_path.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ktpel::sim::signature {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

double smoothstep(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

// Minimum-jerk profile: how far along a reaching movement is at t in
// [0, 1], starting and ending at rest.
double minimum_jerk(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return t * t * t * (10.0 + t * (-15.0 + 6.0 * t));
}

// A cycle's parameter at a continuous cycle count `progress`, blended
// smoothly between neighbouring cycles' values (held at their centres) so
// the trajectory has no corners where one cycle hands over to the next.
template <typename Field>
double blended(const std::vector<CursiveCycle>& cycles, double progress, Field field)
{
    const double position = progress - 0.5;
    const auto last = static_cast<long>(cycles.size()) - 1;
    const long below = std::clamp(static_cast<long>(std::floor(position)), 0L, last);
    const long above = std::clamp(static_cast<long>(std::floor(position)) + 1, 0L, last);
    const double weight = smoothstep(position - std::floor(position));
    const double a = field(cycles[static_cast<std::size_t>(below)]);
    const double b = field(cycles[static_cast<std::size_t>(above)]);
    return a + (b - a) * weight;
}

Point cursive_at(const CursiveStroke& stroke, double time_ms)
{
    if (stroke.cycles.empty())
        return stroke.start;
    // Which cycle, and how far through it: angular speed is steady within
    // a cycle, so the pen is fast on long sweeps and slow at turns.
    double progress = static_cast<double>(stroke.cycles.size());
    double begin = 0;
    for (std::size_t index = 0; index < stroke.cycles.size(); ++index) {
        const double length = stroke.cycles[index].duration_ms;
        if (time_ms < begin + length) {
            progress = static_cast<double>(index) + std::max(0.0, time_ms - begin) / length;
            break;
        }
        begin += length;
    }
    const double height = blended(stroke.cycles, progress, [](auto& c) { return c.height_mm; });
    const double base = blended(stroke.cycles, progress, [](auto& c) { return c.base_mm; });
    const double loop = blended(stroke.cycles, progress, [](auto& c) { return c.loop; });
    const double phase = blended(stroke.cycles, progress, [](auto& c) { return c.phase; });
    const double angle = kTwoPi * progress;
    // The swing's amplitude: a loop of 1 makes the forward speed touch zero
    // once per cycle; above it the pen runs backwards for a moment (a loop).
    const double swing = loop * stroke.advance_mm / kTwoPi;
    return {stroke.start.x + stroke.advance_mm * progress + swing * std::sin(angle + phase),
            stroke.start.y + base + height * (1.0 - std::cos(angle)) / 2.0};
}

Point bezier(const Point& p0, const Point& p1, const Point& p2, const Point& p3, double t)
{
    const double s = 1.0 - t;
    const double a = s * s * s;
    const double b = 3.0 * s * s * t;
    const double c = 3.0 * s * t * t;
    const double d = t * t * t;
    return {a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y};
}

Point flourish_at(const FlourishStroke& stroke, double time_ms)
{
    const std::size_t segments = stroke.controls.size() < 4 ? 0 : (stroke.controls.size() - 1) / 3;
    if (segments == 0)
        return stroke.controls.empty() ? Point{} : stroke.controls.front();
    const double along = minimum_jerk(stroke.duration_ms > 0 ? time_ms / stroke.duration_ms : 1.0) *
                         static_cast<double>(segments);
    const std::size_t segment = std::min(static_cast<std::size_t>(along), segments - 1);
    const double t = along - static_cast<double>(segment);
    const auto* p = &stroke.controls[segment * 3];
    return bezier(p[0], p[1], p[2], p[3], t);
}

Point dot_at(const DotStroke& stroke, double time_ms)
{
    // A tap drags a fraction of a millimetre while the pen is down.
    const double t =
        stroke.duration_ms > 0 ? std::clamp(time_ms / stroke.duration_ms, 0.0, 1.0) : 1.0;
    return {stroke.at.x + 0.25 * t, stroke.at.y - 0.15 * t};
}

} // namespace

double duration_of(const StrokeDesign& stroke)
{
    if (const auto* cursive = std::get_if<CursiveStroke>(&stroke)) {
        double total = 0;
        for (const auto& cycle : cursive->cycles)
            total += cycle.duration_ms;
        return total;
    }
    if (const auto* sweep = std::get_if<FlourishStroke>(&stroke))
        return sweep->duration_ms;
    return std::get<DotStroke>(stroke).duration_ms;
}

Point position_at(const StrokeDesign& stroke, double time_ms)
{
    time_ms = std::clamp(time_ms, 0.0, duration_of(stroke));
    if (const auto* cursive = std::get_if<CursiveStroke>(&stroke))
        return cursive_at(*cursive, time_ms);
    if (const auto* sweep = std::get_if<FlourishStroke>(&stroke))
        return flourish_at(*sweep, time_ms);
    return dot_at(std::get<DotStroke>(stroke), time_ms);
}

} // namespace ktpel::sim::signature
