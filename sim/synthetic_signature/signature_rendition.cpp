// SPDX-License-Identifier: Apache-2.0
#include "signature_rendition.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "seeded_random.hpp"
#include "stroke_path.hpp"

namespace ktpel::sim::signature {
namespace {

constexpr std::uint64_t kRenditionStream = 0x5265'6e64'6974'696full; // "Renditio"
constexpr double kPi = std::numbers::pi;
// Writing speed (mm/ms) at which the pen presses its habitual force:
// slower strokes press harder, fast sweeps lighter.
constexpr double kReferenceSpeed = 0.1;

double smoothstep(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

void vary(StrokeDesign& stroke, SeededRandom& random, double tempo)
{
    if (auto* cursive = std::get_if<CursiveStroke>(&stroke)) {
        cursive->start.x += random.normal(0, 0.4);
        cursive->start.y += random.normal(0, 0.4);
        cursive->advance_mm *= std::max(0.8, random.normal(1, 0.04));
        for (auto& cycle : cursive->cycles) {
            cycle.height_mm *= std::max(0.7, random.normal(1, 0.06));
            cycle.base_mm += random.normal(0, 0.25);
            cycle.loop *= std::max(0.6, random.normal(1, 0.08));
            cycle.phase += random.normal(0, 0.1);
            cycle.duration_ms *= tempo * std::max(0.8, random.normal(1, 0.05));
        }
    } else if (auto* sweep = std::get_if<FlourishStroke>(&stroke)) {
        for (auto& control : sweep->controls) {
            control.x += random.normal(0, 0.6);
            control.y += random.normal(0, 0.6);
        }
        sweep->duration_ms *= tempo * std::max(0.7, random.normal(1, 0.1));
    } else {
        auto& dot = std::get<DotStroke>(stroke);
        dot.at.x += random.normal(0, 0.5);
        dot.at.y += random.normal(0, 0.5);
        dot.duration_ms *= tempo;
    }
}

// The hand's small involuntary motion: two slow wobbles per axis.
struct Tremor
{
    double amplitude_mm = 0.05;
    double frequency_hz[4]{};
    double phase[4]{};

    explicit Tremor(SeededRandom& random)
    {
        for (int i = 0; i < 4; ++i) {
            frequency_hz[i] = random.uniform(6, 10);
            phase[i] = random.uniform(0, 2 * kPi);
        }
    }

    Point at(double time_ms) const
    {
        const auto wave = [&](int i) {
            return std::sin(2 * kPi * frequency_hz[i] * time_ms / 1000.0 + phase[i]);
        };
        return {amplitude_mm * (wave(0) + wave(1)) / 2, amplitude_mm * (wave(2) + wave(3)) / 2};
    }
};

// From the signature frame (mm, y up) to the pad (mm, y down): slant,
// rotation and size of this rendition, then fitted and placed in the area.
class Placement
{
public:
    Placement(double slant_deg, double rotation_deg, double scale)
        : shear_(std::tan(slant_deg * kPi / 180)), cos_(std::cos(rotation_deg * kPi / 180)),
          sin_(std::sin(rotation_deg * kPi / 180)), scale_(scale)
    {
    }

    Point shaped(const Point& p) const
    {
        const double x = p.x + p.y * shear_;
        return {scale_ * (x * cos_ - p.y * sin_), scale_ * (x * sin_ + p.y * cos_)};
    }

    // Fit the shaped signature's box [low, high] into the area, centred
    // near (centre_x, centre_y) but kept inside a small border.
    void place(Point low, Point high, const WritingArea& area, double centre_x, double centre_y)
    {
        const double width = std::max(high.x - low.x, 1.0);
        const double height = std::max(high.y - low.y, 1.0);
        fit_ = std::min({1.0, 0.85 * area.width_mm / width, 0.7 * area.height_mm / height});
        const double half_w = width * fit_ / 2;
        const double half_h = height * fit_ / 2;
        const double border_x = 0.04 * area.width_mm;
        const double border_y = 0.04 * area.height_mm;
        centre_x_ = std::clamp(centre_x, border_x + half_w, area.width_mm - border_x - half_w);
        centre_y_ = std::clamp(centre_y, border_y + half_h, area.height_mm - border_y - half_h);
        box_centre_ = {(low.x + high.x) / 2, (low.y + high.y) / 2};
    }

    Point on_pad(const Point& signature_point) const
    {
        const Point p = shaped(signature_point);
        return {centre_x_ + (p.x - box_centre_.x) * fit_, centre_y_ - (p.y - box_centre_.y) * fit_};
    }

private:
    double shear_, cos_, sin_, scale_;
    double fit_ = 1;
    double centre_x_ = 0, centre_y_ = 0;
    Point box_centre_;
};

std::size_t count_strokes(const std::vector<PenSample>& samples)
{
    std::size_t strokes = 0;
    bool down = false;
    for (const auto& sample : samples) {
        if (sample.touching && !down)
            ++strokes;
        down = sample.touching;
    }
    return strokes;
}

} // namespace

Rendition perform(const SignatureStyle& style, const RenditionOptions& options)
{
    SeededRandom random(mix_seed(style.person, mix_seed(options.impression, kRenditionStream)));
    const double tempo = std::max(0.6, random.normal(1, 0.07)) * std::max(options.slowness, 0.1);
    auto strokes = style.strokes;
    for (auto& stroke : strokes)
        vary(stroke, random, tempo);

    Placement placement(style.slant_deg + random.normal(0, 2.0), random.normal(0, 1.5),
                        std::clamp(random.normal(1, 0.05), 0.85, 1.15));
    Point low{std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
    Point high{std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    for (const auto& stroke : strokes) {
        const double duration = duration_of(stroke);
        for (double t = 0;; t += 2) {
            const Point p = placement.shaped(position_at(stroke, t));
            low = {std::min(low.x, p.x), std::min(low.y, p.y)};
            high = {std::max(high.x, p.x), std::max(high.y, p.y)};
            if (t >= duration)
                break;
        }
    }
    const auto& area = options.area;
    placement.place(low, high, area, area.width_mm / 2 + random.normal(0, 0.03 * area.width_mm),
                    area.height_mm / 2 + random.normal(0, 0.04 * area.height_mm));

    const Tremor tremor(random);
    const double pressure = std::clamp(style.pressure * random.normal(1, 0.07), 0.15, 0.95);
    const double pressure_wobble_phase = random.uniform(0, 2 * kPi);

    Rendition rendition;
    rendition.sample_period_ms = 1000.0 / options.sample_rate_hz;
    const double period = rendition.sample_period_ms;
    std::int64_t tick = 0;
    const auto emit = [&](Point at, double force, bool touching) {
        const double time = static_cast<double>(tick++) * period;
        const Point wobble = tremor.at(time);
        // Inside the area by at least a hundredth of a millimetre, so a pad
        // rounding to its units never reports the edge itself.
        rendition.samples.push_back({time, std::clamp(at.x + wobble.x, 0.0, area.width_mm - 0.01),
                                     std::clamp(at.y + wobble.y, 0.0, area.height_mm - 0.01), force,
                                     touching});
    };
    const auto hover_between = [&](Point from, Point to, double milliseconds) {
        const auto steps = std::max<std::int64_t>(2, std::llround(milliseconds / period));
        for (std::int64_t k = 1; k < steps; ++k) {
            const double f = static_cast<double>(k) / static_cast<double>(steps);
            emit({from.x + (to.x - from.x) * f, from.y + (to.y - from.y) * f}, 0, false);
        }
    };

    const Point first = placement.on_pad(position_at(strokes.front(), 0));
    const Point approach_from{first.x - random.uniform(2, 5), first.y - random.uniform(1, 4)};
    emit(approach_from, 0, false);
    hover_between(approach_from, first, random.uniform(60, 120));

    for (std::size_t index = 0; index < strokes.size(); ++index) {
        const auto& stroke = strokes[index];
        const double duration = duration_of(stroke);
        // A quick tap has no time for a long ramp.
        const double ramp_in = std::min(random.uniform(25, 60), duration / 3);
        const double ramp_out = std::min(random.uniform(15, 35), duration / 3);
        const auto steps = std::max<std::int64_t>(1, std::llround(std::ceil(duration / period)));
        for (std::int64_t k = 0; k <= steps; ++k) {
            const double t = std::min(static_cast<double>(k) * period, duration);
            const Point here = position_at(stroke, t);
            const Point ahead = position_at(stroke, t + period / 2);
            const Point behind = position_at(stroke, t - period / 2);
            const double speed = std::hypot(ahead.x - behind.x, ahead.y - behind.y) / period;
            const double by_speed = std::clamp(1.15 - 0.3 * speed / kReferenceSpeed, 0.7, 1.15);
            const double wobble =
                1 + 0.05 * std::sin(2 * kPi * static_cast<double>(tick) * period / 400 +
                                    pressure_wobble_phase);
            const double envelope = std::max(0.08, smoothstep(t / ramp_in)) *
                                    std::max(0.08, smoothstep((duration - t) / ramp_out));
            emit(placement.on_pad(here),
                 std::clamp(pressure * by_speed * wobble * envelope, 0.01, 1.0), true);
        }
        const Point end = placement.on_pad(position_at(stroke, duration));
        if (index + 1 < strokes.size()) {
            const Point next = placement.on_pad(position_at(strokes[index + 1], 0));
            const double lift = std::max(60.0, style.lift_ms * random.normal(1, 0.15)) * tempo;
            hover_between(end, next, lift);
        } else {
            const Point away{end.x + random.uniform(2, 5), end.y - random.uniform(1, 4)};
            hover_between(end, away, random.uniform(60, 120));
            emit(away, 0, false);
        }
    }
    rendition.stroke_count = count_strokes(rendition.samples);
    rendition.duration_ms = rendition.samples.back().time_ms - rendition.samples.front().time_ms;
    return rendition;
}

Rendition truncate(const Rendition& rendition, double time_ms)
{
    Rendition cut;
    cut.sample_period_ms = rendition.sample_period_ms;
    for (const auto& sample : rendition.samples) {
        if (sample.time_ms > time_ms)
            break;
        cut.samples.push_back(sample);
    }
    if (!cut.samples.empty() && cut.samples.back().touching) {
        PenSample lifted = cut.samples.back();
        lifted.time_ms += rendition.sample_period_ms;
        lifted.pressure = 0;
        lifted.touching = false;
        cut.samples.push_back(lifted);
    }
    cut.stroke_count = count_strokes(cut.samples);
    cut.duration_ms =
        cut.samples.empty() ? 0 : cut.samples.back().time_ms - cut.samples.front().time_ms;
    return cut;
}

double time_after_first_touch(const Rendition& rendition, double ink_ms)
{
    for (const auto& sample : rendition.samples) {
        if (sample.touching)
            return sample.time_ms + ink_ms;
    }
    return 0;
}

} // namespace ktpel::sim::signature
