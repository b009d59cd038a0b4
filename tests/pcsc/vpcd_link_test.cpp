// SPDX-License-Identifier: Apache-2.0
// VpcdLink against a fake vpcd (plain TCP, no pcscd): the framing, the
// control codes, and every way a link ends.
#include <cstdlib>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "echo_card.hpp"
#include "fake_vpcd.hpp"
#include "sim/vpcd/vpcd_card_slot.hpp"
#include "sim/vpcd/vpcd_error.hpp"
#include "sim/vpcd/vpcd_link.hpp"
#include "sim/vpcd/vpcd_protocol.hpp"

namespace ktpel::test {
namespace {

using sim::vpcd::VpcdLink;
using Bytes = std::vector<std::uint8_t>;

TEST(VpcdProtocol, FramesCarryABigEndianLength)
{
    const Bytes payload(0x0123, 0xAB);
    const auto frame = sim::vpcd::encode_frame(payload);
    ASSERT_EQ(frame.size(), 2u + 0x0123);
    EXPECT_EQ(frame[0], 0x01);
    EXPECT_EQ(frame[1], 0x23);
    EXPECT_EQ(sim::vpcd::decode_length(std::span<const std::uint8_t, 2>(frame.data(), 2)), 0x0123u);
    EXPECT_EQ(sim::vpcd::encode_frame(Bytes(0xFFFF, 0)).size(), 0x10001u);
    EXPECT_THROW(sim::vpcd::encode_frame(Bytes(0x10000, 0)), sim::vpcd::VpcdError);
}

TEST(VpcdProtocol, OneBytePayloadsAreControlCodes)
{
    using sim::vpcd::Control;
    EXPECT_EQ(sim::vpcd::control_of(Bytes{0}), Control::power_off);
    EXPECT_EQ(sim::vpcd::control_of(Bytes{1}), Control::power_on);
    EXPECT_EQ(sim::vpcd::control_of(Bytes{2}), Control::reset);
    EXPECT_EQ(sim::vpcd::control_of(Bytes{4}), Control::get_atr);
    EXPECT_EQ(sim::vpcd::control_of(Bytes{0x00, 0xA4}), std::nullopt); // an APDU
    EXPECT_THROW(sim::vpcd::control_of(Bytes{3}), sim::vpcd::VpcdError);
}

// A link connected to a fake vpcd, served on its own thread.
class VpcdLinkTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        link_.emplace("127.0.0.1", vpcd_.port());
        vpcd_.accept_card();
    }

    std::future<VpcdLink::ServeEnd> serve_in_background()
    {
        return std::async(std::launch::async,
                          [this] { return link_->serve(card_, stop_.get_token()); });
    }

    FakeVpcd vpcd_;
    EchoCard card_;
    std::optional<VpcdLink> link_;
    std::stop_source stop_;
};

TEST_F(VpcdLinkTest, AnswersAtrAndApdusAndObeysPowerControls)
{
    auto served = serve_in_background();

    vpcd_.send_control(4); // get ATR
    EXPECT_EQ(vpcd_.receive_frame(), (Bytes{0x3B, 0x80, 0x80, 0x01, 0x01}));

    vpcd_.send_control(1);
    vpcd_.send_control(2);
    vpcd_.send_control(0);
    const Bytes select{0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00};
    vpcd_.send_frame(select);
    // Power controls are not answered: the next frame is the APDU's answer,
    // and the controls were handled before it, in order.
    EXPECT_EQ(vpcd_.receive_frame(), (Bytes{0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00, 0x90, 0x00}));
    EXPECT_EQ(card_.power_ons, 1);
    EXPECT_EQ(card_.resets, 1);
    EXPECT_EQ(card_.power_offs, 1);

    stop_.request_stop();
    EXPECT_EQ(served.get(), VpcdLink::ServeEnd::stop_requested);
    EXPECT_TRUE(link_->connected());
}

TEST_F(VpcdLinkTest, ReassemblesFramesThatArriveInPieces)
{
    auto served = serve_in_background();
    Bytes extended(300);
    for (std::size_t i = 0; i < extended.size(); ++i)
        extended[i] = static_cast<std::uint8_t>(i);
    vpcd_.send_frame_split(extended);
    const auto answer = vpcd_.receive_frame();
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->size(), extended.size() + 2);
    EXPECT_TRUE(std::equal(extended.begin(), extended.end(), answer->begin()));
    stop_.request_stop();
    served.get();
}

TEST_F(VpcdLinkTest, ServingResumesAfterAStop)
{
    {
        auto served = serve_in_background();
        stop_.request_stop();
        EXPECT_EQ(served.get(), VpcdLink::ServeEnd::stop_requested);
    }
    stop_ = std::stop_source();
    auto served = serve_in_background();
    vpcd_.send_control(4);
    EXPECT_EQ(vpcd_.receive_frame()->size(), 5u);
    stop_.request_stop();
    EXPECT_EQ(served.get(), VpcdLink::ServeEnd::stop_requested);
}

TEST_F(VpcdLinkTest, VpcdClosingEndsServingAsAValue)
{
    auto served = serve_in_background();
    vpcd_.close_card();
    EXPECT_EQ(served.get(), VpcdLink::ServeEnd::vpcd_closed);
    EXPECT_FALSE(link_->connected());
    EXPECT_EQ(link_->serve(card_, stop_.get_token()), VpcdLink::ServeEnd::vpcd_closed);
}

TEST_F(VpcdLinkTest, CloseFromAnotherThreadRemovesTheCard)
{
    auto served = serve_in_background();
    link_->close();
    EXPECT_EQ(served.get(), VpcdLink::ServeEnd::closed);
    EXPECT_TRUE(vpcd_.card_closed());
    EXPECT_FALSE(link_->connected());
    link_->close(); // twice is fine
}

TEST_F(VpcdLinkTest, ACardThatThrowsIsRemovedAndTheErrorPropagates)
{
    card_.throw_on_transmit = true;
    auto served = serve_in_background();
    vpcd_.send_frame(Bytes{0x00, 0x84, 0x00, 0x00, 0x08});
    EXPECT_THROW(served.get(), std::runtime_error);
    // vpcd is not left waiting for an answer that will never come.
    EXPECT_TRUE(vpcd_.card_closed());
}

TEST(VpcdLink, AnAtrPcscdCannotTakeIsAProtocolError)
{
    FakeVpcd vpcd;
    VpcdLink link("127.0.0.1", vpcd.port());
    vpcd.accept_card();
    EchoCard card(Bytes(34, 0x3B)); // pcscd takes 33 at most
    auto served = std::async(std::launch::async, [&] { return link.serve(card, {}); });
    vpcd.send_control(4);
    EXPECT_THROW(served.get(), sim::vpcd::VpcdError);
    EXPECT_TRUE(vpcd.card_closed());
}

TEST(VpcdLink, AnUnknownControlCodeIsAProtocolError)
{
    FakeVpcd vpcd;
    VpcdLink link("127.0.0.1", vpcd.port());
    vpcd.accept_card();
    EchoCard card;
    auto served = std::async(std::launch::async, [&] { return link.serve(card, {}); });
    vpcd.send_control(9);
    EXPECT_THROW(served.get(), sim::vpcd::VpcdError);
    EXPECT_TRUE(vpcd.card_closed());
}

TEST(VpcdLink, ConnectingWhereNothingListensThrowsNotListening)
{
    const auto port = unused_port();
    EXPECT_THROW(VpcdLink("127.0.0.1", port), sim::vpcd::VpcdNotListening);
}

// Narrows this network namespace's ephemeral port range to one port, and
// restores it. Only inside the wrapper's private namespace: the host's
// setting is never touched.
class EphemeralPortRange
{
public:
    explicit EphemeralPortRange(std::uint16_t only_port)
    {
        std::ifstream(path_) >> saved_low_ >> saved_high_;
        std::ofstream(path_) << only_port << ' ' << only_port;
    }
    ~EphemeralPortRange() { std::ofstream(path_) << saved_low_ << ' ' << saved_high_; }

private:
    static constexpr const char* path_ = "/proc/sys/net/ipv4/ip_local_port_range";
    int saved_low_ = 0;
    int saved_high_ = 0;
};

TEST(VpcdLink, AConnectionToItselfCountsAsNotListening)
{
    const char* private_namespace = std::getenv("KTPEL_PRIVATE_PCSCD");
    if (!private_namespace || std::string(private_namespace) != "1")
        GTEST_SKIP() << "changes a network sysctl: only inside scripts/with-private-pcscd.sh";
    // With a single ephemeral port equal to the target, connecting to it
    // while nothing listens makes the kernel connect the socket to itself.
    const auto port = unused_port();
    const EphemeralPortRange only(port);
    EXPECT_THROW(VpcdLink("127.0.0.1", port), sim::vpcd::VpcdNotListening);
}

TEST(VpcdLink, ConnectWhenListeningWaitsForVpcd)
{
    const auto port = unused_port();
    std::stop_source stop;
    auto connected = std::async(std::launch::async, [&] {
        return sim::vpcd::connect_when_listening("127.0.0.1", port, stop.get_token(),
                                                 std::chrono::milliseconds(10));
    });
    // vpcd starts listening later, as when pcscd starts after the card.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    FakeVpcd vpcd(port);
    vpcd.accept_card();
    auto link = connected.get();
    ASSERT_TRUE(link);
    EXPECT_TRUE(link->connected());
    EXPECT_EQ(link->endpoint(), "127.0.0.1:" + std::to_string(port));
}

TEST(VpcdLink, ConnectWhenListeningGivesUpOnStop)
{
    const auto port = unused_port();
    std::stop_source stop;
    auto connected = std::async(std::launch::async, [&] {
        return sim::vpcd::connect_when_listening("127.0.0.1", port, stop.get_token());
    });
    stop.request_stop();
    EXPECT_FALSE(connected.get());
}

TEST(VpcdCardSlot, InsertConnectsAndRemoveDisconnects)
{
    FakeVpcd vpcd;
    sim::vpcd::VpcdCardSlot slot("127.0.0.1", vpcd.port());
    auto card = std::make_shared<EchoCard>();
    slot.insert(card);
    vpcd.accept_card();
    vpcd.send_control(4);
    EXPECT_EQ(vpcd.receive_frame()->size(), 5u);
    EXPECT_TRUE(slot.holds_card());
    EXPECT_EQ(slot.connections(), 1);
    slot.remove();
    EXPECT_TRUE(vpcd.card_closed());
    EXPECT_FALSE(slot.holds_card());
    EXPECT_EQ(slot.last_error(), nullptr);
}

TEST(VpcdCardSlot, ReconnectsWhenVpcdComesBack)
{
    auto vpcd = std::make_unique<FakeVpcd>();
    const auto port = vpcd->port();
    sim::vpcd::VpcdCardSlot slot("127.0.0.1", port);
    slot.insert(std::make_shared<EchoCard>());
    vpcd->accept_card();
    vpcd.reset();                            // pcscd stops: listener and connection close
    vpcd = std::make_unique<FakeVpcd>(port); // and starts again on the same port
    vpcd->accept_card();
    vpcd->send_control(4);
    EXPECT_EQ(vpcd->receive_frame()->size(), 5u);
    EXPECT_EQ(slot.connections(), 2);
    EXPECT_TRUE(slot.holds_card());
}

TEST(VpcdCardSlot, KeepsTheErrorThatEndedAnInsertion)
{
    FakeVpcd vpcd;
    sim::vpcd::VpcdCardSlot slot("127.0.0.1", vpcd.port());
    auto card = std::make_shared<EchoCard>();
    card->throw_on_transmit = true;
    slot.insert(card);
    vpcd.accept_card();
    vpcd.send_frame(Bytes{0x00, 0xB0, 0x00, 0x00, 0x10});
    EXPECT_TRUE(vpcd.card_closed());
    slot.remove();
    EXPECT_NE(slot.last_error(), nullptr);
}

} // namespace
} // namespace ktpel::test
