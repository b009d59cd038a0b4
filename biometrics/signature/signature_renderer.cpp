// SPDX-License-Identifier: Apache-2.0
#include "signature_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "common/cairo_handles.hpp"
#include "signature_measures.hpp"

namespace ktpel::biometrics::signature {
namespace {

constexpr std::uint32_t kLargestSide = 8192;
constexpr double kMillimetresPerInch = 25.4;

// Pad units to image pixels.
struct Mapping
{
    double scale = 1;
    double offset_x = 0;
    double offset_y = 0;
};

Mapping fit(double left, double top, double right, double bottom, double margin,
            const RenderOptions& options, double largest_scale)
{
    const double box_width = std::max(right - left, 1.0);
    const double box_height = std::max(bottom - top, 1.0);
    const double room_width = std::max(options.width - 2 * margin, 1.0);
    const double room_height = std::max(options.height - 2 * margin, 1.0);
    Mapping mapping;
    mapping.scale = std::min({room_width / box_width, room_height / box_height, largest_scale});
    mapping.offset_x = (options.width - box_width * mapping.scale) / 2 - left * mapping.scale;
    mapping.offset_y = (options.height - box_height * mapping.scale) / 2 - top * mapping.scale;
    return mapping;
}

double line_width(std::uint16_t pressure, std::uint16_t max_pressure, const RenderOptions& options)
{
    const double force =
        max_pressure > 0 ? std::clamp(static_cast<double>(pressure) / max_pressure, 0.0, 1.0) : 1.0;
    const double lightest = std::clamp(options.lightest_width_fraction, 0.0, 1.0);
    return options.pen_width_px *
           (lightest + (1 - lightest) * std::pow(force, options.pressure_gamma));
}

} // namespace

RenderOptions card_signature_options()
{
    return {};
}

RenderOptions preview_options()
{
    RenderOptions options;
    options.width = 480;
    options.height = 300;
    options.ppi = 0;
    options.crop_to_ink = false;
    options.pen_width_px = 2.5;
    return options;
}

ktpel::RasterImage render_signature(const std::vector<ktpel::PenStroke>& strokes,
                                    const ktpel::PadGeometry& geometry,
                                    const RenderOptions& options)
{
    if (options.width == 0 || options.height == 0 || options.width > kLargestSide ||
        options.height > kLargestSide)
        throw std::invalid_argument("a signature image must be 1 to 8192 pixels on each side");
    if (geometry.width == 0 || geometry.height == 0)
        throw std::invalid_argument("the pad's geometry has no surface");
    if (!(options.pen_width_px > 0))
        throw std::invalid_argument("the pen width must be positive");

    const InkBox box = ink_box_of(strokes);
    Mapping mapping;
    if (options.crop_to_ink && !box.empty) {
        // Natural size: pad millimetres printed at the image's resolution.
        const double natural = options.ppi > 0 && geometry.units_per_mm > 0
                                   ? options.ppi / kMillimetresPerInch / geometry.units_per_mm
                                   : 0;
        const double largest = natural > 0 ? natural * options.max_enlargement : 1e9;
        const double margin = options.margin_fraction * std::min(options.width, options.height) +
                              options.pen_width_px / 2;
        mapping = fit(box.left, box.top, box.right, box.bottom, margin, options, largest);
    } else {
        mapping = fit(0, 0, geometry.width, geometry.height, 0, options, 1e9);
    }

    const auto surface = make_image_surface(CAIRO_FORMAT_A8, static_cast<int>(options.width),
                                            static_cast<int>(options.height));
    {
        // Ink as coverage (alpha) on an 8-bit surface; paper is 0.
        const CairoContext cairo(cairo_create(surface.get()));
        check_cairo(cairo_status(cairo.get()), "creating a cairo context");
        cairo_set_antialias(cairo.get(), CAIRO_ANTIALIAS_GRAY);
        cairo_set_source_rgba(cairo.get(), 0, 0, 0, 1);
        const auto at = [&](const ktpel::PenSample& sample) {
            return std::pair{sample.x * mapping.scale + mapping.offset_x,
                             sample.y * mapping.scale + mapping.offset_y};
        };
        // All the ink as one path, filled once with the non-zero rule: a
        // disc at every sample and, between two samples, a quadrilateral
        // tapering from one's width to the other's. Every piece winds the
        // same way, so their union is filled exactly once: overlaps (joins,
        // loops, crossing strokes) do not darken the anti-aliased edges as
        // piece-by-piece drawing would.
        for (const auto& stroke : strokes) {
            const auto& samples = stroke.samples;
            for (std::size_t i = 0; i < samples.size(); ++i) {
                const auto [x1, y1] = at(samples[i]);
                const double r1 =
                    line_width(samples[i].pressure, geometry.max_pressure, options) / 2;
                cairo_new_sub_path(cairo.get());
                cairo_arc_negative(cairo.get(), x1, y1, r1, 0, -2 * std::numbers::pi);
                cairo_close_path(cairo.get());
                if (i == 0)
                    continue;
                const auto [x0, y0] = at(samples[i - 1]);
                const double r0 =
                    line_width(samples[i - 1].pressure, geometry.max_pressure, options) / 2;
                const double length = std::hypot(x1 - x0, y1 - y0);
                if (length < 1e-9)
                    continue;
                // The left-hand normal of the segment's direction.
                const double nx = -(y1 - y0) / length;
                const double ny = (x1 - x0) / length;
                cairo_move_to(cairo.get(), x0 + nx * r0, y0 + ny * r0);
                cairo_line_to(cairo.get(), x1 + nx * r1, y1 + ny * r1);
                cairo_line_to(cairo.get(), x1 - nx * r1, y1 - ny * r1);
                cairo_line_to(cairo.get(), x0 - nx * r0, y0 - ny * r0);
                cairo_close_path(cairo.get());
            }
        }
        cairo_set_fill_rule(cairo.get(), CAIRO_FILL_RULE_WINDING);
        cairo_fill(cairo.get());
        check_cairo(cairo_status(cairo.get()), "drawing the signature");
    }
    cairo_surface_flush(surface.get());

    ktpel::RasterImage image;
    image.width = options.width;
    image.height = options.height;
    image.ppi = options.ppi;
    image.pixels.resize(static_cast<std::size_t>(options.width) * options.height);
    const unsigned char* coverage = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (std::uint32_t y = 0; y < options.height; ++y) {
        const unsigned char* row = coverage + static_cast<std::ptrdiff_t>(y) * stride;
        auto* out = image.pixels.data() + static_cast<std::size_t>(y) * options.width;
        for (std::uint32_t x = 0; x < options.width; ++x)
            out[x] = static_cast<std::uint8_t>(255 - row[x]);
    }
    return image;
}

} // namespace ktpel::biometrics::signature
