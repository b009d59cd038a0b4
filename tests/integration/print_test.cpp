// SPDX-License-Identifier: Apache-2.0
// card.proof and printer.print through the real daemon: the KTP-el layout
// rendered and separated, the Evolis driver talking to its emulator.
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "daemon_process.hpp"
#include "service_steps.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

// The demo applicant's fields: a proof renders any holder's card.
const nlohmann::json kCard = holder_card();

// A 60x80 grey "photo": a light ground with a darker oval.
std::string photo()
{
    std::string pixels(60 * 80, '\xd0');
    for (int y = 0; y < 80; ++y)
        for (int x = 0; x < 60; ++x)
            if ((x - 30) * (x - 30) * 4 + (y - 35) * (y - 35) * 2 < 1800)
                pixels[static_cast<std::size_t>(y) * 60 + x] = '\x70';
    return pixels;
}

const nlohmann::json kPhotoRef = {{"frame", 1}, {"width", 60}, {"height", 80}, {"channels", 1}};

class PrintTest : public ::testing::Test
{
protected:
    PrintTest() : daemon_(dir_.path()), teknisi_(context_, daemon_.api_endpoint())
    {
        teknisi_.login(kTechnician, kTechnicianPin);
    }

    // printer.print (the photo frame goes along when args name one).
    WireReply print(WireClient& client, nlohmann::json args = nlohmann::json::object())
    {
        const auto id = "p" + std::to_string(++counter_);
        std::vector<std::string> frames{request_header(id, "printer.print", args, client.token())};
        if (args.contains("photo"))
            frames.push_back(photo());
        client.send_frames(frames);
        return client.receive(60000);
    }

    WireReply proof(nlohmann::json args)
    {
        const auto id = "c" + std::to_string(++counter_);
        teknisi_.send_frames({request_header(id, "card.proof", args, teknisi_.token()), photo()});
        return teknisi_.receive(60000);
    }

    TempDir dir_;
    DaemonProcess daemon_;
    zmq::context_t context_;
    WireClient teknisi_;
    int counter_ = 0;
};

TEST_F(PrintTest, AProofIsAPngOfTheWholeCard)
{
    teknisi_.send_frames({request_header("proof", "card.proof",
                                         {{"card", kCard}, {"photo", kPhotoRef}}, teknisi_.token()),
                          photo()});
    const auto reply = teknisi_.receive(30000);
    ASSERT_TRUE(reply.ok()) << reply.header;
    ASSERT_EQ(reply.blobs.size(), 1u);
    EXPECT_EQ(reply.blobs[0].substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(reply.header["result"]["proof"]["width"], 1016);
    EXPECT_GT(reply.blobs[0].size(), 10000u);
}

TEST_F(PrintTest, ATechniciansTestPrintGoesToTheRejectBox)
{
    const auto reply = print(teknisi_);
    ASSERT_TRUE(reply.ok()) << reply.header;
    EXPECT_EQ(reply.header["result"]["after"], "reject");
    EXPECT_EQ(reply.header["result"]["serial"], "SIM-PR-0001");
}

TEST_F(PrintTest, ATestPrintIsTheSpecimenAndNothingElse)
{
    // Nobody prints a holder's card body outside card.issue: not with
    // their own fields, not with a photo, not for an application.
    for (const auto& args :
         {nlohmann::json{{"card", kCard}, {"photo", kPhotoRef}},
          nlohmann::json{{"photo", kPhotoRef}}, nlohmann::json{{"application", "20261124-0001"}}}) {
        const auto reply = print(teknisi_, args);
        EXPECT_EQ(reply.code(), "invalid_args") << reply.header;
        EXPECT_EQ(reply.header["error"]["details"]["reason"], "specimen_only") << reply.header;
    }
    WireClient budi(context_, daemon_.api_endpoint());
    budi.login("budi", "333333");
    EXPECT_EQ(print(budi).code(), "forbidden"); // the test print is the technician's
    // The printer fed nothing: its status still shows the full hopper.
    const auto status = teknisi_.call("printer.status");
    EXPECT_EQ(status.header["result"]["cards_in_hopper"], 100) << status.header;
}

TEST_F(PrintTest, BadCardDataIsRefusedWithTheFieldNamed)
{
    auto no_nik = kCard;
    no_nik["nik"] = "";
    auto reply = proof({{"card", no_nik}, {"photo", kPhotoRef}});
    EXPECT_EQ(reply.code(), "invalid_args");
    EXPECT_EQ(reply.header["error"]["details"]["field"], "nik") << reply.header;
    auto typo = kCard;
    typo["nmaa"] = "X";
    EXPECT_EQ(proof({{"card", typo}, {"photo", kPhotoRef}}).code(), "invalid_args");
    auto wrong_size = kPhotoRef;
    wrong_size["width"] = 61;
    EXPECT_EQ(proof({{"card", kCard}, {"photo", wrong_size}}).code(), "invalid_args");
    auto long_address = kCard;
    long_address["alamat"] = std::string(190, 'W');
    EXPECT_EQ(proof({{"card", long_address}, {"photo", kPhotoRef}}).code(), "invalid_args");
}

TEST_F(PrintTest, AJamFailsTheJobTypedAndTheNextJobWorksAfterClearing)
{
    ASSERT_TRUE(teknisi_.call("sim.inject", {{"device", "printer0"}, {"fault", "jam"}}).ok());
    const auto jammed = print(teknisi_);
    EXPECT_EQ(jammed.code(), "device_error") << jammed.header;
    EXPECT_EQ(jammed.header["error"]["details"]["reason"], "card_jam");
    EXPECT_EQ(jammed.header["error"]["details"]["card"], "rejected") << jammed.header;
    ASSERT_TRUE(teknisi_.call("sim.inject", {{"device", "printer0"}, {"fault", "clear"}}).ok());
    EXPECT_TRUE(print(teknisi_).ok());
    ASSERT_TRUE(
        teknisi_.call("sim.inject", {{"device", "printer0"}, {"fault", "cover_open"}}).ok());
    const auto open = print(teknisi_);
    EXPECT_EQ(open.header["error"]["details"]["reason"], "cover_open") << open.header;
    EXPECT_EQ(open.header["error"]["details"]["card"], "not_fed") << open.header;
}

TEST_F(PrintTest, CancellingAPrintMidJobSendsTheCardToTheRejectBox)
{
    // Each side takes 3 s under the head, as on a real printer: the cancel
    // lands while the card is in the printer.
    ASSERT_TRUE(
        teknisi_.call("sim.inject", {{"device", "printer0"}, {"fault", "print_time"}, {"ms", 3000}})
            .ok());
    zmq::socket_t events(context_, zmq::socket_type::sub);
    events.set(zmq::sockopt::subscribe, "op.progress");
    events.set(zmq::sockopt::rcvtimeo, 20000);
    events.connect(daemon_.events_endpoint());
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // subscription reaches the PUB
    teknisi_.send_frames(
        {request_header("job", "printer.print", nlohmann::json::object(), teknisi_.token())});
    // Wait until the first panel is in the printer: a blank has been fed.
    for (;;) {
        std::vector<zmq::message_t> frames;
        ASSERT_TRUE(zmq::recv_multipart(events, std::back_inserter(frames)));
        const auto event = nlohmann::json::parse(frames.at(1).to_string());
        if (event["data"]["id"] == "job" && event["data"].contains("panel"))
            break;
    }
    teknisi_.send_request("stop", "op.cancel", {{"id", "job"}});
    std::map<std::string, WireReply> replies;
    for (int i = 0; i < 2; ++i) {
        auto reply = teknisi_.receive(20000);
        replies[reply.header["id"]] = reply;
    }
    EXPECT_TRUE(replies["stop"].ok()) << replies["stop"].header;
    EXPECT_EQ(replies["job"].code(), "cancelled") << replies["job"].header;
    EXPECT_EQ(replies["job"].header["error"]["details"]["card"], "rejected");
    // One blank gone, the printer free for the next job.
    const auto status = teknisi_.call("printer.status");
    EXPECT_EQ(status.header["result"]["cards_in_hopper"], 99) << status.header;
    ASSERT_TRUE(
        teknisi_.call("sim.inject", {{"device", "printer0"}, {"fault", "print_time"}, {"ms", 0}})
            .ok());
    EXPECT_TRUE(print(teknisi_).ok());
}

TEST_F(PrintTest, RawPanelsSendMoreBytesAndTheReplySaysHowMany)
{
    const auto compressed = print(teknisi_);
    ASSERT_TRUE(compressed.ok()) << compressed.header;
    const auto raw = print(teknisi_, {{"panels", "raw"}});
    ASSERT_TRUE(raw.ok()) << raw.header;
    const auto& c = compressed.header["result"];
    const auto& r = raw.header["result"];
    EXPECT_EQ(r["panels"]["raw"], 5);
    EXPECT_EQ(r["panels"]["compressed"], 0);
    EXPECT_EQ(c["panels"]["raw"].get<int>() + c["panels"]["compressed"].get<int>(), 5);
    EXPECT_GT(r["bytes_sent"].get<std::uint64_t>(), c["bytes_sent"].get<std::uint64_t>());
    EXPECT_GE(c["submit_to_last_byte_ms"].get<std::int64_t>(), 0);
    EXPECT_EQ(c["card"], "rejected"); // a technician's test card
    EXPECT_EQ(print(teknisi_, {{"panels", "zip"}}).code(), "invalid_args");
}

TEST_F(PrintTest, SpoiledTestCardsAreCountedInTheRegister)
{
    // A jam spoils the first blank; after the technician clears it, the
    // next test card goes through without a daemon restart.
    ASSERT_TRUE(teknisi_.call("sim.inject", {{"device", "printer0"}, {"fault", "jam"}}).ok());
    EXPECT_EQ(print(teknisi_).code(), "device_error");
    ASSERT_TRUE(teknisi_.call("sim.inject", {{"device", "printer0"}, {"fault", "clear"}}).ok());
    ASSERT_TRUE(print(teknisi_).ok());
    WireClient hendra(context_, daemon_.api_endpoint());
    hendra.login("hendra", "222222");
    const auto report = hendra.call("register.report");
    ASSERT_TRUE(report.ok()) << report.header;
    EXPECT_EQ(report.header["result"]["cards"]["spoiled"], 1) << report.header;
    EXPECT_EQ(report.header["result"]["cards"]["spoiled_by_reason"]["card_jam"], 1);
    EXPECT_EQ(report.header["result"]["cards"]["test_cards"], 1);
    EXPECT_EQ(report.header["result"]["cards"]["delivered"], 0);
}

} // namespace
} // namespace ktpel::test
