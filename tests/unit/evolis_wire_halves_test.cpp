// SPDX-License-Identifier: Apache-2.0
// The two halves of the Evolis wire format against each other: the
// driver's codec writes panel downloads the emulated printer reads, and
// reads the status and refusals the printer writes. Each half was written
// on its own from docs/drivers/evolis.md, so a slip in either shows here.
#include <gtest/gtest.h>

#include "drivers/classes/device_failure.hpp"
#include "drivers/evolis/evolis_commands.hpp"
#include "drivers/evolis/evolis_panel_codec.hpp"
#include "drivers/evolis/evolis_status.hpp"
#include "sim/emulators/evolis_device_panels.hpp"
#include "sim/emulators/evolis_device_replies.hpp"

namespace ktpel {
namespace {

namespace printer = sim::evolis_panels;

// A card panel with something on every line: gradients, runs, blanks.
drivers::Panel card_panel(std::uint8_t levels, unsigned seed)
{
    drivers::Panel panel;
    panel.levels = levels;
    panel.dots.resize(std::size_t{panel.width} * panel.height);
    for (std::uint32_t y = 0; y < panel.height; ++y)
        for (std::uint32_t x = 0; x < panel.width; ++x) {
            const bool blank = (y / 37 + seed) % 5 == 0 || x > 900;
            const unsigned value = (x / 9 + y / 5 + seed) % levels;
            panel.dots[std::size_t{y} * panel.width + x] =
                blank ? 0 : static_cast<std::uint8_t>(value);
        }
    return panel;
}

// Splits "Db;<p>;<levels>;<data>" or "Dbc;<p>;<levels>;<length>;<data>"
// as the printer does, and reads the panel.
drivers::Panel printer_reads(const std::string& command)
{
    std::string_view rest = command;
    const auto field = [&] {
        const auto semi = rest.find(';');
        const auto head = rest.substr(0, semi);
        rest.remove_prefix(semi + 1);
        return head;
    };
    const auto name = field();
    field(); // the panel letter
    const auto levels = static_cast<std::uint8_t>(std::stoi(std::string(field())));
    if (name == "Dbc") {
        const auto length = std::stoul(std::string(field()));
        EXPECT_EQ(length, rest.size());
        return printer::read_compressed(rest, levels);
    }
    EXPECT_EQ(name, "Db");
    return printer::read_raw(rest, levels);
}

TEST(EvolisWireHalves, ThePrinterLaysTheDriversPanelsOnTheCardAsComposed)
{
    for (const std::uint8_t levels : {std::uint8_t{32}, std::uint8_t{2}}) {
        for (const auto encoding :
             {drivers::PanelEncoding::raw, drivers::PanelEncoding::compressed_when_smaller}) {
            const auto card = card_panel(levels, levels);
            const auto download = evolis::command::panel_download(
                levels == 32 ? 'y' : 'k', evolis::to_printer_orientation(card), encoding);
            EXPECT_EQ(download.compressed, encoding != drivers::PanelEncoding::raw);
            const auto landed = printer_reads(download.text);
            EXPECT_EQ(landed.width, card.width);
            EXPECT_EQ(landed.height, card.height);
            EXPECT_EQ(landed.levels, levels);
            EXPECT_EQ(landed.dots, card.dots)
                << int{levels} << " levels, " << (download.compressed ? "compressed" : "raw");
        }
    }
}

TEST(EvolisWireHalves, FullAndBlankLinesSurviveTheCompressedLayouts)
{
    for (const std::uint8_t levels : {std::uint8_t{32}, std::uint8_t{2}}) {
        drivers::Panel card;
        card.levels = levels;
        card.dots.assign(std::size_t{card.width} * card.height, 0);
        // Column 10 inked top to bottom: one full printer line.
        for (std::uint32_t y = 0; y < card.height; ++y)
            card.dots[std::size_t{y} * card.width + 10] = static_cast<std::uint8_t>(levels - 1);
        const auto compressed = evolis::encode_compressed(evolis::to_printer_orientation(card));
        EXPECT_EQ(printer::read_compressed(compressed, levels).dots, card.dots);
    }
    EXPECT_EQ(printer::raw_payload_size(32), evolis::raw_size(648, 1016, 32));
    EXPECT_EQ(printer::raw_payload_size(2), evolis::raw_size(648, 1016, 2));
}

TEST(EvolisWireHalves, ThePrinterRefusesMalformedPanelsWithItsOwnError)
{
    const auto printer_panel = evolis::to_printer_orientation(card_panel(32, 1));
    auto raw = evolis::encode_raw(printer_panel);
    raw.pop_back(); // a truncated download
    EXPECT_THROW(printer::read_raw(raw, 32), printer::BadPanelData);

    auto compressed = evolis::encode_compressed(printer_panel);
    EXPECT_THROW(printer::read_compressed(compressed.substr(0, compressed.size() - 1), 32),
                 printer::BadPanelData); // ends early
    EXPECT_THROW(printer::read_compressed(compressed + '\0', 32),
                 printer::BadPanelData); // goes on after its last line
    EXPECT_THROW(printer::read_compressed(std::string("\xe0\xff", 2) + compressed, 32),
                 printer::BadPanelData); // a run of 767 on a line of 648
    EXPECT_THROW(printer::read_compressed(std::string(1, '\x52'), 2),
                 printer::BadPanelData); // a K/O bit row longer than a line
    EXPECT_THROW(printer::read_raw(std::string(10, '\0'), 16), printer::BadPanelData);
}

TEST(EvolisWireHalves, TheDriverReadsThePrintersStatus)
{
    const auto low = evolis::parse_status(sim::evolis_replies::status("RIBBON_LOW", 20, 55));
    EXPECT_EQ(low.condition, "ribbon_low");
    EXPECT_TRUE(low.ready);
    EXPECT_TRUE(low.ribbon_low);
    EXPECT_EQ(low.ribbon_panels_left, 20);
    EXPECT_EQ(low.cards_in_hopper, 55);

    const auto jammed = evolis::parse_status(sim::evolis_replies::status("CARD_JAM", 200, 99));
    EXPECT_EQ(jammed.condition, "card_jam");
    EXPECT_FALSE(jammed.ready);
}

TEST(EvolisWireHalves, TheDriverTypesThePrintersRefusals)
{
    using Kind = drivers::DeviceFailure::Kind;
    const auto empty = evolis::command::refusal("Ss", sim::evolis_replies::refusal("FEEDER_EMPTY"));
    EXPECT_EQ(empty.kind(), Kind::hardware);
    EXPECT_EQ(empty.reason(), "feeder_empty");
    const auto mechanical =
        evolis::command::refusal("Sp", sim::evolis_replies::refusal("MECHANICAL"));
    EXPECT_EQ(mechanical.reason(), "mechanical_error");
    // A word the driver does not know is a protocol failure, never a guess.
    const auto unknown = evolis::command::refusal("Sp", sim::evolis_replies::refusal("SEQUENCE"));
    EXPECT_EQ(unknown.kind(), Kind::protocol);
    EXPECT_EQ(unknown.reason(), "command_refused");
}

} // namespace
} // namespace ktpel
