// SPDX-License-Identifier: Apache-2.0
// Owning handles for cairo objects, and the check every cairo call site
// needs: cairo records errors in the object instead of returning them.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include <cairo.h>

namespace ktpel::biometrics::signature {

// Cairo failed (out of memory, an impossible size, a write error).
class CairoError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct SurfaceRelease
{
    void operator()(cairo_surface_t* surface) const noexcept { cairo_surface_destroy(surface); }
};
struct ContextRelease
{
    void operator()(cairo_t* context) const noexcept { cairo_destroy(context); }
};

using SurfaceHandle = std::unique_ptr<cairo_surface_t, SurfaceRelease>;
using ContextHandle = std::unique_ptr<cairo_t, ContextRelease>;

inline void check(cairo_status_t status, const char* doing)
{
    if (status != CAIRO_STATUS_SUCCESS)
        throw CairoError(std::string(doing) + ": " + cairo_status_to_string(status));
}

inline SurfaceHandle make_a8_surface(int width, int height)
{
    SurfaceHandle surface(cairo_image_surface_create(CAIRO_FORMAT_A8, width, height));
    check(cairo_surface_status(surface.get()), "creating an 8-bit cairo surface");
    return surface;
}

} // namespace ktpel::biometrics::signature
