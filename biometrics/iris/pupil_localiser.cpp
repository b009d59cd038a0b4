// SPDX-License-Identifier: Apache-2.0
#include "pupil_localiser.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "contour_sampler.hpp"
#include "integro_differential_search.hpp"

namespace ktpel::biometrics::iris {

namespace {

constexpr int coarse_factor = 4;
constexpr int max_candidates = 12;

// Mean over (2r+1)^2 boxes via a summed-area table.
GreyFrame box_means(const GreyFrame& frame, int r)
{
    const int w = frame.width();
    const int h = frame.height();
    std::vector<double> table(static_cast<std::size_t>((w + 1) * (h + 1)), 0.0);
    auto t = [&](int x, int y) -> double& {
        return table[static_cast<std::size_t>(y * (w + 1) + x)];
    };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            t(x + 1, y + 1) = frame.at(x, y) + t(x, y + 1) + t(x + 1, y) - t(x, y);
    GreyFrame out(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int x0 = std::max(0, x - r);
            const int y0 = std::max(0, y - r);
            const int x1 = std::min(w, x + r + 1);
            const int y1 = std::min(h, y + r + 1);
            const double sum = t(x1, y1) - t(x0, y1) - t(x1, y0) + t(x0, y0);
            out.at(x, y) = static_cast<float>(sum / ((x1 - x0) * (y1 - y0)));
        }
    return out;
}

} // namespace

std::optional<PupilFinding> locate_pupil(const GreyFrame& frame, const PupilSearchLimits& limits)
{
    // Coarse: the pupil is the darkest compact blob.
    const GreyFrame coarse = frame.smoothed(1.0).downsampled(coarse_factor);
    const int blob_radius = std::max(1, static_cast<int>(limits.min_radius_px / coarse_factor));
    const GreyFrame darkness = box_means(coarse, blob_radius);
    struct Candidate
    {
        int x, y;
        float level;
    };
    std::vector<Candidate> candidates;
    for (int y = 2; y < darkness.height() - 2; ++y)
        for (int x = 2; x < darkness.width() - 2; ++x) {
            const float v = darkness.at(x, y);
            bool minimum = true;
            for (int dy = -2; dy <= 2 && minimum; ++dy)
                for (int dx = -2; dx <= 2; ++dx)
                    if ((dx || dy) && darkness.at(x + dx, y + dy) < v) {
                        minimum = false;
                        break;
                    }
            if (minimum)
                candidates.push_back({x, y, v});
        }
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.level < b.level; });
    if (candidates.size() > max_candidates)
        candidates.resize(max_candidates);

    const ContourSampler coarse_sampler(32);
    const double r_lo_c = std::max(2.0, limits.min_radius_px / coarse_factor);
    const double r_hi_c = limits.max_radius_px / coarse_factor;
    CircleScore best_coarse;
    for (const auto& c : candidates) {
        // The darkest blob position can sit well off the pupil centre (a
        // large pupil with reflections in it): follow the best circle while
        // it keeps landing on the edge of the search window.
        double x = c.x;
        double y = c.y;
        CircleScore s;
        for (int hop = 0; hop < 6; ++hop) {
            s = search_circles(coarse, coarse_sampler,
                               {x, y, 3.0, 1.0, r_lo_c, r_hi_c, 1.0, 1.0, true});
            if (!s.valid())
                break;
            const bool at_edge = std::abs(s.circle.x - x) > 2.5 || std::abs(s.circle.y - y) > 2.5;
            x = s.circle.x;
            y = s.circle.y;
            if (!at_edge)
                break;
        }
        if (s.valid() && s.score > best_coarse.score)
            best_coarse = s;
    }
    if (!best_coarse.valid())
        return std::nullopt;

    // Fine: full resolution, then a quarter-pixel pass.
    const GreyFrame fine = frame.smoothed(1.0);
    const double offset = (coarse_factor - 1) / 2.0;
    const double cx = best_coarse.circle.x * coarse_factor + offset;
    const double cy = best_coarse.circle.y * coarse_factor + offset;
    const double r = best_coarse.circle.radius * coarse_factor;
    const ContourSampler fine_sampler(64);
    const double r_lo = std::max(limits.min_radius_px, r - 8.0);
    const double r_hi = std::min(limits.max_radius_px, r + 8.0);
    CircleScore pass1 =
        search_circles(fine, fine_sampler, {cx, cy, 5.0, 1.0, r_lo, r_hi, 0.5, 1.5});
    if (!pass1.valid())
        return std::nullopt;
    const ContourSampler precise_sampler(128);
    CircleScore pass2 =
        search_circles(fine, precise_sampler,
                       {pass1.circle.x, pass1.circle.y, 1.0, 0.25, pass1.circle.radius - 2.0,
                        pass1.circle.radius + 2.0, 0.25, 1.5});
    if (!pass2.valid())
        pass2 = pass1;

    PupilFinding finding;
    finding.circle = pass2.circle;
    finding.edge_strength = pass2.score;

    // Statistics that let the caller tell a pupil from, say, a lash cluster.
    const ContourSampler stats_sampler(32);
    // Median and inter-quartile spread: reflections that defocus has pushed
    // below the specular threshold still cover only a minority of the disc.
    std::vector<double> inner;
    for (int ring = 1; ring <= 7; ++ring) {
        const double rr = finding.circle.radius * ring / 10.0;
        for (std::size_t i = 0; i < stats_sampler.size(); ++i) {
            const double x = finding.circle.x + rr * stats_sampler.cos_at(i);
            const double y = finding.circle.y + rr * stats_sampler.sin_at(i);
            if (fine.contains(x, y))
                inner.push_back(fine.sample(x, y));
        }
    }
    if (!inner.empty()) {
        std::sort(inner.begin(), inner.end());
        const std::size_t n = inner.size();
        finding.inner_level = inner[n / 2];
        finding.inner_spread = (inner[(3 * n) / 4] - inner[n / 4]) / 1.349;
    }
    double ring_sum = 0.0;
    int ring_n = 0;
    for (double d = 4.0; d <= 8.0; d += 1.0) {
        const double m =
            stats_sampler.mean(fine, finding.circle.x, finding.circle.y, finding.circle.radius + d);
        if (!std::isnan(m)) {
            ring_sum += m;
            ++ring_n;
        }
    }
    finding.ring_level = ring_n > 0 ? ring_sum / ring_n : 0.0;
    return finding;
}

} // namespace ktpel::biometrics::iris
