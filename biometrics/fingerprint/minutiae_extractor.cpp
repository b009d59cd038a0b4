// SPDX-License-Identifier: Apache-2.0
#include "minutiae_extractor.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "image_filters.hpp"
#include "ridge_skeleton.hpp"

namespace ktpel::biometrics::fingerprint {

namespace {

constexpr std::array<int, 8> ring_dx{0, 1, 1, 1, 0, -1, -1, -1};
constexpr std::array<int, 8> ring_dy{-1, -1, 0, 1, 1, 1, 0, -1};
constexpr double two_pi = 2.0 * std::numbers::pi;

struct Pixel
{
    int x;
    int y;
    bool operator==(const Pixel&) const = default;
};

struct Candidate
{
    Pixel at;
    MinutiaType type;
    bool removed = false;
    double image_angle = 0.0; // radians, image coordinates (y down)
};

struct Trace
{
    Pixel end;
    int steps = 0;
    int reached = -1; // index of the candidate the walk ran into, or -1
};

// First pixel of every ridge leaving a skeleton pixel: one per run of set
// pixels around it, preferring the 4-neighbour of a run because the walk
// then starts on the ridge's centre line.
std::vector<Pixel> branch_starts(const BytePlane& skeleton, Pixel centre)
{
    std::array<bool, 8> set{};
    for (std::size_t i = 0; i < 8; ++i) {
        const int x = centre.x + ring_dx[i];
        const int y = centre.y + ring_dy[i];
        set[i] = skeleton.contains(x, y) && skeleton.at(x, y) != 0;
    }
    std::size_t origin = 0;
    while (origin < 8 && set[origin]) {
        ++origin;
    }
    std::vector<Pixel> starts;
    if (origin == 8) {
        return starts; // a solid blob, not a line
    }
    for (std::size_t step = 1; step <= 8; ++step) {
        const std::size_t i = (origin + step) % 8;
        if (!set[i] || set[(i + 7) % 8]) {
            continue;
        }
        // i begins a run; choose its first 4-neighbour, or i itself.
        std::size_t chosen = i;
        for (std::size_t j = i; set[j % 8]; ++j) {
            if ((j % 8) % 2 == 0) {
                chosen = j % 8;
                break;
            }
        }
        starts.push_back({centre.x + ring_dx[chosen], centre.y + ring_dy[chosen]});
    }
    return starts;
}

// Follows the skeleton from `start` through `first` for up to max_steps
// pixels, stopping at another candidate or a dead end.
Trace follow_ridge(const BytePlane& skeleton, const ImagePlane<int>& candidate_at, int self,
                   Pixel start, Pixel first, int max_steps)
{
    std::vector<Pixel> recent{start};
    for (std::size_t i = 0; i < 8; ++i) {
        const Pixel neighbour{start.x + ring_dx[i], start.y + ring_dy[i]};
        if (skeleton.contains(neighbour.x, neighbour.y) &&
            skeleton.at(neighbour.x, neighbour.y) != 0) {
            recent.push_back(neighbour);
        }
    }
    Pixel current = first;
    Trace trace{current, 1, -1};
    while (trace.steps < max_steps) {
        const int owner = candidate_at.at(current.x, current.y);
        if (owner >= 0 && owner != self) {
            trace.reached = owner;
            break;
        }
        // Next pixel: unvisited skeleton neighbour, 4-neighbours first.
        Pixel next{-1, -1};
        for (const std::size_t parity : {std::size_t{0}, std::size_t{1}}) {
            for (std::size_t i = parity; i < 8 && next.x < 0; i += 2) {
                const Pixel candidate{current.x + ring_dx[i], current.y + ring_dy[i]};
                if (!skeleton.contains(candidate.x, candidate.y) ||
                    skeleton.at(candidate.x, candidate.y) == 0) {
                    continue;
                }
                if (std::find(recent.begin(), recent.end(), candidate) == recent.end()) {
                    next = candidate;
                }
            }
        }
        if (next.x < 0) {
            break; // dead end
        }
        recent.push_back(current);
        if (recent.size() > 12) {
            recent.erase(recent.begin() + 1); // keep the start, forget old path
        }
        current = next;
        ++trace.steps;
        trace.end = current;
    }
    trace.end = current;
    return trace;
}

// Block mask intersected with a per-pixel deviation test: the print's
// edge (where ridges fade out and end) is then located to a few pixels,
// so the border margin removes those artificial endings without eating a
// whole extra block of genuine ones.
BytePlane refine_mask(const FloatPlane& grey, const ForegroundMask& mask, int radius)
{
    const FloatPlane mean = box_mean(grey, radius);
    FloatPlane squares(grey.width, grey.height);
    for (std::size_t i = 0; i < grey.values.size(); ++i) {
        squares.values[i] = grey.values[i] * grey.values[i];
    }
    const FloatPlane mean_of_squares = box_mean(squares, radius);
    BytePlane refined = mask.pixel_mask(grey.width, grey.height);
    const float threshold_squared = mask.deviation_threshold * mask.deviation_threshold;
    for (std::size_t i = 0; i < refined.values.size(); ++i) {
        const float variance = mean_of_squares.values[i] - mean.values[i] * mean.values[i];
        if (variance < threshold_squared) {
            refined.values[i] = 0;
        }
    }
    return refined;
}

double wrap_angle(double angle)
{
    angle = std::fmod(angle, two_pi);
    return angle < 0.0 ? angle + two_pi : angle;
}

double angle_between(double a, double b)
{
    const double difference = std::abs(wrap_angle(a) - wrap_angle(b));
    return std::min(difference, two_pi - difference);
}

} // namespace

MinutiaeExtraction extract_minutiae(const ktpel::RasterImage& image,
                                    const ExtractionParameters& parameters)
{
    validate_fingerprint_image(image);
    const FloatPlane grey = to_float_plane(image);
    const OrientationField orientation = estimate_orientation(grey, parameters.orientation);
    MinutiaeExtraction result;
    result.width = grey.width;
    result.height = grey.height;
    result.mask = segment_foreground(grey, orientation, parameters.foreground);
    const FloatPlane normalised = normalise_locally(grey, parameters.normalisation_radius);
    const RidgePeriodField period =
        estimate_ridge_period(normalised, orientation, result.mask, parameters.period);
    result.median_ridge_period = period.median_period;
    const FloatPlane enhanced =
        enhance_ridges(normalised, orientation, period, result.mask, parameters.gabor);
    const BytePlane pixel_mask = refine_mask(grey, result.mask, parameters.normalisation_radius);
    const BytePlane skeleton =
        thin_ridges(binarise_ridges(enhanced, pixel_mask, parameters.minimum_blob_area));
    const FloatPlane border_distance = distance_to_background(pixel_mask);

    // Crossing-number candidates. Touching candidates of the same type are
    // one junction drawn two pixels wide: they share one index.
    std::vector<Candidate> candidates;
    ImagePlane<int> candidate_at(grey.width, grey.height, -1);
    for (int y = 0; y < skeleton.height; ++y) {
        for (int x = 0; x < skeleton.width; ++x) {
            if (skeleton.at(x, y) == 0) {
                continue;
            }
            const int crossings = crossing_number(skeleton, x, y);
            if (crossings != 1 && crossings != 3) {
                continue;
            }
            const MinutiaType type =
                crossings == 1 ? MinutiaType::ridge_ending : MinutiaType::ridge_bifurcation;
            int merged_into = -1;
            for (std::size_t i = 0; i < 8 && merged_into < 0; ++i) {
                const int nx = x + ring_dx[i];
                const int ny = y + ring_dy[i];
                if (candidate_at.contains(nx, ny) && candidate_at.at(nx, ny) >= 0 &&
                    candidates[static_cast<std::size_t>(candidate_at.at(nx, ny))].type == type) {
                    merged_into = candidate_at.at(nx, ny);
                }
            }
            if (merged_into >= 0) {
                candidate_at.at(x, y) = merged_into;
                continue;
            }
            candidate_at.at(x, y) = static_cast<int>(candidates.size());
            candidates.push_back({{x, y}, type});
        }
    }
    result.candidate_count = static_cast<int>(candidates.size());

    // Structural cleaning along the skeleton.
    const int longest_trace =
        static_cast<int>(std::ceil(parameters.island_length * parameters.period.maximum_period));
    std::vector<std::vector<Trace>> traces(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Pixel at = candidates[i].at;
        for (const Pixel& first : branch_starts(skeleton, at)) {
            traces[i].push_back(follow_ridge(skeleton, candidate_at, static_cast<int>(i), at, first,
                                             longest_trace));
        }
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Pixel at = candidates[i].at;
        const float local_period = period.at_pixel(at.x, at.y);
        for (const Trace& trace : traces[i]) {
            if (trace.reached < 0) {
                continue;
            }
            Candidate& other = candidates[static_cast<std::size_t>(trace.reached)];
            const bool self_ending = candidates[i].type == MinutiaType::ridge_ending;
            const bool other_ending = other.type == MinutiaType::ridge_ending;
            const float steps = static_cast<float>(trace.steps);
            const bool spur =
                self_ending != other_ending && steps <= parameters.spur_length * local_period;
            const bool bridge =
                !self_ending && !other_ending && steps <= parameters.bridge_length * local_period;
            const bool island =
                self_ending && other_ending && steps <= parameters.island_length * local_period;
            if (spur || bridge || island) {
                candidates[i].removed = true;
                other.removed = true;
            }
        }
    }

    // Direction from the traced branches, snapped to the smoothed
    // orientation field which is less noisy than a 10-pixel trace.
    const int direction_steps = parameters.direction_trace_length;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        Candidate& candidate = candidates[i];
        if (candidate.removed) {
            continue;
        }
        std::vector<double> directions;
        for (const Pixel& first : branch_starts(skeleton, candidate.at)) {
            const Trace trace = follow_ridge(skeleton, candidate_at, static_cast<int>(i),
                                             candidate.at, first, direction_steps);
            const double dx = trace.end.x - candidate.at.x;
            const double dy = trace.end.y - candidate.at.y;
            if (dx != 0.0 || dy != 0.0) {
                directions.push_back(std::atan2(dy, dx));
            }
        }
        double traced = 0.0;
        if (candidate.type == MinutiaType::ridge_ending) {
            if (directions.size() != 1) {
                candidate.removed = true; // isolated pixel or blob: not a ridge ending
                continue;
            }
            traced = directions[0];
        } else {
            if (directions.size() < 3) {
                candidate.removed = true;
                continue;
            }
            // The two branches closest in direction are the fork; the third
            // is the stem. The minutia points between the fork branches.
            double best = std::numbers::pi * 4.0;
            for (std::size_t a = 0; a < directions.size(); ++a) {
                for (std::size_t b = a + 1; b < directions.size(); ++b) {
                    const double separation = angle_between(directions[a], directions[b]);
                    if (separation < best) {
                        best = separation;
                        traced = std::atan2(std::sin(directions[a]) + std::sin(directions[b]),
                                            std::cos(directions[a]) + std::cos(directions[b]));
                    }
                }
            }
        }
        const double ridge = orientation.ridge_angle.at(candidate.at.x, candidate.at.y);
        candidate.image_angle = angle_between(ridge, traced) <= std::numbers::pi / 2.0
                                    ? ridge
                                    : ridge + std::numbers::pi;
    }

    // Broken ridges: two endings facing each other across a short gap
    // along the ridge direction.
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        for (std::size_t j = i + 1; j < candidates.size(); ++j) {
            Candidate& a = candidates[i];
            Candidate& b = candidates[j];
            if (a.removed || b.removed || a.type != MinutiaType::ridge_ending ||
                b.type != MinutiaType::ridge_ending) {
                continue;
            }
            const double dx = b.at.x - a.at.x;
            const double dy = b.at.y - a.at.y;
            const double gap = std::hypot(dx, dy);
            const double limit = parameters.broken_ridge_gap * period.at_pixel(a.at.x, a.at.y);
            if (gap > limit || gap == 0.0) {
                continue;
            }
            // a points into its ridge, so the gap lies behind it.
            const double towards_b = std::atan2(dy, dx);
            if (angle_between(a.image_angle, b.image_angle) > 2.0 * std::numbers::pi / 3.0 &&
                angle_between(a.image_angle + std::numbers::pi, towards_b) <
                    std::numbers::pi / 4.0) {
                a.removed = true;
                b.removed = true;
            }
        }
    }
    // Clusters: genuine minutiae are rarely closer than a ridge period;
    // closer pairs are noise, so both go.
    std::vector<bool> crowded(candidates.size(), false);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        for (std::size_t j = i + 1; j < candidates.size(); ++j) {
            if (candidates[i].removed || candidates[j].removed) {
                continue;
            }
            const double gap = std::hypot(candidates[j].at.x - candidates[i].at.x,
                                          candidates[j].at.y - candidates[i].at.y);
            if (gap < parameters.minimum_separation *
                          period.at_pixel(candidates[i].at.x, candidates[i].at.y)) {
                crowded[i] = true;
                crowded[j] = true;
            }
        }
    }

    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Candidate& candidate = candidates[i];
        const float distance = border_distance.at(candidate.at.x, candidate.at.y);
        if (candidate.removed || crowded[i] || distance < parameters.border_margin) {
            continue;
        }
        // Quality: how certain the local orientation is, how strong the
        // ridge modulation is, and how far the point is from the edge of
        // the print where the enhancement has least support.
        const int bx = candidate.at.x / result.mask.block_size;
        const int by = candidate.at.y / result.mask.block_size;
        const double coherence = orientation.coherence.at(candidate.at.x, candidate.at.y);
        const double contrast = std::clamp(result.mask.block_deviation.at(bx, by) / 30.0, 0.0, 1.0);
        const double inset = std::clamp(distance / (4.0 * result.mask.block_size), 0.0, 1.0);
        const double quality = 100.0 * (0.6 * coherence + 0.4 * contrast) * (0.6 + 0.4 * inset);
        result.minutiae.push_back({candidate.at.x, candidate.at.y,
                                   wrap_angle(-candidate.image_angle), candidate.type,
                                   static_cast<int>(std::lround(std::clamp(quality, 1.0, 100.0)))});
    }
    return result;
}

} // namespace ktpel::biometrics::fingerprint
