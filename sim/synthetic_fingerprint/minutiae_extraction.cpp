// SPDX-License-Identifier: Apache-2.0
#include "minutiae_extraction.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "geometry.hpp"

namespace ktpel::sim::fingerprint {

namespace {

constexpr std::array<int, 8> ring_dx = {0, 1, 1, 1, 0, -1, -1, -1};
constexpr std::array<int, 8> ring_dy = {-1, -1, 0, 1, 1, 1, 0, -1};

struct Pixel
{
    int x = 0;
    int y = 0;
};

enum class TraceEnd
{
    LengthReached,
    Ending,
    Junction,
};

struct Trace
{
    std::vector<Pixel> path; // excluding the start pixel
    TraceEnd end = TraceEnd::LengthReached;
};

class SkeletonView
{
public:
    SkeletonView(const std::vector<std::uint8_t>& skeleton, int width, int height)
        : skeleton_(skeleton), width_(width), height_(height)
    {
    }

    bool on(int x, int y) const
    {
        return x >= 0 && y >= 0 && x < width_ && y < height_ &&
               skeleton_[static_cast<std::size_t>(y) * width_ + x] != 0;
    }

    // Rutovitz crossing number: half the number of on/off changes around
    // the 8-neighbourhood. 1 = ridge ending, 2 = ridge line, 3 = fork.
    int crossing_number(Pixel p) const
    {
        int changes = 0;
        for (int k = 0; k < 8; ++k) {
            const bool a = on(p.x + ring_dx[k], p.y + ring_dy[k]);
            const bool b = on(p.x + ring_dx[(k + 1) % 8], p.y + ring_dy[(k + 1) % 8]);
            changes += a != b ? 1 : 0;
        }
        return changes / 2;
    }

    // One starting pixel per branch leaving p: runs of consecutive on
    // neighbours count as one branch; a 4-neighbour is preferred.
    std::vector<Pixel> branches(Pixel p) const
    {
        std::vector<Pixel> starts;
        int first_off = -1;
        for (int k = 0; k < 8; ++k) {
            if (!on(p.x + ring_dx[k], p.y + ring_dy[k])) {
                first_off = k;
                break;
            }
        }
        if (first_off < 0) {
            return starts;
        }
        bool in_run = false;
        Pixel chosen;
        bool chosen_straight = false;
        for (int step = 1; step <= 8; ++step) {
            const int k = (first_off + step) % 8;
            const bool is_on = on(p.x + ring_dx[k], p.y + ring_dy[k]);
            if (is_on) {
                const bool straight = k % 2 == 0;
                if (!in_run || (straight && !chosen_straight)) {
                    chosen = {p.x + ring_dx[k], p.y + ring_dy[k]};
                    chosen_straight = straight;
                }
                in_run = true;
            } else if (in_run) {
                starts.push_back(chosen);
                in_run = false;
                chosen_straight = false;
            }
        }
        return starts;
    }

    // Follows the ridge line from `start` through `first` for up to
    // max_steps pixels, stopping at an ending or a junction.
    Trace follow(Pixel start, Pixel first, int max_steps) const
    {
        Trace trace;
        Pixel previous = start;
        Pixel current = first;
        std::vector<Pixel> visited{start};
        for (int step = 0; step < max_steps; ++step) {
            trace.path.push_back(current);
            visited.push_back(current);
            const int cn = crossing_number(current);
            if (cn == 1 && step > 0) {
                trace.end = TraceEnd::Ending;
                return trace;
            }
            if (cn >= 3) {
                trace.end = TraceEnd::Junction;
                return trace;
            }
            // Next: an unvisited on-neighbour not adjacent to where we came
            // from (that would be a corner shortcut), 4-neighbours first.
            Pixel next{-1, -1};
            for (int pass = 0; pass < 2 && next.x < 0; ++pass) {
                for (int k = pass; k < 8; k += 2) {
                    const Pixel candidate{current.x + ring_dx[k], current.y + ring_dy[k]};
                    if (!on(candidate.x, candidate.y)) {
                        continue;
                    }
                    const bool seen = std::any_of(visited.begin(), visited.end(), [&](Pixel v) {
                        return v.x == candidate.x && v.y == candidate.y;
                    });
                    const bool touches_previous = std::abs(candidate.x - previous.x) <= 1 &&
                                                  std::abs(candidate.y - previous.y) <= 1;
                    if (!seen && !touches_previous) {
                        next = candidate;
                        break;
                    }
                }
            }
            if (next.x < 0) {
                trace.end = TraceEnd::Ending;
                return trace;
            }
            previous = current;
            current = next;
        }
        return trace;
    }

private:
    const std::vector<std::uint8_t>& skeleton_;
    int width_;
    int height_;
};

struct Candidate
{
    Pixel at;
    MinutiaType type = MinutiaType::RidgeEnding;
    double direction = 0.0;
    bool removed = false;
};

double angle_between(double a, double b)
{
    const double d = std::abs(wrap_angle(a - b));
    return std::min(d, 2.0 * std::numbers::pi - d);
}

} // namespace

std::vector<Minutia> extract_minutiae(const std::vector<std::uint8_t>& skeleton,
                                      const std::vector<float>& edge_distance, int width,
                                      int height, const MinutiaeExtractionParams& params)
{
    const std::size_t size = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    if (width <= 0 || height <= 0 || skeleton.size() != size || edge_distance.size() != size) {
        throw std::invalid_argument("extract_minutiae: size mismatch");
    }
    if (!(params.ridge_period > 0.0)) {
        throw std::invalid_argument("extract_minutiae: ridge period must be positive");
    }
    const SkeletonView view(skeleton, width, height);
    const int direction_steps = std::max(4, static_cast<int>(std::lround(params.ridge_period)));
    const int spur_steps = std::max(3, static_cast<int>(std::lround(1.0 * params.ridge_period)));
    const int short_piece_steps = static_cast<int>(std::lround(1.6 * params.ridge_period));
    const int bridge_steps = std::max(3, static_cast<int>(std::lround(1.0 * params.ridge_period)));

    std::vector<Candidate> candidates;
    std::vector<int> candidate_at(size, -1);
    for (int y = 1; y < height - 1; ++y) {
        for (int x = 1; x < width - 1; ++x) {
            if (!view.on(x, y)) {
                continue;
            }
            const int cn = view.crossing_number({x, y});
            if (cn == 1 || cn == 3) {
                candidate_at[static_cast<std::size_t>(y) * width + x] =
                    static_cast<int>(candidates.size());
                candidates.push_back(
                    {{x, y}, cn == 1 ? MinutiaType::RidgeEnding : MinutiaType::Bifurcation});
            }
        }
    }
    auto candidate_index = [&](Pixel p) {
        return candidate_at[static_cast<std::size_t>(p.y) * width + p.x];
    };

    for (auto& candidate : candidates) {
        const std::vector<Pixel> branches = view.branches(candidate.at);
        if (candidate.type == MinutiaType::RidgeEnding) {
            if (branches.empty()) {
                candidate.removed = true;
                continue;
            }
            const Trace trace =
                view.follow(candidate.at, branches.front(),
                            std::max({direction_steps, spur_steps, short_piece_steps}));
            const auto length = static_cast<int>(trace.path.size());
            if (trace.end == TraceEnd::Junction && length <= spur_steps) {
                // A spur: the ending and the fork it hangs off are both
                // thinning artefacts (or a feature too small to count).
                candidate.removed = true;
                const int fork = candidate_index(trace.path.back());
                if (fork >= 0) {
                    candidates[static_cast<std::size_t>(fork)].removed = true;
                }
                continue;
            }
            if (trace.end == TraceEnd::Ending && length <= short_piece_steps) {
                candidate.removed = true;
                const int other = candidate_index(trace.path.back());
                if (other >= 0) {
                    candidates[static_cast<std::size_t>(other)].removed = true;
                }
                continue;
            }
            const Pixel towards =
                trace.path[static_cast<std::size_t>(std::min(direction_steps, length) - 1)];
            // Into the ridge body, away from the free end.
            candidate.direction =
                screen_angle(towards.x - candidate.at.x, towards.y - candidate.at.y);
        } else {
            if (branches.size() != 3) {
                candidate.removed = true;
                continue;
            }
            std::array<double, 3> angles{};
            for (std::size_t b = 0; b < 3; ++b) {
                const Trace trace = view.follow(candidate.at, branches[b], direction_steps);
                const auto length = static_cast<int>(trace.path.size());
                if (trace.end == TraceEnd::Junction && length <= bridge_steps) {
                    // Two forks this close: a bridge between ridges or a
                    // small hole in one; neither is a real minutia.
                    candidate.removed = true;
                    const int other = candidate_index(trace.path.back());
                    if (other >= 0) {
                        candidates[static_cast<std::size_t>(other)].removed = true;
                    }
                }
                const Pixel towards = trace.path.back();
                angles[b] = screen_angle(towards.x - candidate.at.x, towards.y - candidate.at.y);
            }
            if (candidate.removed) {
                continue;
            }
            // The two branches enclosing the smallest angle are the fork's
            // arms; the direction bisects them (away from the stem).
            std::size_t best_a = 0;
            std::size_t best_b = 1;
            double smallest = 10.0;
            for (std::size_t a = 0; a < 3; ++a) {
                for (std::size_t b = a + 1; b < 3; ++b) {
                    const double between = angle_between(angles[a], angles[b]);
                    if (between < smallest) {
                        smallest = between;
                        best_a = a;
                        best_b = b;
                    }
                }
            }
            const double ax = std::cos(angles[best_a]) + std::cos(angles[best_b]);
            const double ay = std::sin(angles[best_a]) + std::sin(angles[best_b]);
            candidate.direction = wrap_angle(std::atan2(ay, ax));
        }
    }

    // Two endings close together facing each other: a broken ridge.
    const double gap = 0.8 * params.ridge_period;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        for (std::size_t j = i + 1; j < candidates.size(); ++j) {
            Candidate& a = candidates[i];
            Candidate& b = candidates[j];
            if (a.type != MinutiaType::RidgeEnding || b.type != MinutiaType::RidgeEnding ||
                std::abs(a.at.y - b.at.y) > gap) {
                continue;
            }
            if (std::hypot(a.at.x - b.at.x, a.at.y - b.at.y) < gap &&
                angle_between(a.direction, b.direction) > 0.75 * std::numbers::pi) {
                a.removed = true;
                b.removed = true;
            }
        }
    }

    std::vector<Minutia> minutiae;
    for (const auto& candidate : candidates) {
        const float rim =
            edge_distance[static_cast<std::size_t>(candidate.at.y) * width + candidate.at.x];
        if (candidate.removed || rim < params.border_margin_px) {
            continue;
        }
        minutiae.push_back({static_cast<double>(candidate.at.x),
                            static_cast<double>(candidate.at.y), candidate.direction,
                            candidate.type});
    }
    return minutiae;
}

} // namespace ktpel::sim::fingerprint
