// SPDX-License-Identifier: Apache-2.0
// Owning handles for the Cairo, Pango and GLib objects the card code uses:
// every one is released on every path, exceptions included.
#pragma once

#include <memory>

#include <cairo.h>
#include <pango/pangocairo.h>

namespace ktpel::card::detail {

struct CairoSurfaceFree
{
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree
{
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct CairoPatternFree
{
    void operator()(cairo_pattern_t* p) const { cairo_pattern_destroy(p); }
};
struct CairoFontOptionsFree
{
    void operator()(cairo_font_options_t* o) const { cairo_font_options_destroy(o); }
};
struct GObjectUnref
{
    void operator()(void* o) const { g_object_unref(o); }
};
struct FontDescriptionFree
{
    void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};

using CairoSurface = std::unique_ptr<cairo_surface_t, CairoSurfaceFree>;
using Cairo = std::unique_ptr<cairo_t, CairoFree>;
using CairoPattern = std::unique_ptr<cairo_pattern_t, CairoPatternFree>;
using CairoFontOptions = std::unique_ptr<cairo_font_options_t, CairoFontOptionsFree>;
using PangoLayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using FontDescription = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

} // namespace ktpel::card::detail
