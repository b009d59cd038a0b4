// SPDX-License-Identifier: Apache-2.0
// The renderer: grey ink on white, where the strokes are, as a PNG that
// decodes back (with cairo's own reader) to the same pixels.
#include <cstring>

#include <cairo.h>
#include <gtest/gtest.h>

#include "biometrics/signature/png_encoder.hpp"
#include "biometrics/signature/signature_renderer.hpp"
#include "sim/emulators/signature_pad_emulator.hpp"
#include "sim/synthetic_signature/signature_rendition.hpp"

namespace ktpel::biometrics::signature {
namespace {

const drivers::PadGeometry kPad{9600, 6000, 100.0, 1023, 200};

drivers::PenStroke line(std::uint16_t x0, std::uint16_t y0, std::uint16_t x1, std::uint16_t y1,
                        std::uint16_t pressure)
{
    drivers::PenStroke stroke;
    for (int i = 0; i <= 20; ++i)
        stroke.samples.push_back({static_cast<std::uint16_t>(x0 + (x1 - x0) * i / 20),
                                  static_cast<std::uint16_t>(y0 + (y1 - y0) * i / 20), pressure,
                                  static_cast<std::uint32_t>(5 * i), drivers::PenContact::down});
    return stroke;
}

// A synthetic signature in pad units, as the emulated pad reports it.
std::vector<drivers::PenStroke> synthetic(std::uint64_t person)
{
    const sim::SignaturePadEmulatorSettings settings;
    const auto rendition = sim::signature::perform(sim::signature::style_of_person(person), {});
    std::vector<drivers::PenStroke> strokes;
    bool down = false;
    for (const auto& sample : rendition.samples) {
        if (sample.touching) {
            if (!down)
                strokes.emplace_back();
            strokes.back().samples.push_back(sim::pad_sample_of(sample, settings, 0));
        }
        down = sample.touching;
    }
    return strokes;
}

std::uint8_t pixel(const drivers::RasterImage& image, std::uint32_t x, std::uint32_t y)
{
    return image.pixels.at(static_cast<std::size_t>(y) * image.width + x);
}

std::size_t dark_pixels(const drivers::RasterImage& image, std::uint32_t x0, std::uint32_t y0,
                        std::uint32_t x1, std::uint32_t y1)
{
    std::size_t count = 0;
    for (std::uint32_t y = y0; y < y1; ++y) {
        for (std::uint32_t x = x0; x < x1; ++x)
            count += pixel(image, x, y) < 128;
    }
    return count;
}

struct PngReading
{
    std::span<const std::uint8_t> bytes;
    std::size_t offset = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length)
{
    auto& reading = *static_cast<PngReading*>(closure);
    if (reading.bytes.size() - reading.offset < length)
        return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, reading.bytes.data() + reading.offset, length);
    reading.offset += length;
    return CAIRO_STATUS_SUCCESS;
}

// Decodes with cairo: grey PNGs come back as RGB24, grey in every channel.
drivers::RasterImage decode(const std::vector<std::uint8_t>& png)
{
    PngReading reading{png};
    cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(read_png, &reading);
    drivers::RasterImage image;
    if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) {
        image.width = static_cast<std::uint32_t>(cairo_image_surface_get_width(surface));
        image.height = static_cast<std::uint32_t>(cairo_image_surface_get_height(surface));
        const int stride = cairo_image_surface_get_stride(surface);
        const unsigned char* data = cairo_image_surface_get_data(surface);
        for (std::uint32_t y = 0; y < image.height; ++y) {
            for (std::uint32_t x = 0; x < image.width; ++x) {
                std::uint32_t argb;
                std::memcpy(&argb, data + static_cast<std::ptrdiff_t>(y) * stride + 4 * x, 4);
                image.pixels.push_back(static_cast<std::uint8_t>(argb & 0xff));
            }
        }
    }
    cairo_surface_destroy(surface);
    return image;
}

TEST(SignatureRenderer, InkGoesWhereTheStrokeIsOnWhitePaper)
{
    // A horizontal line across the middle of the pad, shown whole.
    const auto image =
        render_signature({line(2000, 3000, 7600, 3000, 1023)}, kPad, preview_options());
    ASSERT_EQ(image.width, 480u);
    ASSERT_EQ(image.height, 300u);
    EXPECT_EQ(image.pixels.size(), 480u * 300u);
    // 9600 x 6000 units onto 480 x 300: 20 units a pixel; y 3000 -> row 150.
    EXPECT_LT(pixel(image, 240, 150), 64);
    EXPECT_LT(pixel(image, 110, 150), 64);
    EXPECT_EQ(pixel(image, 240, 140), 255);
    EXPECT_EQ(pixel(image, 50, 150), 255); // left of where the line starts
    EXPECT_EQ(pixel(image, 240, 20), 255);
    // Anti-aliased: the line's edge has greys between ink and paper.
    bool grey_edge = false;
    for (std::uint32_t y = 145; y < 156; ++y)
        grey_edge |= pixel(image, 240, y) > 10 && pixel(image, 240, y) < 245;
    EXPECT_TRUE(grey_edge);
}

// How much ink the image holds, in fully dark pixels' worth.
double ink(const drivers::RasterImage& image)
{
    double total = 0;
    for (const auto value : image.pixels)
        total += (255 - value) / 255.0;
    return total;
}

TEST(SignatureRenderer, HarderPressureDrawsAWiderLine)
{
    const auto light =
        render_signature({line(2000, 3000, 7600, 3000, 60)}, kPad, preview_options());
    const auto hard =
        render_signature({line(2000, 3000, 7600, 3000, 1023)}, kPad, preview_options());
    // 280 px long: 2.5 px wide at full pressure, 1.17 px at 60 of 1023.
    EXPECT_NEAR(ink(hard), 280 * 2.5, 20);
    EXPECT_NEAR(ink(light), 280 * 1.17, 20);
}

TEST(SignatureRenderer, JoinsAndCrossingsAreInkedOnce)
{
    // Twenty segments with a join every 14 px: the line's edge is as light
    // at a join as between two, since overlapping pieces are one shape.
    auto options = preview_options();
    options.pen_width_px = 1.5;
    const auto image = render_signature({line(2000, 3010, 7600, 3010, 1023)}, kPad, options);
    std::uint8_t lightest = 0;
    std::uint8_t darkest = 255;
    for (std::uint32_t x = 120; x < 360; ++x) {
        lightest = std::max(lightest, pixel(image, x, 151));
        darkest = std::min(darkest, pixel(image, x, 151));
    }
    EXPECT_LE(lightest - darkest, 2);
    // Two crossing strokes: no hole where they cross.
    const auto cross =
        render_signature({line(2000, 1000, 7600, 5000, 1023), line(2000, 5000, 7600, 1000, 1023)},
                         kPad, preview_options());
    EXPECT_LT(pixel(cross, 240, 150), 40);
}

TEST(SignatureRenderer, CardImageCropsToTheInkWithAMargin)
{
    const auto strokes = synthetic(2);
    const auto image = render_signature(strokes, kPad, card_signature_options());
    ASSERT_EQ(image.width, 600u);
    ASSERT_EQ(image.height, 200u);
    EXPECT_EQ(image.ppi, 300u);
    // Ink near both edges of the longer extent, none in the margin.
    std::uint32_t left = image.width, right = 0, top = image.height, bottom = 0;
    for (std::uint32_t y = 0; y < image.height; ++y) {
        for (std::uint32_t x = 0; x < image.width; ++x) {
            if (pixel(image, x, y) < 200) {
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
        }
    }
    const std::uint32_t margin = 12; // 6 % of 200
    EXPECT_GE(left, margin);
    EXPECT_GE(top, margin);
    EXPECT_LE(right, image.width - margin);
    EXPECT_LE(bottom, image.height - margin);
    // The ink fills the box in at least one direction.
    EXPECT_TRUE(right - left > image.width - 4 * margin || bottom - top > image.height - 4 * margin)
        << left << ".." << right << " x " << top << ".." << bottom;
}

TEST(SignatureRenderer, PngDecodesBackToTheSamePixels)
{
    const auto image = render_signature(synthetic(5), kPad, card_signature_options());
    const auto png = encode_png(image);
    ASSERT_GT(png.size(), 8u);
    EXPECT_EQ(std::vector<std::uint8_t>(png.begin(), png.begin() + 8),
              (std::vector<std::uint8_t>{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}));
    EXPECT_EQ(png[25], 0) << "colour type 0: greyscale";
    const auto decoded = decode(png);
    ASSERT_EQ(decoded.width, image.width);
    ASSERT_EQ(decoded.height, image.height);
    EXPECT_EQ(decoded.pixels, image.pixels);
    EXPECT_GT(dark_pixels(decoded, 0, 0, decoded.width, decoded.height), 2000u);
}

TEST(SignatureRenderer, NoInkIsBlankPaper)
{
    const auto image = render_signature({}, kPad, card_signature_options());
    EXPECT_EQ(std::count(image.pixels.begin(), image.pixels.end(), 255),
              static_cast<std::ptrdiff_t>(image.pixels.size()));
}

TEST(SignatureRenderer, ASingleTapIsADot)
{
    drivers::PenStroke tap;
    tap.samples.push_back({4800, 3000, 800, 0, drivers::PenContact::down});
    const auto image = render_signature({tap}, kPad, preview_options());
    EXPECT_LT(pixel(image, 240, 150), 128);
    EXPECT_EQ(pixel(image, 250, 150), 255);
}

TEST(SignatureRenderer, ATinyScribbleIsNotBlownUp)
{
    // 2 mm of ink: at most twice natural size at 300 ppi (~47 px).
    const auto image =
        render_signature({line(4000, 3000, 4200, 3000, 900)}, kPad, card_signature_options());
    std::uint32_t left = image.width, right = 0;
    for (std::uint32_t x = 0; x < image.width; ++x) {
        if (pixel(image, x, 100) < 128) {
            left = std::min(left, x);
            right = std::max(right, x);
        }
    }
    ASSERT_LE(left, right);
    EXPECT_LT(right - left, 60u);
}

TEST(SignatureRenderer, RefusesImpossibleSizes)
{
    auto options = card_signature_options();
    options.width = 0;
    EXPECT_THROW(render_signature({}, kPad, options), std::invalid_argument);
    EXPECT_THROW(render_signature({}, drivers::PadGeometry{}, card_signature_options()),
                 std::invalid_argument);
    drivers::RasterImage broken{10, 10, 0, std::vector<std::uint8_t>(5)};
    EXPECT_THROW(encode_png(broken), std::invalid_argument);
}

} // namespace
} // namespace ktpel::biometrics::signature
