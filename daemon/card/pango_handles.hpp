// SPDX-License-Identifier: Apache-2.0
// Owning handles for the Pango and GLib objects the card and receipt text
// uses (the cairo ones are common/cairo_handles.hpp): every one is released
// on every path, exceptions included.
#pragma once

#include <memory>

#include <pango/pangocairo.h>

namespace ktpel::card::detail {

struct GObjectUnref
{
    void operator()(void* object) const noexcept { g_object_unref(object); }
};
struct FontDescriptionFree
{
    void operator()(PangoFontDescription* description) const noexcept
    {
        pango_font_description_free(description);
    }
};

using PangoLayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using FontDescription = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

} // namespace ktpel::card::detail
