// SPDX-License-Identifier: Apache-2.0
#include "signature_style.hpp"

#include <algorithm>
#include <cmath>

#include "seeded_random.hpp"

namespace ktpel::sim::signature {
namespace {

constexpr std::uint64_t kStyleStream = 0x5167'6e61'7475'7265ull; // "Signature"

CursiveCycle letter(SeededRandom& random, double x_height, double loop, double phase,
                    double cycle_ms, bool capital)
{
    CursiveCycle cycle;
    cycle.loop = loop * random.uniform(0.7, 1.3);
    cycle.phase = phase + random.uniform(-0.4, 0.4);
    if (capital) {
        cycle.height_mm = x_height * random.uniform(1.8, 2.6);
        cycle.loop = random.uniform(1.0, 1.6);
    } else if (random.chance(0.22)) { // an ascender: l, h, k, d
        cycle.height_mm = x_height * random.uniform(1.6, 2.2);
    } else if (random.chance(0.18)) { // a descender: g, j, y
        cycle.base_mm = -x_height * random.uniform(0.6, 1.0);
        cycle.height_mm = x_height * random.uniform(1.4, 1.8);
    } else {
        cycle.height_mm = x_height * random.uniform(0.8, 1.15);
        cycle.base_mm = random.uniform(-0.3, 0.3);
    }
    // Bigger movements take longer, though not in proportion.
    cycle.duration_ms =
        cycle_ms * random.uniform(0.85, 1.2) * std::sqrt(cycle.height_mm / x_height);
    return cycle;
}

FlourishStroke flourish(SeededRandom& random, double left, double right, double x_height)
{
    FlourishStroke sweep;
    const int segments = random.integer(2, 3);
    const double width = right - left;
    Point previous{left - random.uniform(0, 3), -x_height * random.uniform(0.6, 1.3)};
    sweep.controls.push_back(previous);
    for (int segment = 1; segment <= segments; ++segment) {
        const double along = static_cast<double>(segment) / segments;
        const Point end{left + width * along * random.uniform(0.9, 1.15) +
                            (segment == segments ? random.uniform(2, 8) : 0),
                        -x_height * random.uniform(0.5, 1.8)};
        // Control points pulled up and down across the line: a swash,
        // sometimes a loop where they cross.
        sweep.controls.push_back({previous.x + (end.x - previous.x) * random.uniform(0.2, 0.5),
                                  previous.y + x_height * random.uniform(-1.5, 1.5)});
        sweep.controls.push_back({previous.x + (end.x - previous.x) * random.uniform(0.5, 0.9),
                                  end.y + x_height * random.uniform(-1.5, 1.5)});
        sweep.controls.push_back(end);
        previous = end;
    }
    sweep.duration_ms = random.uniform(350, 700) * segments / 2.0;
    return sweep;
}

} // namespace

SignatureStyle style_of_person(std::uint64_t person)
{
    SeededRandom random(mix_seed(person, kStyleStream));
    SignatureStyle style;
    style.person = person;
    style.slant_deg = random.uniform(5, 28);
    style.letter_height_mm = random.uniform(5.0, 8.5);
    style.pressure = random.uniform(0.4, 0.75);
    style.lift_ms = random.uniform(140, 320);
    const double advance = random.uniform(3.2, 5.5);
    const double loop = random.uniform(0.6, 1.6);
    const double phase = random.uniform(-0.5, 0.5);
    const double cycle_ms = random.uniform(140, 220);

    int words = 1;
    if (random.chance(0.75))
        ++words;
    if (random.chance(0.2))
        ++words;
    const bool dotted = random.chance(0.35);
    const bool flourished = random.chance(0.7);

    double x = 0;
    double left = 0;
    for (int word = 0; word < words; ++word) {
        CursiveStroke stroke;
        stroke.start = {x, random.uniform(-1, 1)};
        stroke.advance_mm = advance * random.uniform(0.9, 1.1);
        // A signature of one word is a longer word.
        const int letters = word > 0     ? random.integer(3, 7)
                            : words == 1 ? random.integer(7, 10)
                                         : random.integer(5, 9);
        for (int index = 0; index < letters; ++index)
            stroke.cycles.push_back(
                letter(random, style.letter_height_mm, loop, phase, cycle_ms, index == 0));
        x += stroke.advance_mm * static_cast<double>(letters);
        if (word == 0)
            left = stroke.start.x;
        const double word_end = x;
        style.strokes.emplace_back(std::move(stroke));
        if (word == 0 && dotted) {
            const double over = left + (word_end - left) * random.uniform(0.3, 0.8);
            style.strokes.emplace_back(DotStroke{
                {over, style.letter_height_mm * random.uniform(1.5, 2.2)}, random.uniform(15, 35)});
        }
        x += random.uniform(2.5, 6.0); // the space before the next word
    }
    if (flourished)
        style.strokes.emplace_back(flourish(random, left, x, style.letter_height_mm));
    return style;
}

} // namespace ktpel::sim::signature
