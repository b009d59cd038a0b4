// SPDX-License-Identifier: Apache-2.0
// The Evolis driver's panel codec and print sequence against the emulator
// on the emulated bus.
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "drivers/classes/card_printer.hpp"
#include "drivers/evolis/evolis_panel_codec.hpp"
#include "drivers/registry/driver_registry.hpp"
#include "drivers/transport/usb_transport.hpp"
#include "sim/emulators/emulated_bus.hpp"
#include "sim/emulators/evolis_emulator.hpp"

namespace ktpel {
namespace {

using drivers::DeviceFailure;
using namespace std::chrono_literals;
using namespace std::string_literals;

drivers::Panel panel(std::uint32_t width, std::uint32_t height, std::uint8_t levels,
                     std::vector<std::uint8_t> dots)
{
    return {width, height, levels, std::move(dots)};
}

std::string bytes(std::initializer_list<int> values)
{
    std::string out;
    for (const int value : values)
        out.push_back(static_cast<char>(value));
    return out;
}

drivers::Panel card_panel(std::uint8_t levels, const std::function<std::uint8_t(int, int)>& at)
{
    drivers::Panel result;
    result.levels = levels;
    result.dots.resize(std::size_t{result.width} * result.height);
    for (std::uint32_t y = 0; y < result.height; ++y)
        for (std::uint32_t x = 0; x < result.width; ++x)
            result.dots[std::size_t{y} * result.width + x] =
                at(static_cast<int>(x), static_cast<int>(y));
    return result;
}

// A card as the daemon would compose one: flat areas, a gradient, text
// strokes in black, overlay everywhere but a chip window.
drivers::CardSide typical_side()
{
    return {
        card_panel(32, [](int x, int) { return static_cast<std::uint8_t>(x * 31 / 1015); }),
        card_panel(32, [](int x, int y) { return x > 100 && x < 300 && y > 200 ? 20 : 0; }),
        card_panel(32, [](int, int y) { return y < 120 ? 31 : 0; }),
        card_panel(2, [](int x, int y) { return (y / 8) % 3 == 0 && x % 5 < 3 ? 1 : 0; }),
        card_panel(2,
                   [](int x, int y) { return x > 100 && x < 250 && y > 250 && y < 400 ? 0 : 1; }),
    };
}

// A photo-like side whose colour panels do not compress.
drivers::CardSide noisy_side(unsigned seed)
{
    std::mt19937 random(seed);
    const auto noise = [&](std::uint8_t levels) {
        return card_panel(levels,
                          [&](int, int) { return static_cast<std::uint8_t>(random() % levels); });
    };
    return {noise(32), noise(32), noise(32), noise(2), noise(2)};
}

void expect_same(const drivers::CardSide& printed, const drivers::CardSide& sent)
{
    const std::pair<const drivers::Panel*, const drivers::Panel*> pairs[] = {
        {&printed.yellow, &sent.yellow},
        {&printed.magenta, &sent.magenta},
        {&printed.cyan, &sent.cyan},
        {&printed.black, &sent.black},
        {&printed.overlay, &sent.overlay}};
    for (const auto& [a, b] : pairs) {
        EXPECT_EQ(a->width, b->width);
        EXPECT_EQ(a->height, b->height);
        EXPECT_EQ(a->levels, b->levels);
        EXPECT_TRUE(a->dots == b->dots);
    }
}

// --- panel codec -----------------------------------------------------------

TEST(EvolisPanelCodec, ColourPanelGoldenBytes)
{
    const auto tiny = panel(3, 2, 32, {1, 0, 31, 0, 0, 0});
    // 5 bits a dot, MSB first: 00001 00000 11111 00000 00000 00000 (+2 pad bits).
    EXPECT_EQ(evolis::encode_raw(tiny), bytes({0x08, 0x3e, 0x00, 0x00}));
    // Three single dots, then a line blank to its end.
    EXPECT_EQ(evolis::encode_compressed(tiny), bytes({0x01, 0x00, 0x1f, 0x80, 0x00}));
    EXPECT_EQ(evolis::decode_raw(evolis::encode_raw(tiny), 3, 2, 32).dots, tiny.dots);
    EXPECT_EQ(evolis::decode_compressed(evolis::encode_compressed(tiny), 3, 2, 32).dots, tiny.dots);
}

TEST(EvolisPanelCodec, LongRunsUseTheCounterExtensionBits)
{
    const auto line = panel(1000, 1, 32, std::vector<std::uint8_t>(1000, 5));
    // 767 = 255 + 2 x 256 (both extension bits), then 233.
    EXPECT_EQ(evolis::encode_compressed(line), bytes({0xe5, 0xff, 0x85, 0xe9}));
    EXPECT_EQ(evolis::decode_compressed(evolis::encode_compressed(line), 1000, 1, 32).dots,
              line.dots);
}

TEST(EvolisPanelCodec, BitPanelGoldenBytes)
{
    std::vector<std::uint8_t> dots(30, 0);
    std::fill(dots.begin() + 10, dots.begin() + 20, 1);
    dots[20] = dots[29] = 1;
    const auto tiny = panel(10, 3, 2, dots);
    EXPECT_EQ(evolis::encode_raw(tiny), bytes({0x00, 0x3f, 0xf8, 0x04}));
    // White line, black line, a two-byte trimmed row.
    EXPECT_EQ(evolis::encode_compressed(tiny), bytes({0x00, 0xff, 0x02, 0x80, 0x40}));
    EXPECT_EQ(evolis::decode_compressed(evolis::encode_compressed(tiny), 10, 3, 2).dots, dots);
    EXPECT_EQ(evolis::decode_raw(evolis::encode_raw(tiny), 10, 3, 2).dots, dots);
}

TEST(EvolisPanelCodec, FullSizeRoundTripsBothWays)
{
    const auto side = noisy_side(7);
    for (const auto* card : {&side.yellow, &side.black}) {
        const auto printer = evolis::to_printer_orientation(*card);
        EXPECT_EQ(printer.width, 648u);
        EXPECT_EQ(printer.height, 1016u);
        EXPECT_EQ(evolis::encode_raw(printer).size(), card->levels == 32 ? 411480u : 82296u);
        EXPECT_EQ(evolis::decode_raw(evolis::encode_raw(printer), 648, 1016, card->levels).dots,
                  printer.dots);
        EXPECT_EQ(
            evolis::decode_compressed(evolis::encode_compressed(printer), 648, 1016, card->levels)
                .dots,
            printer.dots);
        EXPECT_EQ(evolis::to_card_orientation(printer).dots, card->dots);
    }
}

TEST(EvolisPanelCodec, QuarterTurnClockwise)
{
    // Card (landscape) 3 wide, 2 high: the bottom-left dot leads the first printer line.
    const auto card = panel(3, 2, 2, {1, 0, 0, 0, 0, 1});
    const auto printer = evolis::to_printer_orientation(card);
    EXPECT_EQ(printer.width, 2u);
    EXPECT_EQ(printer.height, 3u);
    EXPECT_EQ(printer.dots, (std::vector<std::uint8_t>{0, 1, 0, 0, 1, 0}));
}

TEST(EvolisPanelCodec, MalformedDataIsRefused)
{
    EXPECT_THROW(evolis::decode_raw(bytes({0x08, 0x3e, 0x00}), 3, 2, 32), evolis::PanelCodecError);
    EXPECT_THROW(evolis::decode_compressed(bytes({0x01, 0x00}), 3, 2, 32),
                 evolis::PanelCodecError); // ends early
    EXPECT_THROW(evolis::decode_compressed(bytes({0x85, 0x04, 0x80, 0x00}), 3, 2, 32),
                 evolis::PanelCodecError); // run past the line
    EXPECT_THROW(evolis::decode_compressed(bytes({0x00, 0x00, 0x00, 0x00}), 10, 3, 2),
                 evolis::PanelCodecError); // trailing bytes
    EXPECT_THROW(evolis::encode_raw(panel(2, 1, 16, {0, 1})), evolis::PanelCodecError);
}

// --- driver against the emulator -------------------------------------------

class EvolisDriverTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        emulator_ = std::make_shared<sim::EvolisEmulator>(sim::EvolisEmulatorSettings{});
        bus_.attach("sim-1", emulator_);
        const auto* driver = drivers::DriverRegistry::instance().find("evolis");
        ASSERT_NE(driver, nullptr);
        drivers::DriverBinding binding;
        binding.usb = bus_.open("sim-1");
        device_ = driver->create(std::move(binding));
        printer_ = dynamic_cast<drivers::CardPrinter*>(device_.get());
        ASSERT_NE(printer_, nullptr);
        printer_->probe(context());
    }

    drivers::OperationContext context(std::stop_token stop = {},
                                      drivers::OperationContext::ProgressFn progress = {})
    {
        return drivers::OperationContext(stop, std::chrono::steady_clock::now() + 30s,
                                         std::move(progress));
    }

    std::string failure_of(const std::function<void()>& action, DeviceFailure::Kind kind)
    {
        try {
            action();
        } catch (const DeviceFailure& failure) {
            EXPECT_EQ(failure.kind(), kind) << failure.what();
            return failure.reason();
        }
        ADD_FAILURE() << "no failure";
        return {};
    }

    // Prints, keeping the driver's report of the job (also when it throws).
    void print(const drivers::PrintJob& job, const drivers::OperationContext& job_context)
    {
        report_ = {};
        printer_->print_card(job, job_context, report_);
    }

    std::string print_failure(const drivers::PrintJob& job)
    {
        return failure_of([&] { print(job, context()); }, DeviceFailure::Kind::hardware);
    }

    std::string exchange(const std::string& wire)
    {
        emulator_->receive(0x02, {reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size()});
        std::array<std::uint8_t, 512> buffer{};
        const auto size = emulator_->send(0x82, buffer, 1s, {});
        return {reinterpret_cast<const char*>(buffer.data()), size - 1};
    }

    sim::EmulatedBus bus_;
    std::shared_ptr<sim::EvolisEmulator> emulator_;
    std::unique_ptr<drivers::Device> device_;
    drivers::CardPrinter* printer_ = nullptr; // view of device_
    drivers::PrintReport report_;
};

TEST_F(EvolisDriverTest, PrintsBothSidesAndThePrinterRendersWhatWasSent)
{
    drivers::PrintJob job{typical_side(), noisy_side(3), drivers::CardDestination::eject};
    print(job, context());

    const auto card = emulator_->last_card();
    ASSERT_TRUE(card.front && card.back);
    expect_same(*card.front, job.front);
    expect_same(*card.back, *job.back);
    const auto counters = emulator_->counters();
    EXPECT_EQ(counters.cards_printed, 1);
    EXPECT_EQ(counters.cards_ejected, 1);
    EXPECT_EQ(counters.cards_rejected, 0);
    EXPECT_EQ(counters.cards_in_hopper, 99);
    EXPECT_EQ(counters.ribbon_panels_left, 240);
    // The composed front compresses panel by panel; the photo-like back's
    // colour and black panels are smaller raw, its random overlay too.
    EXPECT_EQ(counters.compressed_downloads, 5);
    EXPECT_EQ(counters.raw_downloads, 5);
    EXPECT_EQ(report_.fate, drivers::CardFate::delivered);
    EXPECT_EQ(report_.compressed_panels, 5);
    EXPECT_EQ(report_.raw_panels, 5);
    EXPECT_GT(report_.bytes_sent, 0u);
    EXPECT_TRUE(report_.last_byte_at.has_value());

    const auto rgb = sim::EvolisEmulator::composite_rgb(*card.front);
    ASSERT_EQ(rgb.size(), 1016u * 648u * 3u);
    // Top-left: full cyan band, black stroke on row 0 column 0.
    EXPECT_EQ(rgb[0], 0);
    // Row 300, column 1000: yellow gradient near full, nothing else.
    const std::size_t dot = (300u * 1016u + 1000u) * 3u;
    EXPECT_EQ(rgb[dot], 255);
    EXPECT_EQ(rgb[dot + 1], 255);
    EXPECT_LT(rgb[dot + 2], 10);
    EXPECT_EQ(printer_->query_status(context()).condition, "ready");
}

TEST_F(EvolisDriverTest, StopsAtTheContactStationThenEjects)
{
    print({typical_side(), std::nullopt, drivers::CardDestination::contact_station}, context());
    const auto held = printer_->query_status(context());
    EXPECT_EQ(held.condition, "printing");
    EXPECT_FALSE(held.ready);
    printer_->eject(context());
    EXPECT_EQ(emulator_->counters().cards_ejected, 1);
    EXPECT_TRUE(printer_->query_status(context()).ready);
    // Nothing held any more: the printer refuses, typed.
    EXPECT_EQ(failure_of([&] { printer_->eject(context()); }, DeviceFailure::Kind::protocol),
              "command_refused");
}

TEST_F(EvolisDriverTest, StopsAtTheContactlessStationForTheKtpElChip)
{
    print({typical_side(), std::nullopt, drivers::CardDestination::contactless_station}, context());
    EXPECT_EQ(report_.fate, drivers::CardFate::at_contactless_station);
    EXPECT_FALSE(printer_->query_status(context()).ready); // the card is held
    printer_->eject(context());
    EXPECT_EQ(emulator_->counters().cards_ejected, 1);
    // Encode-only: a blank straight to the coupler, then out.
    printer_->move_to_contactless_station(context());
    printer_->eject(context());
    EXPECT_EQ(emulator_->counters().cards_in_hopper, 98);
    EXPECT_EQ(exchange("\x1bScl;x\r"), "ERR PARAM");
}

TEST_F(EvolisDriverTest, EncodeOnlyCardGoesToTheContactsAndIsRejected)
{
    printer_->move_to_contact_station(context());
    printer_->reject(context());
    const auto counters = emulator_->counters();
    EXPECT_EQ(counters.cards_in_hopper, 99);
    EXPECT_EQ(counters.cards_rejected, 1);
    EXPECT_EQ(counters.cards_printed, 0);
}

TEST_F(EvolisDriverTest, CoverOpenRefusesBeforeFeeding)
{
    emulator_->inject("cover_open", {});
    EXPECT_EQ(print_failure({typical_side()}), "cover_open");
    EXPECT_EQ(report_.fate, drivers::CardFate::not_fed);
    const auto counters = emulator_->counters();
    EXPECT_EQ(counters.cards_in_hopper, 100);
    EXPECT_EQ(counters.cards_rejected, 0);
    EXPECT_EQ(counters.ribbon_panels_left, 250);
}

TEST_F(EvolisDriverTest, JamMidJobRejectsTheCardAndClearRecovers)
{
    emulator_->inject("jam", {});
    EXPECT_EQ(print_failure({typical_side(), typical_side()}), "card_jam");
    EXPECT_EQ(report_.fate, drivers::CardFate::rejected);
    auto counters = emulator_->counters();
    EXPECT_EQ(counters.cards_in_hopper, 99);
    EXPECT_EQ(counters.cards_rejected, 1);
    EXPECT_EQ(counters.cards_printed, 0);
    EXPECT_EQ(counters.cards_ejected, 0);
    EXPECT_EQ(printer_->query_status(context()).condition, "card_jam");
    EXPECT_EQ(print_failure({typical_side()}), "card_jam"); // still jammed: nothing fed
    EXPECT_EQ(emulator_->counters().cards_in_hopper, 99);

    emulator_->inject("clear", {});
    print({typical_side()}, context());
    counters = emulator_->counters();
    EXPECT_EQ(counters.cards_printed, 1);
    EXPECT_EQ(counters.cards_ejected, 1);
}

TEST_F(EvolisDriverTest, RibbonOutAndFeederEmptyAreTyped)
{
    emulator_->inject("ribbon_out", {});
    EXPECT_EQ(print_failure({typical_side()}), "ribbon_ended");
    EXPECT_EQ(emulator_->counters().cards_in_hopper, 100);
    emulator_->inject("clear", {});
    emulator_->inject("feeder_empty", {});
    EXPECT_EQ(print_failure({typical_side()}), "feeder_empty");
    EXPECT_EQ(printer_->query_status(context()).condition, "feeder_empty");
    emulator_->inject("clear", {});
    emulator_->inject("mechanical_error", {});
    EXPECT_EQ(print_failure({typical_side()}), "mechanical_error");
}

TEST_F(EvolisDriverTest, RibbonRunningOutMidJobRejectsTheCard)
{
    emulator_->inject("ribbon_low", {}); // 10 panels: two sides
    const auto low = printer_->query_status(context());
    EXPECT_TRUE(low.ready);
    EXPECT_TRUE(low.ribbon_low);
    EXPECT_EQ(low.condition, "ribbon_low");
    EXPECT_EQ(low.ribbon_panels_left, 10);
    print({typical_side()}, context());
    // Five panels left: the front prints, the back cannot.
    EXPECT_EQ(print_failure({typical_side(), typical_side()}), "ribbon_ended");
    const auto counters = emulator_->counters();
    EXPECT_EQ(counters.cards_ejected, 1);
    EXPECT_EQ(counters.cards_rejected, 1);
    EXPECT_EQ(counters.cards_printed, 2);
    EXPECT_EQ(printer_->query_status(context()).condition, "ribbon_ended");
}

TEST_F(EvolisDriverTest, CancelMidJobRejectsTheCard)
{
    std::stop_source stop;
    const auto on_progress = [&](drivers::ProgressStage stage, const nlohmann::json&) {
        if (stage == drivers::ProgressStage::transferring)
            stop.request_stop(); // after the first panel went out
    };
    EXPECT_EQ(failure_of([&] { print({typical_side()}, context(stop.get_token(), on_progress)); },
                         DeviceFailure::Kind::cancelled),
              "cancelled");
    EXPECT_EQ(report_.fate, drivers::CardFate::rejected);
    const auto counters = emulator_->counters();
    EXPECT_EQ(counters.cards_in_hopper, 99);
    EXPECT_EQ(counters.cards_rejected, 1);
    EXPECT_EQ(counters.compressed_downloads + counters.raw_downloads, 1);
    print({typical_side()}, context());
    EXPECT_EQ(emulator_->counters().cards_ejected, 1);
}

// A real printer takes a second or two to feed a blank to the coupler. A
// cancel that lands meanwhile cannot stop the card: the move is carried
// out and answered, so the card is known to be at the station, the caller
// (card.issue) rejects it, and no late answer is left for the next
// command to read as its own.
TEST_F(EvolisDriverTest, ACancelDuringASlowFeedLeavesTheCardForTheRejectBox)
{
    emulator_->inject("feed_time", {{"ms", 300u}});
    std::stop_source stop;
    // The blank reaches the coupler as the printer takes the command: the
    // cancel lands while its answer is still 300 ms away.
    emulator_->set_encoder_observer([&](std::optional<std::uint64_t> card) {
        if (card)
            stop.request_stop();
    });
    const auto job = context(stop.get_token());
    printer_->move_to_contactless_station(job);
    ASSERT_TRUE(stop.stop_requested());
    EXPECT_EQ(printer_->query_status(context()).condition, "printing"); // the card is held
    printer_->reject(context());

    auto counters = emulator_->counters();
    EXPECT_EQ(counters.cards_in_hopper, 99);
    EXPECT_EQ(counters.cards_rejected, 1);
    EXPECT_EQ(counters.error_replies, 0);
    EXPECT_EQ(printer_->query_status(context()).condition, "ready");

    // A job cancelled before the move goes out feeds nothing.
    EXPECT_EQ(failure_of([&] { printer_->move_to_contactless_station(job); },
                         DeviceFailure::Kind::cancelled),
              "cancelled");
    EXPECT_EQ(emulator_->counters().cards_in_hopper, 99);

    // The next job is answered in order.
    emulator_->set_encoder_observer({});
    print({typical_side()}, context());
    EXPECT_EQ(report_.fate, drivers::CardFate::delivered);
    counters = emulator_->counters();
    EXPECT_EQ(counters.cards_ejected, 1);
    EXPECT_EQ(counters.cards_in_hopper, 98);
    EXPECT_EQ(counters.error_replies, 0);
}

// The same for the blank a print job feeds (Ss): the job's guard rejects
// the card at its next command. (Should the canceller be late, the cancel
// lands at a later command, with the same outcome.)
TEST_F(EvolisDriverTest, ACancelDuringTheFeedOfAPrintJobRejectsTheCard)
{
    emulator_->inject("feed_time", {{"ms", 300u}});
    std::stop_source stop;
    // Ss takes the blank from the hopper when it arrives; its answer comes
    // 300 ms later.
    std::jthread canceller([&](std::stop_token done) {
        while (!done.stop_requested() && emulator_->counters().cards_in_hopper == 100)
            std::this_thread::sleep_for(1ms);
        stop.request_stop();
    });
    EXPECT_EQ(failure_of([&] { print({typical_side()}, context(stop.get_token())); },
                         DeviceFailure::Kind::cancelled),
              "cancelled");
    EXPECT_EQ(report_.fate, drivers::CardFate::rejected);
    auto counters = emulator_->counters();
    EXPECT_EQ(counters.cards_in_hopper, 99);
    EXPECT_EQ(counters.cards_rejected, 1);
    EXPECT_EQ(counters.error_replies, 0);

    print({typical_side()}, context());
    EXPECT_EQ(report_.fate, drivers::CardFate::delivered);
    EXPECT_EQ(emulator_->counters().cards_ejected, 1);
}

TEST_F(EvolisDriverTest, TheEmulatorAnswersAMoveOnlyOnceTheCardArrived)
{
    emulator_->inject("feed_time", {{"ms", 60000u}});
    const std::string move = "\x1bScl\r";
    emulator_->receive(0x02, {reinterpret_cast<const std::uint8_t*>(move.data()), move.size()});
    std::array<std::uint8_t, 512> buffer{};
    try {
        emulator_->send(0x82, buffer, 50ms, {});
        ADD_FAILURE() << "the move was answered before the card arrived";
    } catch (const usb::TransferError& error) {
        EXPECT_EQ(error.kind(), usb::TransferErrorKind::timeout);
    }
    // A host that speaks meanwhile has given up on the move: it hears the
    // answer to what it says now, and never the move's.
    EXPECT_EQ(exchange("\x1bRst\r"), "PRINTING;ribbon=250;hopper=99");
    EXPECT_THROW(emulator_->send(0x82, buffer, 50ms, {}), usb::TransferError);
    EXPECT_EQ(exchange("\x1bSer\r"), "OK");

    // A refusal moves nothing and is answered at once.
    EXPECT_EQ(exchange("\x1bScl;1\r"), "ERR PARAM");
    // clear ends the slow feed (a 60 s feed would not be answered here).
    emulator_->inject("clear", {});
    EXPECT_EQ(exchange("\x1bScl\r"), "OK");
    EXPECT_THROW(emulator_->inject("feed_time", {{"ms", 60001u}}), sim::UnknownFault);
    EXPECT_THROW(emulator_->inject("feed_time", {}), sim::UnknownFault);
}

TEST_F(EvolisDriverTest, RawPanelsCostMoreBytesThanCompressedOnes)
{
    print({typical_side()}, context());
    const auto compressed = report_;
    print({typical_side(), std::nullopt, drivers::CardDestination::eject,
           drivers::PanelEncoding::raw},
          context());
    EXPECT_EQ(report_.raw_panels, 5);
    EXPECT_EQ(report_.compressed_panels, 0);
    EXPECT_GT(report_.bytes_sent, compressed.bytes_sent);
    // The printer prints the same card either way.
    expect_same(*emulator_->last_card().front, typical_side());
}

TEST_F(EvolisDriverTest, AJamThatCannotBeRejectedLeavesTheCardStuck)
{
    emulator_->inject("jam", {});
    // The cover is opened as the jam happens, so the rescue cannot move the card.
    std::stop_source never;
    const auto open_cover = [&](drivers::ProgressStage stage, const nlohmann::json& data) {
        if (stage == drivers::ProgressStage::transferring && data.value("panel", "") == "o")
            emulator_->inject("cover_open", {});
    };
    failure_of([&] { print({typical_side()}, context(never.get_token(), open_cover)); },
               DeviceFailure::Kind::hardware);
    EXPECT_EQ(report_.fate, drivers::CardFate::stuck);
    EXPECT_EQ(emulator_->counters().cards_rejected, 0);
}

TEST_F(EvolisDriverTest, InvalidPanelsAreRefusedBeforeFeeding)
{
    auto side = typical_side();
    side.black.dots[5] = 2;
    EXPECT_EQ(failure_of([&] { print({side}, context()); }, DeviceFailure::Kind::invalid),
              "invalid_panel");
    EXPECT_EQ(emulator_->counters().cards_in_hopper, 100);
}

TEST_F(EvolisDriverTest, MalformedAndOutOfSequenceCommandsGetErrorReplies)
{
    EXPECT_EQ(exchange("Rst\r"), "ERR SYNTAX"); // no ESC
    EXPECT_EQ(exchange("\x1bXyz\r"), "ERR UNKNOWN_COMMAND");
    EXPECT_EQ(exchange("\x1bRst;1\r"), "ERR PARAM");
    EXPECT_EQ(exchange("\x1bSp\r"), "ERR SEQUENCE"); // no card fed
    EXPECT_EQ(exchange("\x1bPsi;f\r"), "ERR SEQUENCE");
    EXPECT_EQ(exchange("\x1b"
                       "Db;q;32;\r"s),
              "ERR PARAM"); // no such panel
    EXPECT_EQ(exchange("\x1b"
                       "Dbc;k;32;1;\x00\r"s),
              "ERR PARAM"); // K is 2 levels
    EXPECT_EQ(exchange("\x1bSs\r"), "OK");
    EXPECT_EQ(exchange("\x1bSs\r"), "ERR SEQUENCE"); // already holds a card
    EXPECT_EQ(exchange("\x1bPsi;x\r"), "ERR PARAM");
    EXPECT_EQ(exchange("\x1bPsi;f\r"), "OK");
    EXPECT_EQ(exchange("\x1bSp\r"), "ERR SEQUENCE"); // panels missing
    EXPECT_EQ(exchange("\x1b"
                       "Dbc;y;32;2;\x80\x05\r"s),
              "ERR DATA"); // a 2-byte panel
    EXPECT_EQ(exchange("\x1bSer\r"), "OK");
    EXPECT_EQ(exchange("\x1bRst\r"), "READY;ribbon=250;hopper=99");
    EXPECT_GE(emulator_->counters().error_replies, 10);
}

TEST_F(EvolisDriverTest, UnknownFaultIsRefusedAndFaultsAreListed)
{
    EXPECT_THROW(emulator_->inject("gremlins", {}), sim::UnknownFault);
    const auto faults = emulator_->faults();
    for (const char* fault : {"cover_open", "jam", "ribbon_out", "ribbon_low", "feeder_empty",
                              "hang", "print_time", "feed_time", "clear"})
        EXPECT_NE(std::find(faults.begin(), faults.end(), fault), faults.end()) << fault;
}

} // namespace
} // namespace ktpel
