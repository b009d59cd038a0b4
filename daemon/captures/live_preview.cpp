// SPDX-License-Identifier: Apache-2.0
#include "live_preview.hpp"

#include <algorithm>

namespace ktpel::daemon {
namespace {

// Box filter: every output pixel is the mean of the input pixels it covers.
drivers::RasterImage shrink(const drivers::RasterImage& image, std::uint32_t factor)
{
    drivers::RasterImage small;
    small.width = std::max<std::uint32_t>(1, image.width / factor);
    small.height = std::max<std::uint32_t>(1, image.height / factor);
    small.pixels.resize(std::size_t{small.width} * small.height);
    for (std::uint32_t y = 0; y < small.height; ++y) {
        for (std::uint32_t x = 0; x < small.width; ++x) {
            std::uint32_t sum = 0, count = 0;
            for (std::uint32_t dy = 0; dy < factor && y * factor + dy < image.height; ++dy) {
                const auto* row = &image.pixels[std::size_t{y * factor + dy} * image.width];
                for (std::uint32_t dx = 0; dx < factor && x * factor + dx < image.width; ++dx) {
                    sum += row[x * factor + dx];
                    ++count;
                }
            }
            small.pixels[std::size_t{y} * small.width + x] =
                static_cast<std::uint8_t>(count ? sum / count : 0);
        }
    }
    return small;
}

} // namespace

drivers::RasterImage preview_image(const drivers::LiveFrame& frame, std::uint32_t max_width,
                                   std::uint32_t max_height)
{
    if (frame.images.empty())
        return {};
    const auto views = static_cast<std::uint32_t>(frame.images.size());
    const std::uint32_t view_width = std::max<std::uint32_t>(1, max_width / views);
    std::vector<drivers::RasterImage> shrunk;
    for (const auto& image : frame.images) {
        if (image.width == 0 || image.height == 0 ||
            image.pixels.size() != std::size_t{image.width} * image.height)
            return {};
        const std::uint32_t factor = std::max({1u, (image.width + view_width - 1) / view_width,
                                               (image.height + max_height - 1) / max_height});
        shrunk.push_back(shrink(image, factor));
    }
    drivers::RasterImage strip;
    for (const auto& view : shrunk) {
        strip.width += view.width;
        strip.height = std::max(strip.height, view.height);
    }
    strip.pixels.assign(std::size_t{strip.width} * strip.height, 0);
    std::uint32_t left = 0;
    for (const auto& view : shrunk) {
        for (std::uint32_t y = 0; y < view.height; ++y)
            std::copy_n(&view.pixels[std::size_t{y} * view.width], view.width,
                        &strip.pixels[std::size_t{y} * strip.width + left]);
        left += view.width;
    }
    return strip;
}

void publish_preview(const drivers::OperationContext& context, const drivers::LiveFrame& frame,
                     nlohmann::json extra)
{
    auto image = preview_image(frame);
    if (image.pixels.empty())
        return;
    extra["frame_number"] = frame.number;
    extra["views"] = frame.images.size();
    extra["image"] = {
        {"frame", 1}, {"format", "gray8"}, {"width", image.width}, {"height", image.height}};
    context.preview(std::move(extra), std::move(image.pixels));
}

} // namespace ktpel::daemon
