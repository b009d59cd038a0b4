// SPDX-License-Identifier: Apache-2.0
#include "iris_segmentation.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "grey_frame.hpp"
#include "iris_input_error.hpp"

namespace ktpel::biometrics::iris {

namespace {

constexpr int specular_dilation_px = 2;
constexpr int fill_window_px = 7;

double median(std::vector<float>& values)
{
    if (values.empty())
        return 0.0;
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

// Saturated reflections, grown by a couple of pixels to include their halo.
std::vector<bool> find_speculars(const GreyFrame& frame, double threshold)
{
    const int w = frame.width();
    const int h = frame.height();
    std::vector<bool> mask(static_cast<std::size_t>(w * h), false);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            if (frame.at(x, y) < threshold)
                continue;
            for (int dy = -specular_dilation_px; dy <= specular_dilation_px; ++dy)
                for (int dx = -specular_dilation_px; dx <= specular_dilation_px; ++dx) {
                    const int sx = x + dx;
                    const int sy = y + dy;
                    if (sx >= 0 && sy >= 0 && sx < w && sy < h)
                        mask[static_cast<std::size_t>(sy * w + sx)] = true;
                }
        }
    return mask;
}

// Replaces reflection pixels by the darkest unmasked neighbour, so that a
// reflection inside the pupil reads as pupil to the localisers.
GreyFrame fill_speculars(const GreyFrame& frame, const std::vector<bool>& mask)
{
    GreyFrame filled = frame;
    const int w = frame.width();
    const int h = frame.height();
    const auto masked = static_cast<std::size_t>(std::count(mask.begin(), mask.end(), true));
    // An over-exposed frame is not a reflection problem; leave it to quality.
    if (masked * 20 > mask.size())
        return filled;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            if (!mask[static_cast<std::size_t>(y * w + x)])
                continue;
            float darkest = 255.0f;
            bool any = false;
            for (int reach = fill_window_px; !any && reach <= 4 * fill_window_px; reach *= 2)
                for (int dy = -reach; dy <= reach; ++dy)
                    for (int dx = -reach; dx <= reach; ++dx) {
                        const int sx = x + dx;
                        const int sy = y + dy;
                        if (sx < 0 || sy < 0 || sx >= w || sy >= h ||
                            mask[static_cast<std::size_t>(sy * w + sx)])
                            continue;
                        darkest = std::min(darkest, frame.at(sx, sy));
                        any = true;
                    }
            filled.at(x, y) = darkest;
        }
    return filled;
}

bool inside(const Circle& c, double x, double y)
{
    const double dx = x - c.x;
    const double dy = y - c.y;
    return dx * dx + dy * dy < c.radius * c.radius;
}

} // namespace

SegmentationResult segment_eye(const ktpel::RasterImage& image,
                               const SegmentationSettings& settings)
{
    if (image.width < 64 || image.height < 64)
        throw IrisInputError("iris frame smaller than 64 x 64");
    const GreyFrame raw = GreyFrame::from_raster(image);
    const std::vector<bool> specular = find_speculars(raw, settings.specular_threshold);
    const GreyFrame filled = fill_speculars(raw, specular);

    const auto pupil = locate_pupil(filled, settings.pupil);
    if (!pupil)
        return NoEyeFound{NoEyeReason::no_pupil, "no candidate circle fits in the frame"};
    const double contrast = pupil->ring_level - pupil->inner_level;
    const double ratio = pupil->ring_level > 0.0 ? pupil->inner_level / pupil->ring_level : 1.0;
    if (pupil->circle.radius < settings.pupil.min_radius_px ||
        contrast < settings.min_pupil_contrast || ratio > settings.max_pupil_inner_ratio ||
        pupil->inner_spread > settings.max_pupil_inner_spread) {
        std::ostringstream detail;
        detail << "best dark disc r=" << pupil->circle.radius << " inner=" << pupil->inner_level
               << " ring=" << pupil->ring_level << " spread=" << pupil->inner_spread;
        return NoEyeFound{NoEyeReason::no_pupil, detail.str()};
    }

    LimbusSearchLimits limbus_limits = settings.limbus;
    const auto limbus = locate_limbus(filled, pupil->circle, limbus_limits);
    if (!limbus || limbus->edge_strength < settings.min_limbus_edge ||
        std::hypot(limbus->circle.x - pupil->circle.x, limbus->circle.y - pupil->circle.y) +
                pupil->circle.radius >=
            limbus->circle.radius - 2.0) {
        std::ostringstream detail;
        detail << "pupil r=" << pupil->circle.radius;
        if (limbus)
            detail << ", best limbus r=" << limbus->circle.radius
                   << " edge=" << limbus->edge_strength;
        return NoEyeFound{NoEyeReason::no_iris_boundary, detail.str()};
    }

    IrisSegmentation seg;
    seg.pupil = pupil->circle;
    seg.iris = limbus->circle;
    seg.pupil_edge_strength = pupil->edge_strength;
    seg.limbus_edge_strength = limbus->edge_strength;
    seg.eyelids = locate_eyelids(filled, seg.pupil, seg.iris, settings.eyelids);
    seg.width = image.width;
    seg.height = image.height;
    seg.labels.assign(image.pixels.size(), IrisPixel::outside);

    const int w = raw.width();
    const int h = raw.height();
    const int x0 = std::max(0, static_cast<int>(std::floor(seg.iris.x - seg.iris.radius)));
    const int x1 = std::min(w - 1, static_cast<int>(std::ceil(seg.iris.x + seg.iris.radius)));
    const int y0 = std::max(0, static_cast<int>(std::floor(seg.iris.y - seg.iris.radius)));
    const int y1 = std::min(h - 1, static_cast<int>(std::ceil(seg.iris.y + seg.iris.radius)));

    // Levels first: the eyelash threshold sits between pupil and iris.
    std::vector<float> pupil_values;
    std::vector<float> iris_values;
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const auto i = static_cast<std::size_t>(y * w + x);
            if (specular[i])
                continue;
            if (inside(Circle{seg.pupil.x, seg.pupil.y, 0.8 * seg.pupil.radius}, x, y))
                pupil_values.push_back(raw.at(x, y));
            else if (inside(seg.iris, x, y) && !inside(seg.pupil, x, y) &&
                     !seg.eyelids.upper.covers(x, y) && !seg.eyelids.lower.covers(x, y))
                iris_values.push_back(raw.at(x, y));
        }
    seg.pupil_level = median(pupil_values);
    const double iris_all = median(iris_values);
    const double lash_level =
        seg.pupil_level + settings.eyelash_level_share * (iris_all - seg.pupil_level);

    // Lashes are thin: judge them on a lightly smoothed frame so that noise
    // alone does not flag pixels.
    const GreyFrame smooth = raw.smoothed(0.8);
    const Circle lash_free_zone{seg.pupil.x, seg.pupil.y, seg.pupil.radius + 4.0};
    std::vector<float> usable_values;
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            if (!inside(seg.iris, x, y) || inside(seg.pupil, x, y))
                continue;
            const auto i = static_cast<std::size_t>(y * w + x);
            IrisPixel label = IrisPixel::usable;
            if (seg.eyelids.upper.covers(x, y) || seg.eyelids.lower.covers(x, y))
                label = IrisPixel::eyelid;
            else if (specular[i])
                label = IrisPixel::specular;
            else if (smooth.at(x, y) < lash_level && !inside(lash_free_zone, x, y))
                label = IrisPixel::eyelash;
            seg.labels[i] = label;
            ++seg.annulus_pixels;
            switch (label) {
            case IrisPixel::usable:
                ++seg.usable_pixels;
                usable_values.push_back(raw.at(x, y));
                break;
            case IrisPixel::eyelid:
                ++seg.eyelid_pixels;
                break;
            case IrisPixel::specular:
                ++seg.specular_pixels;
                break;
            case IrisPixel::eyelash:
                ++seg.eyelash_pixels;
                break;
            case IrisPixel::outside:
                break;
            }
        }
    seg.iris_level = median(usable_values);
    return seg;
}

} // namespace ktpel::biometrics::iris
