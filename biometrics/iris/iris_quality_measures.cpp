// SPDX-License-Identifier: Apache-2.0
#include "iris_quality_measures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include "focus_measure.hpp"
#include "grey_frame.hpp"

namespace ktpel::biometrics::iris {

namespace {

constexpr int circularity_rays = 64;
constexpr double sclera_specular_level = 200.0;

double clamp100(double v)
{
    return std::clamp(v, 0.0, 100.0);
}

// Residual of the pupil edge around its best-fit circle. The edge is the
// strongest outward dark-to-bright step along each ray; the fitted circle
// removes the zeroth and first Fourier terms of r(theta) (radius and a centre
// shift), leaving the deviation from circularity.
double pupil_circularity(const GreyFrame& smooth, const IrisSegmentation& seg)
{
    const Circle& p = seg.pupil;
    std::vector<double> angles;
    std::vector<double> radii;
    for (int k = 0; k < circularity_rays; ++k) {
        const double a = 2.0 * std::numbers::pi * k / circularity_rays;
        const double c = std::cos(a);
        const double s = std::sin(a);
        double best_r = -1.0;
        double best_step = 0.0;
        for (double r = 0.75 * p.radius; r <= 1.3 * p.radius; r += 0.25) {
            const double xi = p.x + (r - 1.5) * c;
            const double yi = p.y + (r - 1.5) * s;
            const double xo = p.x + (r + 1.5) * c;
            const double yo = p.y + (r + 1.5) * s;
            if (!smooth.contains(xi, yi) || !smooth.contains(xo, yo))
                continue;
            const double step = smooth.sample(xo, yo) - smooth.sample(xi, yi);
            if (step > best_step) {
                best_step = step;
                best_r = r;
            }
        }
        // A ray that a lid crosses anywhere near the boundary would report
        // the lid margin, not the pupil.
        const double ex = p.x + 1.35 * p.radius * c;
        const double ey = p.y + 1.35 * p.radius * s;
        if (best_r < 0.0 || seg.eyelids.upper.covers(ex, ey) || seg.eyelids.lower.covers(ex, ey))
            continue;
        angles.push_back(a);
        radii.push_back(best_r);
    }
    if (radii.size() < circularity_rays / 2)
        return 0.0;
    // Least squares for r = a0 + a1 cos + b1 sin.
    double a0 = 0.0;
    for (double r : radii)
        a0 += r;
    a0 /= static_cast<double>(radii.size());
    double a1 = 0.0;
    double b1 = 0.0;
    for (std::size_t i = 0; i < radii.size(); ++i) {
        a1 += (radii[i] - a0) * std::cos(angles[i]);
        b1 += (radii[i] - a0) * std::sin(angles[i]);
    }
    a1 *= 2.0 / static_cast<double>(radii.size());
    b1 *= 2.0 / static_cast<double>(radii.size());
    // Trimmed RMS: the worst 10 % of rays (an eyelash across the boundary)
    // are dropped so a single occluder does not read as an irregular pupil.
    std::vector<double> squared;
    for (std::size_t i = 0; i < radii.size(); ++i) {
        const double e = radii[i] - (a0 + a1 * std::cos(angles[i]) + b1 * std::sin(angles[i]));
        squared.push_back(e * e);
    }
    std::sort(squared.begin(), squared.end());
    squared.resize(squared.size() - squared.size() / 10);
    double residual = 0.0;
    for (double e2 : squared)
        residual += e2;
    const double rms = std::sqrt(residual / static_cast<double>(squared.size()));
    // 0 at an RMS deviation of 10 % of the radius.
    return clamp100(100.0 * (1.0 - rms / (0.1 * p.radius)));
}

// Median of the sclera in two lateral bands just outside the limbus.
std::optional<double> sclera_level(const GreyFrame& raw, const IrisSegmentation& seg)
{
    std::vector<float> values;
    const Circle& c = seg.iris;
    const double r_in = c.radius + 6.0;
    const double r_out = c.radius + 16.0;
    const int x0 = std::max(0, static_cast<int>(c.x - r_out));
    const int x1 = std::min(raw.width() - 1, static_cast<int>(c.x + r_out));
    const int y0 = std::max(0, static_cast<int>(c.y - r_out));
    const int y1 = std::min(raw.height() - 1, static_cast<int>(c.y + r_out));
    const double max_slope = std::tan(30.0 * std::numbers::pi / 180.0);
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const double dx = x - c.x;
            const double dy = y - c.y;
            const double d = std::hypot(dx, dy);
            if (d < r_in || d > r_out || std::abs(dy) > max_slope * std::abs(dx))
                continue;
            if (seg.eyelids.upper.covers(x, y) || seg.eyelids.lower.covers(x, y))
                continue;
            const float v = raw.at(x, y);
            if (v >= sclera_specular_level)
                continue;
            values.push_back(v);
        }
    if (values.size() < 50)
        return std::nullopt;
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

double entropy_bits(const ktpel::RasterImage& image)
{
    std::array<double, 256> histogram{};
    for (std::uint8_t v : image.pixels)
        histogram[v] += 1.0;
    const auto n = static_cast<double>(image.pixels.size());
    double h = 0.0;
    for (double count : histogram)
        if (count > 0.0) {
            const double p = count / n;
            h -= p * std::log2(p);
        }
    return h;
}

} // namespace

IrisQualityMeasures measure_quality(const ktpel::RasterImage& image, const IrisSegmentation& seg,
                                    const QualityMeasureSettings& settings)
{
    const GreyFrame raw = GreyFrame::from_raster(image);
    IrisQualityMeasures m;

    const FocusMeasure focus = measure_focus(raw, seg.iris, settings.focus_half_power);
    m.sharpness_power = focus.power;
    m.sharpness = focus.score;

    m.usable_iris_area = 100.0 * seg.usable_fraction();
    m.occluded_fraction = seg.occluded_fraction();
    m.pupil_iris_ratio = seg.pupil.radius / seg.iris.radius;
    m.pupil_boundary_circularity = pupil_circularity(raw.smoothed(1.0), seg);

    m.pupil_level = seg.pupil_level;
    m.iris_level = seg.iris_level;
    m.sclera_level = sclera_level(raw, seg);
    const double p = m.pupil_level;
    const double i = m.iris_level;
    // Michelson contrasts; the sclera-iris one is taken above the pupil
    // (black) level so that an offset in exposure does not change it.
    m.iris_pupil_contrast = i + p > 0.0 ? clamp100(100.0 * (i - p) / (i + p)) : 0.0;
    if (m.sclera_level) {
        const double s = *m.sclera_level;
        const double denominator = s + i - 2.0 * p;
        m.iris_sclera_contrast = denominator > 0.0 ? clamp100(100.0 * (s - i) / denominator) : 0.0;
    }

    m.iris_radius_px = seg.iris.radius;
    m.grey_scale_utilisation_bits = entropy_bits(image);
    const double centre_shift = std::hypot(seg.pupil.x - seg.iris.x, seg.pupil.y - seg.iris.y);
    m.iris_pupil_concentricity = clamp100(100.0 * (1.0 - centre_shift / seg.iris.radius));

    // Room around the iris: 0.6 R at the sides and 0.2 R above and below.
    const double r = seg.iris.radius;
    const double left = seg.iris.x - r;
    const double right = (image.width - 1.0) - (seg.iris.x + r);
    const double top = seg.iris.y - r;
    const double bottom = (image.height - 1.0) - (seg.iris.y + r);
    const double worst =
        std::min({left / (0.6 * r), right / (0.6 * r), top / (0.2 * r), bottom / (0.2 * r)});
    m.margin_adequacy = clamp100(100.0 * worst);
    return m;
}

} // namespace ktpel::biometrics::iris
