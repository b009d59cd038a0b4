// SPDX-License-Identifier: Apache-2.0
// ReaderMonitor against a real, private pcscd: readers, cards going in and
// out with their event counter, readers added while it runs, pcscd
// crashing and coming back.
#include <gtest/gtest.h>

#include "drivers/transport/pcsc/pcsc_reader_bus.hpp"
#include "drivers/transport/pcsc/reader_monitor.hpp"
#include "event_log.hpp"
#include "pcscd_fixture.hpp"

namespace ktpel::test {
namespace {

using smartcard::pcsc::ReaderEvent;
using smartcard::pcsc::ReaderMonitor;
using smartcard::pcsc::ReaderMonitorOptions;
using Kind = ReaderEvent::Kind;
using Bytes = std::vector<std::uint8_t>;

const Bytes echo_atr{0x3B, 0x80, 0x80, 0x01, 0x01};

class ReaderMonitorTest : public PcscdTest
{
protected:
    void start_monitor(ReaderMonitorOptions options = {})
    {
        monitor_ = std::make_unique<ReaderMonitor>(loop_.poster(), log_.handler(), options);
    }

    // Index of the next state change of `reader` after `from` that
    // satisfies `accept`.
    std::optional<std::size_t>
    wait_state(const std::string& reader, std::size_t from,
               const std::function<bool(const smartcard::pcsc::ReaderState&)>& accept)
    {
        return log_.wait_for(
            [&](const ReaderEvent& event) {
                return event.kind == Kind::state_changed && event.state.name == reader &&
                       accept(event.state);
            },
            from);
    }

    std::string dump() const
    {
        std::string text;
        for (const auto& event : log_.events())
            text += to_string(event.kind) + " " + event.state.name + " [" + describe(event.state) +
                    "] " + event.detail + "\n";
        return text;
    }

    EventLog log_;
    PostedLoop loop_;
    std::unique_ptr<ReaderMonitor> monitor_; // last: stops before the loop and log go
};

TEST_F(ReaderMonitorTest, ReportsEveryReaderAtStart)
{
    start_monitor();
    const auto encoder = log_.wait_for(is(Kind::reader_added, encoder_reader_));
    const auto sam = log_.wait_for(is(Kind::reader_added, sam_reader_));
    ASSERT_TRUE(encoder && sam) << dump();
    const auto state = log_.at(*encoder).state;
    EXPECT_TRUE(state.empty()) << describe(state);
    EXPECT_FALSE(state.card_present());
    EXPECT_TRUE(monitor_->service_available());
    EXPECT_EQ(monitor_->readers().size(), 2u);
}

TEST_F(ReaderMonitorTest, SeesCardsGoInAndOutWithARisingEventCounter)
{
    sim::vpcd::VpcdCardSlot slot(host_, encoder_port_);
    start_monitor();
    const auto added = log_.wait_for(is(Kind::reader_added, encoder_reader_));
    ASSERT_TRUE(added) << dump();
    const auto initial = log_.at(*added).state.event_count;

    slot.insert(std::make_shared<EchoCard>());
    const auto inserted =
        wait_state(encoder_reader_, *added, [](const auto& s) { return s.card_present(); });
    ASSERT_TRUE(inserted) << dump();
    const auto first = log_.at(*inserted).state;
    EXPECT_EQ(first.atr, echo_atr);
    EXPECT_GT(first.event_count, initial);

    slot.remove();
    const auto removed =
        wait_state(encoder_reader_, *inserted, [](const auto& s) { return s.empty(); });
    ASSERT_TRUE(removed) << dump();
    const auto second = log_.at(*removed).state;
    EXPECT_TRUE(second.atr.empty());
    EXPECT_GT(second.event_count, first.event_count);

    slot.insert(std::make_shared<EchoCard>());
    const auto again =
        wait_state(encoder_reader_, *removed, [](const auto& s) { return s.card_present(); });
    ASSERT_TRUE(again) << dump();
    EXPECT_GT(log_.at(*again).state.event_count, second.event_count);

    // The SAM slot saw none of it.
    for (const auto& event : log_.events())
        EXPECT_FALSE(event.kind == Kind::state_changed && event.state.name == sam_reader_)
            << dump();
}

TEST_F(ReaderMonitorTest, RecoversFromAPcscdCrashAndRestart)
{
    sim::vpcd::VpcdCardSlot slot(host_, encoder_port_);
    slot.insert(std::make_shared<EchoCard>());
    start_monitor({.rescan_interval = std::chrono::milliseconds(2000),
                   .reconnect_initial = std::chrono::milliseconds(20),
                   .reconnect_max = std::chrono::milliseconds(200)});
    const auto added = log_.wait_for(is(Kind::reader_added, encoder_reader_));
    ASSERT_TRUE(added) << dump();
    ASSERT_TRUE(log_.at(*added).state.card_present() ||
                wait_state(encoder_reader_, *added, [](const auto& s) { return s.card_present(); }))
        << dump();

    pcscd_->kill();
    const auto lost = log_.wait_for(is(Kind::service_lost), *added);
    ASSERT_TRUE(lost) << dump();
    ASSERT_TRUE(log_.wait_for(is(Kind::reader_removed, encoder_reader_), *added)) << dump();
    ASSERT_TRUE(log_.wait_for(is(Kind::reader_removed, sam_reader_), *added)) << dump();

    pcscd_->start();
    const auto restored = log_.wait_for(is(Kind::service_restored), *lost);
    ASSERT_TRUE(restored) << dump();
    const auto back = log_.wait_for(is(Kind::reader_added, encoder_reader_), *restored);
    ASSERT_TRUE(back) << dump();
    ASSERT_TRUE(log_.wait_for(is(Kind::reader_added, sam_reader_), *restored)) << dump();
    // The card left in the slot is found by the new pcscd.
    ASSERT_TRUE(log_.at(*back).state.card_present() ||
                wait_state(encoder_reader_, *back, [](const auto& s) { return s.card_present(); }))
        << dump();
    EXPECT_TRUE(monitor_->service_available());

    // And the transport works against the new pcscd.
    smartcard::pcsc::PcscReaderBus bus;
    auto reader = bus.open(encoder_reader_);
    EXPECT_EQ(reader->connect({}), echo_atr);
}

TEST_F(ReaderMonitorTest, ReportsTheReadersOfARestartedPcscd)
{
    // pcscd 1.9.9 (libudev build) reads reader.conf only at start, so a
    // serial reader can only appear through a restart.
    start_monitor({.rescan_interval = std::chrono::milliseconds(2000),
                   .reconnect_initial = std::chrono::milliseconds(20),
                   .reconnect_max = std::chrono::milliseconds(200)});
    ASSERT_TRUE(log_.wait_for(is(Kind::reader_added, sam_reader_))) << dump();
    pcscd_->stop();
    const auto lost = log_.wait_for(is(Kind::service_lost));
    ASSERT_TRUE(lost) << dump();

    pcscd_->add_vpcd_reader("KTPEL Extra", static_cast<std::uint16_t>(sam_port_ + 1));
    pcscd_->start(4);
    const auto restored = log_.wait_for(is(Kind::service_restored), *lost);
    ASSERT_TRUE(restored) << dump();
    for (const auto* name :
         {"KTPEL Encoder 00 00", "KTPEL Encoder 00 01", "KTPEL Extra 00 00", "KTPEL Extra 00 01"})
        EXPECT_TRUE(log_.wait_for(is(Kind::reader_added, name), *restored)) << name << "\n"
                                                                            << dump();
    EXPECT_EQ(monitor_->readers().size(), 4u);
}

TEST_F(ReaderMonitorTest, ReportsAPcscdThatIsNotRunningYet)
{
    pcscd_->stop();
    start_monitor({.rescan_interval = std::chrono::milliseconds(2000),
                   .reconnect_initial = std::chrono::milliseconds(20),
                   .reconnect_max = std::chrono::milliseconds(200)});
    const auto lost = log_.wait_for(is(Kind::service_lost));
    ASSERT_TRUE(lost) << dump();
    EXPECT_FALSE(log_.at(*lost).detail.empty());
    EXPECT_FALSE(monitor_->service_available());

    pcscd_->start();
    const auto restored = log_.wait_for(is(Kind::service_restored), *lost);
    ASSERT_TRUE(restored) << dump();
    EXPECT_TRUE(log_.wait_for(is(Kind::reader_added, encoder_reader_), *restored)) << dump();
}

TEST_F(ReaderMonitorTest, NothingPostedRunsAfterTheMonitorIsDestroyed)
{
    std::mutex mutex;
    std::vector<std::function<void()>> held; // posted, not run yet
    int handled = 0;
    auto monitor = std::make_unique<ReaderMonitor>(
        [&](std::function<void()> task) {
            std::lock_guard lock(mutex);
            held.push_back(std::move(task));
        },
        [&](const ReaderEvent&) { ++handled; });
    ASSERT_TRUE(eventually([&] {
        std::lock_guard lock(mutex);
        return held.size() >= 2; // the two readers
    }));
    monitor.reset();
    std::lock_guard lock(mutex);
    for (auto& task : held)
        task();
    EXPECT_EQ(handled, 0);
}

TEST_F(ReaderMonitorTest, StopsPromptlyWhileWaitingForever)
{
    // rescan_interval as long as the test: only SCardCancel can end the wait.
    start_monitor({.rescan_interval = std::chrono::hours(1)});
    ASSERT_TRUE(log_.wait_for(is(Kind::reader_added, sam_reader_))) << dump();
    // If the monitor did not cancel its wait, this would hang and ctest's
    // timeout would fail the test.
    monitor_.reset();
    SUCCEED();
}

} // namespace
} // namespace ktpel::test
