// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>

#include <gtest/gtest.h>

#include "daemon/card/card_layout.hpp"
#include "daemon/card/card_renderer.hpp"
#include "daemon/card/colour_separation.hpp"
#include "daemon/config/config_error.hpp"

namespace ktpel::card {
namespace {

const std::string kLayoutPath = std::string(KTPEL_SOURCE_DIR) + "/config/card/ktp-el.yaml";

// A passport-style photo: red ground, a face and shoulders, so a proof
// shows at once whether it was scaled and centred.
Raster demo_photo()
{
    Raster r{300, 400, 3, {}};
    r.pixels.resize(300 * 400 * 3);
    for (std::uint32_t y = 0; y < r.height; ++y)
        for (std::uint32_t x = 0; x < r.width; ++x) {
            auto* p = &r.pixels[3 * (y * r.width + x)];
            const double fx = (x - 150.0) / 80, fy = (y - 160.0) / 105;
            const double sx = (x - 150.0) / 150, sy = (y - 420.0) / 140;
            if (fx * fx + fy * fy < 1) {
                p[0] = 222, p[1] = 180, p[2] = 150; // face
            } else if (sx * sx + sy * sy < 1) {
                p[0] = 30, p[1] = 40, p[2] = 70; // jacket
            } else {
                p[0] = 200, p[1] = 30, p[2] = 35; // red ground
            }
        }
    return r;
}

Raster demo_signature()
{
    Raster r{400, 150, 1, std::vector<std::uint8_t>(400 * 150, 255)};
    for (int x = 20; x < 380; ++x) {
        const int yc = 75 + static_cast<int>(40 * std::sin(x / 23.0) * std::cos(x / 61.0));
        for (int dy = -3; dy <= 3; ++dy)
            r.pixels[(yc + dy) * 400 + x] = 20;
    }
    return r;
}

CardData demo_data()
{
    CardData d;
    d.holder.nik = "3508071708900003";
    d.holder.nama = "BUDI SANTOSO";
    d.holder.tempat_lahir = "LUMAJANG";
    d.holder.tanggal_lahir = "17-08-1990";
    d.holder.jenis_kelamin = "LAKI-LAKI";
    d.holder.golongan_darah = "O";
    d.holder.alamat = "JL. KENANGA NO. 12";
    d.holder.rt_rw = "003/005";
    d.holder.kelurahan_desa = "DITOTRUNAN";
    d.holder.kecamatan = "LUMAJANG";
    d.holder.agama = "ISLAM";
    d.holder.status_perkawinan = "KAWIN";
    d.holder.pekerjaan = "KARYAWAN SWASTA";
    d.holder.kewarganegaraan = "WNI";
    d.holder.berlaku_hingga = "SEUMUR HIDUP";
    d.holder.provinsi = "JAWA TIMUR";
    d.holder.kabupaten = "LUMAJANG";
    d.holder.tempat_terbit = "LUMAJANG";
    d.holder.tanggal_terbit = "24-11-2026";
    d.photo = demo_photo();
    d.signature = demo_signature();
    return d;
}

const PlacedText& placed(const RenderedFront& f, const std::string& name)
{
    for (const auto& t : f.texts)
        if (t.element == name)
            return t;
    throw std::runtime_error("no placed text " + name);
}

bool inside(const DotRect& inner, const DotRect& outer)
{
    return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 &&
           inner.y1 <= outer.y1;
}

CardRenderError::Reason render_error(const CardData& d, std::string& field)
{
    try {
        CardRenderer(load_card_layout(kLayoutPath)).render(d);
    } catch (const CardRenderError& e) {
        field = e.field();
        return e.reason();
    }
    ADD_FAILURE() << "no CardRenderError";
    return CardRenderError::Reason::missing_field;
}

TEST(CardLayout, ShippedKtpElLoads)
{
    const auto layout = load_card_layout(kLayoutPath);
    EXPECT_EQ(layout.width_dots, drivers::kCardWidthDots);
    EXPECT_EQ(layout.height_dots, drivers::kCardHeightDots);
    EXPECT_EQ(layout.texts.size(), 18u);
    // The KTP-el chip is contactless: no contact area spared from the overlay.
    EXPECT_FALSE(layout.chip_window.has_value());
    EXPECT_NEAR(layout.photo.height_mm / layout.photo.width_mm, 4.0 / 3.0, 0.01);
}

TEST(CardLayout, ErrorsAreLocated)
{
    const std::string unknown_key = "card:\n  width_mm: 85.6\n  colour: red\n";
    try {
        parse_card_layout(unknown_key, "bad.yaml");
        FAIL();
    } catch (const config::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("bad.yaml:3:3: unknown key \"colour\"", 0), 0u)
            << e.what();
    }
    try {
        parse_card_layout("card: [1, 2\n", "broken.yaml");
        FAIL();
    } catch (const config::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("broken.yaml:", 0), 0u) << e.what();
    }
}

TEST(CardLayout, UnknownFieldNamesAreRefused)
{
    auto text = std::string{};
    {
        std::ifstream in(kLayoutPath);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto at = text.find("PROVINSI {provinsi}");
    ASSERT_NE(at, std::string::npos);
    auto typo = text;
    typo.replace(at, 19, "PROVINSI {propinsi}");
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
    try {
        parse_card_layout(typo, "typo.yaml");
        FAIL();
    } catch (const config::ConfigError& e) {
        EXPECT_EQ(e.line(), line);
        EXPECT_NE(std::string(e.what()).find("unknown field \"propinsi\""), std::string::npos);
    }
    // An element without "value" must be named after a field.
    auto element = text;
    element.replace(element.find("  agama:"), 8, "  agamma:");
    EXPECT_THROW(parse_card_layout(element, "element.yaml"), config::ConfigError);
}

TEST(CardRenderer, TypicalCardRendersTextAndPhoto)
{
    const auto layout = load_card_layout(kLayoutPath);
    const auto front = CardRenderer(layout).render(demo_data());
    ASSERT_EQ(front.colour.width, drivers::kCardWidthDots);
    ASSERT_EQ(front.colour.height, drivers::kCardHeightDots);

    const auto& nik = placed(front, "nik");
    EXPECT_DOUBLE_EQ(nik.size_pt, 11);
    EXPECT_TRUE(inside(nik.ink, nik.box));
    int dark = 0;
    for (int y = nik.box.y0; y < nik.box.y1; ++y)
        for (int x = nik.box.x0; x < nik.box.x1; ++x)
            dark += front.black.value[y * front.black.width + x] > 128;
    EXPECT_GT(dark, 1000) << "the NIK did not land in its box";

    // The photo's red ground, not the blue card, at the top of the photo box.
    const auto px = [&](double x_mm, double y_mm) {
        const int x = static_cast<int>(2.5 + x_mm * 300 / 25.4);
        const int y = static_cast<int>(5.2 + y_mm * 300 / 25.4);
        return &front.colour.rgb[3 * (y * front.colour.width + x)];
    };
    const auto* in_photo = px(layout.photo.x_mm + 2, layout.photo.y_mm + 2);
    const auto* beside = px(layout.photo.x_mm - 1, layout.photo.y_mm + 2);
    EXPECT_GT(in_photo[0], 150);
    EXPECT_LT(in_photo[2], 80);
    EXPECT_GT(beside[2], 200) << "the background should be light blue";

    front.write_png(std::string(KTPEL_PROOF_DIR) + "/ktp-el-proof.png");
}

TEST(CardRenderer, LongNameIsShrunkThenWrappedInsideItsBox)
{
    auto d = demo_data();
    d.holder.nama = "AGUNG PRASETYO WICAKSONO HADI";
    auto front = CardRenderer(load_card_layout(kLayoutPath)).render(d);
    auto nama = placed(front, "nama");
    EXPECT_LT(nama.size_pt, 6);
    EXPECT_EQ(nama.lines, 1);
    EXPECT_TRUE(inside(nama.ink, nama.box));

    d.holder.nama = "RADEN MAS AGUNG PRASETYO WICAKSONO HADININGRAT SURYO KUSUMO NEGORO";
    front = CardRenderer(load_card_layout(kLayoutPath)).render(d);
    nama = placed(front, "nama");
    EXPECT_EQ(nama.lines, 2);
    EXPECT_GE(nama.size_pt, 4.5);
    EXPECT_TRUE(inside(nama.ink, nama.box));
    front.write_png(std::string(KTPEL_PROOF_DIR) + "/ktp-el-long-name.png");
}

TEST(CardRenderer, RefusesWhatCannotBePrintedRight)
{
    std::string field;
    auto d = demo_data();
    d.holder.alamat = "";
    for (int i = 0; i < 12; ++i)
        d.holder.alamat += "JALAN PANJANG SEKALI ";
    EXPECT_EQ(render_error(d, field), CardRenderError::Reason::text_does_not_fit);
    EXPECT_EQ(field, "alamat");

    d = demo_data();
    d.holder.nik.clear();
    EXPECT_EQ(render_error(d, field), CardRenderError::Reason::missing_field);
    EXPECT_EQ(field, "nik");

    d = demo_data();
    d.holder.golongan_darah.clear(); // optional: prints the label alone
    EXPECT_NO_THROW(CardRenderer(load_card_layout(kLayoutPath)).render(d));

    d = demo_data();
    d.photo = Raster{0, 0, 3, {}};
    EXPECT_EQ(render_error(d, field), CardRenderError::Reason::bad_picture);
    EXPECT_EQ(field, "photo");

    d = demo_data();
    d.holder.pekerjaan = "\xee\x80\x80"; // U+E000, private use: no font has it
    EXPECT_EQ(render_error(d, field), CardRenderError::Reason::unrenderable_glyph);
    EXPECT_EQ(field, "pekerjaan");
}

RgbImage flat(std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    RgbImage img{drivers::kCardWidthDots, drivers::kCardHeightDots, {}};
    img.rgb.resize(std::size_t{img.width} * img.height * 3);
    for (std::size_t i = 0; i < img.rgb.size(); i += 3)
        img.rgb[i] = r, img.rgb[i + 1] = g, img.rgb[i + 2] = b;
    return img;
}

GreyImage no_black()
{
    return {
        drivers::kCardWidthDots, drivers::kCardHeightDots,
        std::vector<std::uint8_t>(std::size_t{drivers::kCardWidthDots} * drivers::kCardHeightDots)};
}

double mean(const drivers::Panel& p)
{
    return std::accumulate(p.dots.begin(), p.dots.end(), 0.0) / p.dots.size();
}

TEST(ColourSeparation, WhiteNeedsNoInk)
{
    const auto side = separate(flat(255, 255, 255), no_black(), {});
    EXPECT_EQ(side.cyan.levels, 32);
    EXPECT_EQ(side.black.levels, 2);
    EXPECT_EQ(mean(side.yellow), 0);
    EXPECT_EQ(mean(side.magenta), 0);
    EXPECT_EQ(mean(side.cyan), 0);
    EXPECT_EQ(mean(side.black), 0);
    EXPECT_EQ(mean(side.overlay), 1);
}

TEST(ColourSeparation, CyanGoesToCyan)
{
    const auto side = separate(flat(0, 255, 255), no_black(), {});
    EXPECT_GE(mean(side.cyan), 30.5);
    EXPECT_LE(mean(side.magenta), 0.5);
    EXPECT_LE(mean(side.yellow), 0.5);
    EXPECT_EQ(mean(side.black), 0);
}

TEST(ColourSeparation, BlackTextAndNearBlackGoToK)
{
    auto black = no_black();
    black.value[0] = 255;
    auto side = separate(flat(255, 255, 255), black, {});
    EXPECT_EQ(side.black.dots[0], 1);
    EXPECT_EQ(side.black.dots[1], 0);
    side = separate(flat(5, 5, 5), no_black(), {});
    EXPECT_EQ(mean(side.black), 1);
    EXPECT_EQ(mean(side.cyan), 0);
}

TEST(ColourSeparation, DitheringPreservesTheMeanLevel)
{
    // 0.37 of full ink falls between two of the 32 levels.
    const auto value = static_cast<std::uint8_t>(std::lround(255 * (1 - 0.37)));
    const double want = (1 - value / 255.0) * 31;
    const auto side = separate(flat(value, 255, 255), no_black(), {});
    EXPECT_NEAR(mean(side.cyan), want, 0.02);
    // Dithered, not rounded: both neighbouring levels occur.
    EXPECT_NE(std::count(side.cyan.dots.begin(), side.cyan.dots.end(), 11), 0);
    EXPECT_NE(std::count(side.cyan.dots.begin(), side.cyan.dots.end(), 12), 0);
}

TEST(ColourSeparation, TheKtpElOverlayCoversTheWholeFront)
{
    const auto side = separate(CardRenderer(load_card_layout(kLayoutPath)).render(demo_data()));
    EXPECT_EQ(std::count(side.overlay.dots.begin(), side.overlay.dots.end(), 0), 0);
}

TEST(ColourSeparation, OverlaySparesTheChipWindowOfAContactCard)
{
    auto layout = load_card_layout(kLayoutPath);
    // The ISO/IEC 7816-2 contact area C1..C8.
    layout.chip_window = MmRect{10.25, 19.23, 9.62, 9.32};
    const auto front = CardRenderer(layout).render(demo_data());
    const auto side = separate(front);
    ASSERT_EQ(front.overlay_clear.size(), 1u);
    const auto chip = front.overlay_clear[0];
    // ISO 7816-2 contact area, 300 dpi, card centred on the panel.
    EXPECT_NEAR(chip.x0, 2.5 + 10.25 * 300 / 25.4, 1.5);
    EXPECT_NEAR(chip.y1, 5.2 + 28.55 * 300 / 25.4, 1.5);
    std::size_t clear = 0;
    for (std::uint32_t y = 0; y < side.overlay.height; ++y)
        for (std::uint32_t x = 0; x < side.overlay.width; ++x) {
            const auto o = side.overlay.dots[y * side.overlay.width + x];
            const bool in = chip.contains(static_cast<int>(x), static_cast<int>(y));
            ASSERT_EQ(o, in ? 0 : 1) << x << "," << y;
            clear += in;
        }
    EXPECT_EQ(clear, std::size_t(chip.x1 - chip.x0) * (chip.y1 - chip.y0));
}

} // namespace
} // namespace ktpel::card
