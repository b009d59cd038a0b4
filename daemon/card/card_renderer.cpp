// SPDX-License-Identifier: Apache-2.0
#include "card_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "common/cairo_handles.hpp"
#include "daemon/card/card_fields.hpp"
#include "daemon/card/pango_handles.hpp"

namespace ktpel::card {
namespace {

using namespace detail;

// Below a quarter point the steps are invisible and only cost time.
constexpr double kShrinkStepPt = 0.25;
// Space kept between a label's end and its colon.
constexpr double kLabelGapMm = 0.3;

// Millimetres on the card to dots on the panel: the CR80 card is centred
// on the (slightly larger, bleeding) panel.
class Geometry
{
public:
    explicit Geometry(const CardLayout& l)
        : scale_(l.dpi / 25.4), dx_((l.width_dots - l.width_mm * scale_) / 2),
          dy_((l.height_dots - l.height_mm * scale_) / 2), dpi_(l.dpi)
    {
    }
    double x(double mm) const { return dx_ + mm * scale_; }
    double y(double mm) const { return dy_ + mm * scale_; }
    double len(double mm) const { return mm * scale_; }
    double pt(double points) const { return points * dpi_ / 72.0; }
    DotRect dots(const MmRect& r) const
    {
        return {static_cast<std::int32_t>(std::floor(x(r.x_mm))),
                static_cast<std::int32_t>(std::floor(y(r.y_mm))),
                static_cast<std::int32_t>(std::ceil(x(r.x_mm + r.width_mm))),
                static_cast<std::int32_t>(std::ceil(y(r.y_mm + r.height_mm)))};
    }

private:
    double scale_;
    double dx_;
    double dy_;
    int dpi_;
};

CairoSurface surface(cairo_format_t format, std::uint32_t w, std::uint32_t h)
{
    return make_image_surface(format, static_cast<int>(w), static_cast<int>(h));
}

CairoContext context(cairo_surface_t* s)
{
    CairoContext c(cairo_create(s));
    check_cairo(cairo_status(c.get()), "cannot draw on a card surface");
    return c;
}

// A picture as a Cairo surface: RGB24 for a photo, A8 (ink = 255 - grey)
// for a signature, so its light ground lets the card show through.
CairoSurface picture(const Raster& r, const std::string& field, bool as_ink_mask)
{
    if (r.width == 0 || r.height == 0)
        throw CardRenderError(CardRenderError::Reason::bad_picture, field, "picture has no dots");
    if ((r.channels != 1 && r.channels != 3) || (as_ink_mask && r.channels != 1))
        throw CardRenderError(CardRenderError::Reason::bad_picture, field,
                              as_ink_mask ? "must be grey (1 channel)"
                                          : "must be grey or RGB (1 or 3 channels)");
    if (r.pixels.size() != std::size_t{r.width} * r.height * r.channels)
        throw CardRenderError(CardRenderError::Reason::bad_picture, field,
                              "pixel count does not match width x height x channels");
    auto s = surface(as_ink_mask ? CAIRO_FORMAT_A8 : CAIRO_FORMAT_RGB24, r.width, r.height);
    cairo_surface_flush(s.get());
    auto* data = cairo_image_surface_get_data(s.get());
    const auto stride = cairo_image_surface_get_stride(s.get());
    for (std::uint32_t y = 0; y < r.height; ++y) {
        for (std::uint32_t x = 0; x < r.width; ++x) {
            const auto* p = &r.pixels[(std::size_t{y} * r.width + x) * r.channels];
            if (as_ink_mask) {
                data[y * stride + x] = static_cast<std::uint8_t>(255 - p[0]);
            } else {
                const std::uint32_t red = p[0];
                const std::uint32_t green = r.channels == 3 ? p[1] : p[0];
                const std::uint32_t blue = r.channels == 3 ? p[2] : p[0];
                reinterpret_cast<std::uint32_t*>(data + y * stride)[x] =
                    0xff000000u | red << 16 | green << 8 | blue;
            }
        }
    }
    cairo_surface_mark_dirty(s.get());
    return s;
}

// Scales a picture to fit `box` keeping its proportions, centred; the
// pattern's filter averages when shrinking so a large photo does not alias.
CairoPattern fitted_pattern(cairo_surface_t* pic, const Geometry& g, const MmRect& box,
                            double& left, double& top, double& scale)
{
    const double w = cairo_image_surface_get_width(pic);
    const double h = cairo_image_surface_get_height(pic);
    const double bw = g.len(box.width_mm);
    const double bh = g.len(box.height_mm);
    scale = std::min(bw / w, bh / h);
    left = g.x(box.x_mm) + (bw - w * scale) / 2;
    top = g.y(box.y_mm) + (bh - h * scale) / 2;
    CairoPattern p(cairo_pattern_create_for_surface(pic));
    cairo_pattern_set_filter(p.get(), CAIRO_FILTER_GOOD);
    cairo_matrix_t m;
    cairo_matrix_init_scale(&m, 1 / scale, 1 / scale);
    cairo_matrix_translate(&m, -left, -top);
    cairo_pattern_set_matrix(p.get(), &m);
    return p;
}

class TextSetter
{
public:
    TextSetter(cairo_t* cr, const Geometry& g)
        : cr_(cr), g_(g), layout_(pango_cairo_create_layout(cr))
    {
        // Unhinted metrics: a text measures the same at every size and
        // position, so the fit decided here is the fit printed.
        CairoFontOptions options(cairo_font_options_create());
        cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
        pango_cairo_context_set_font_options(pango_layout_get_context(layout_.get()),
                                             options.get());
        pango_layout_context_changed(layout_.get());
    }

    // Sets text and font; refuses characters no installed font can draw.
    void set(const std::string& field, const std::string& text, const FontSpec& font,
             double size_pt)
    {
        if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr))
            throw CardRenderError(CardRenderError::Reason::unrenderable_glyph, field,
                                  "text is not valid UTF-8");
        FontDescription desc(pango_font_description_new());
        pango_font_description_set_family(desc.get(), font.family.c_str());
        pango_font_description_set_weight(desc.get(),
                                          font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_absolute_size(desc.get(), g_.pt(size_pt) * PANGO_SCALE);
        pango_layout_set_font_description(layout_.get(), desc.get());
        pango_layout_set_width(layout_.get(), -1);
        pango_layout_set_text(layout_.get(), text.data(), static_cast<int>(text.size()));
        if (const int unknown = pango_layout_get_unknown_glyphs_count(layout_.get()); unknown > 0)
            throw CardRenderError(CardRenderError::Reason::unrenderable_glyph, field,
                                  std::to_string(unknown) +
                                      " character(s) no installed font can render in \"" + text +
                                      "\"");
    }

    // Wraps at `width_mm` (word first, inside a word if it must).
    void wrap(double width_mm, Align align)
    {
        pango_layout_set_width(layout_.get(), static_cast<int>(g_.len(width_mm) * PANGO_SCALE));
        pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout_.get(), align == Align::left     ? PANGO_ALIGN_LEFT
                                                  : align == Align::centre ? PANGO_ALIGN_CENTER
                                                                           : PANGO_ALIGN_RIGHT);
    }

    PangoRectangle logical() const
    {
        PangoRectangle ink, log;
        pango_layout_get_pixel_extents(layout_.get(), &ink, &log);
        return log;
    }
    PangoRectangle ink() const
    {
        PangoRectangle ink, log;
        pango_layout_get_pixel_extents(layout_.get(), &ink, &log);
        return ink;
    }
    int lines() const { return pango_layout_get_line_count(layout_.get()); }
    // First line's baseline below the layout's top, in dots.
    double baseline() const
    {
        return static_cast<double>(pango_layout_get_baseline(layout_.get())) / PANGO_SCALE;
    }

    void draw(double x_dots, double y_dots)
    {
        cairo_move_to(cr_, x_dots, y_dots);
        pango_cairo_show_layout(cr_, layout_.get());
    }

private:
    cairo_t* cr_;
    const Geometry& g_;
    PangoLayoutPtr layout_;
};

std::string fill(const TextElement& e, const CardData& data)
{
    std::string text;
    for (const auto& part : e.value) {
        if (!part.is_field) {
            text += part.text;
            continue;
        }
        const auto& value = data.holder.*(*card_field(part.text));
        if (value.empty() && e.required)
            throw CardRenderError(CardRenderError::Reason::missing_field, part.text,
                                  "required for \"" + e.name + "\" but empty");
        text += value;
    }
    return text;
}

// Applies the overflow rule: the largest size (down to the minimum) that
// fits on one line; failing that, the largest that fits in max_lines.
PlacedText set_value(TextSetter& t, const TextElement& e, const std::string& text,
                     const Geometry& g)
{
    const double box_w = g.len(e.box.width_mm);
    const double box_h = g.len(e.box.height_mm);
    const auto fits = [&] {
        const auto r = t.logical();
        return r.width <= box_w && r.height <= box_h;
    };
    const auto sizes = [&](auto&& body) {
        for (double size = e.font.size_pt; size >= e.min_size_pt - 1e-9; size -= kShrinkStepPt)
            if (body(size))
                return true;
        return false;
    };
    double chosen = 0;
    bool done = sizes([&](double size) {
        t.set(e.name, text, e.font, size);
        chosen = size;
        return fits();
    });
    if (done) {
        t.wrap(e.box.width_mm, e.align); // for the alignment; one line stays one line
    } else if (e.max_lines > 1) {
        done = sizes([&](double size) {
            t.set(e.name, text, e.font, size);
            t.wrap(e.box.width_mm, e.align);
            chosen = size;
            return t.lines() <= e.max_lines && fits();
        });
    }
    if (!done)
        throw CardRenderError(CardRenderError::Reason::text_does_not_fit, e.name,
                              "\"" + text + "\" does not fit its box even at " +
                                  std::to_string(e.min_size_pt) + " pt on " +
                                  std::to_string(e.max_lines) + " line(s)");
    const auto ink = t.ink();
    const double x = g.x(e.box.x_mm);
    const double y = g.y(e.box.y_mm);
    PlacedText placed;
    placed.element = e.name;
    placed.baseline_y = y + t.baseline();
    placed.size_pt = chosen;
    placed.lines = t.lines();
    placed.box = g.dots(e.box);
    placed.ink = {static_cast<std::int32_t>(std::floor(x + ink.x)),
                  static_cast<std::int32_t>(std::floor(y + ink.y)),
                  static_cast<std::int32_t>(std::ceil(x + ink.x + ink.width)),
                  static_cast<std::int32_t>(std::ceil(y + ink.y + ink.height))};
    t.draw(x, y);
    return placed;
}

// Sits the label (and colon) on the value's first baseline, whatever size
// the value was shrunk to; with no value, on the baseline the value's font
// would have.
void set_label(TextSetter& t, const TextElement& e, const Geometry& g,
               std::optional<double> value_baseline)
{
    if (!e.label)
        return;
    const auto field = e.name + " label";
    if (!value_baseline) {
        t.set(field, "X", e.font, e.font.size_pt);
        value_baseline = g.y(e.box.y_mm) + t.baseline();
    }
    t.set(field, *e.label, e.label_font, e.label_font.size_pt);
    const double y = *value_baseline - t.baseline();
    if (e.colon_x_mm) {
        const double room = g.len(*e.colon_x_mm - e.label_x_mm - kLabelGapMm);
        if (t.logical().width > room)
            throw CardRenderError(CardRenderError::Reason::text_does_not_fit, field,
                                  "label \"" + *e.label + "\" runs into its colon");
    }
    t.draw(g.x(e.label_x_mm), y);
    if (e.colon_x_mm) {
        t.set(field, ":", e.label_font, e.label_font.size_pt);
        t.draw(g.x(*e.colon_x_mm), y);
    }
}

} // namespace

RenderedFront CardRenderer::render(const CardData& data) const
{
    const Geometry g(layout_);
    const auto w = layout_.width_dots;
    const auto h = layout_.height_dots;

    // Pictures first: a bad photo is reported before any work is done.
    const auto photo = picture(data.photo, "photo", false);
    const auto signature =
        data.signature ? picture(*data.signature, "signature", true) : CairoSurface{};

    auto colour = surface(CAIRO_FORMAT_RGB24, w, h);
    auto black = surface(CAIRO_FORMAT_A8, w, h);
    {
        auto cr = context(colour.get());
        CairoPattern bg(cairo_pattern_create_linear(0, 0, w * 0.25, h));
        const auto stop = [&](double at, const Rgb& c) {
            cairo_pattern_add_color_stop_rgb(bg.get(), at, c.r / 255.0, c.g / 255.0, c.b / 255.0);
        };
        stop(0, layout_.background_top);
        stop(1, layout_.background_bottom);
        cairo_set_source(cr.get(), bg.get());
        cairo_paint(cr.get());

        double left = 0, top = 0, scale = 1;
        auto p = fitted_pattern(photo.get(), g, layout_.photo, left, top, scale);
        cairo_rectangle(cr.get(), left, top, cairo_image_surface_get_width(photo.get()) * scale,
                        cairo_image_surface_get_height(photo.get()) * scale);
        cairo_set_source(cr.get(), p.get());
        cairo_fill(cr.get());
        check_cairo(cairo_status(cr.get()), "drawing the colour layer");
    }

    RenderedFront front;
    {
        // Black text goes to its own coverage layer so separation sends it
        // to K whole instead of mixing it from C, M and Y.
        auto cr = context(black.get());
        cairo_set_source_rgba(cr.get(), 0, 0, 0, 1);
        TextSetter setter(cr.get(), g);
        for (const auto& e : layout_.texts) {
            const auto text = fill(e, data);
            std::optional<double> baseline;
            if (!text.empty()) { // optional and absent: the label still prints
                front.texts.push_back(set_value(setter, e, text, g));
                baseline = front.texts.back().baseline_y;
            }
            set_label(setter, e, g, baseline);
        }
        if (signature) {
            double left = 0, top = 0, scale = 1;
            auto p = fitted_pattern(signature.get(), g, layout_.signature, left, top, scale);
            cairo_mask(cr.get(), p.get());
        }
        check_cairo(cairo_status(cr.get()), "drawing the black layer");
    }
    cairo_surface_flush(colour.get());
    cairo_surface_flush(black.get());

    front.colour = {w, h, std::vector<std::uint8_t>(std::size_t{w} * h * 3)};
    front.black = {w, h, std::vector<std::uint8_t>(std::size_t{w} * h)};
    const auto* cdata = cairo_image_surface_get_data(colour.get());
    const auto cstride = cairo_image_surface_get_stride(colour.get());
    const auto* kdata = cairo_image_surface_get_data(black.get());
    const auto kstride = cairo_image_surface_get_stride(black.get());
    for (std::uint32_t y = 0; y < h; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(cdata + y * cstride);
        for (std::uint32_t x = 0; x < w; ++x) {
            auto* out = &front.colour.rgb[3 * (std::size_t{y} * w + x)];
            out[0] = static_cast<std::uint8_t>(row[x] >> 16);
            out[1] = static_cast<std::uint8_t>(row[x] >> 8);
            out[2] = static_cast<std::uint8_t>(row[x]);
            front.black.value[std::size_t{y} * w + x] = kdata[y * kstride + x];
        }
    }
    front.black_ink = layout_.text_colour;
    if (layout_.chip_window)
        front.overlay_clear.push_back(g.dots(*layout_.chip_window));
    if (layout_.overlay_clear_signature)
        front.overlay_clear.push_back(g.dots(layout_.signature));
    return front;
}

} // namespace ktpel::card
