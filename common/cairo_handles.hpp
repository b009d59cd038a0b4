// SPDX-License-Identifier: Apache-2.0
// Owning handles for the cairo objects the renderers use (signatures, the
// card front, the service receipt), and the check every cairo call site
// needs: cairo records errors in the object instead of returning them.
// Header only: whoever includes it links cairo (pkg-config cairo).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include <cairo.h>

namespace ktpel {

// Cairo failed (out of memory, an impossible size, a write error).
class CairoError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

namespace cairo_release {
struct Surface
{
    void operator()(cairo_surface_t* surface) const noexcept { cairo_surface_destroy(surface); }
};
struct Context
{
    void operator()(cairo_t* context) const noexcept { cairo_destroy(context); }
};
struct Pattern
{
    void operator()(cairo_pattern_t* pattern) const noexcept { cairo_pattern_destroy(pattern); }
};
struct FontOptions
{
    void operator()(cairo_font_options_t* options) const noexcept
    {
        cairo_font_options_destroy(options);
    }
};
} // namespace cairo_release

using CairoSurface = std::unique_ptr<cairo_surface_t, cairo_release::Surface>;
using CairoContext = std::unique_ptr<cairo_t, cairo_release::Context>;
using CairoPattern = std::unique_ptr<cairo_pattern_t, cairo_release::Pattern>;
using CairoFontOptions = std::unique_ptr<cairo_font_options_t, cairo_release::FontOptions>;

// Throws CairoError naming what was being done.
inline void check_cairo(cairo_status_t status, const char* doing)
{
    if (status != CAIRO_STATUS_SUCCESS)
        throw CairoError(std::string(doing) + ": " + cairo_status_to_string(status));
}

// An image surface of the given format, or CairoError (an impossible
// size, out of memory).
inline CairoSurface make_image_surface(cairo_format_t format, int width, int height)
{
    CairoSurface surface(cairo_image_surface_create(format, width, height));
    check_cairo(cairo_surface_status(surface.get()), "creating a cairo image surface");
    return surface;
}

} // namespace ktpel
