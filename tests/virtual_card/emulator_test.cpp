// SPDX-License-Identifier: Apache-2.0
// The virtual chip emulator around the card logic: the state directory
// (cards survive a restart), the steering commands and the unix control
// socket.
#include <fstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "sim/virtual_chip/control_commands.hpp"
#include "sim/virtual_chip/control_server.hpp"
#include "station_fixture.hpp"

namespace ktpel::chip::test {
namespace {

namespace asio = boost::asio;
using sim::virtual_chip::CardStore;
using sim::virtual_chip::CardStoreError;
using sim::virtual_chip::ChipSlot;

TEST(StateDirectory, IssuedCardsSurviveARestart)
{
    TemporaryDirectory directory;
    const auto cards = directory.path() / "cards";
    const ChipContents contents = sample_contents();
    CardUid uid{};
    {
        CardStore store(cards);
        ChipSlot slot(store, sim::sm::demo_issuer_key());
        sim::virtual_sam::SamApplet sam(sim::sm::demo_issuer_key());
        TestReader chip_reader("encoder", card_in(slot));
        TestReader sam_reader("sam", card_in(sam));
        uid = slot.insert_blank();
        KtpelChipSession session(chip_reader, sam_reader);
        session.open({});
        session.personalise(contents, {});
        session.record_activation("20261124", {});
    }
    // A new emulator over the same directory.
    CardStore store(cards);
    EXPECT_EQ(store.list(), std::vector<CardUid>{uid});
    ChipSlot slot(store, sim::sm::demo_issuer_key());
    EXPECT_FALSE(slot.present());
    slot.insert(uid);
    sim::virtual_sam::SamApplet sam(sim::sm::demo_issuer_key());
    TestReader chip_reader("encoder", card_in(slot));
    TestReader sam_reader("sam", card_in(sam));
    KtpelChipSession session(chip_reader, sam_reader);
    EXPECT_EQ(session.open({}).life_cycle, LifeCycle::locked);
    EXPECT_EQ(session.read_biographic({}), contents.biographic);
    EXPECT_EQ(session.read_data_group(DataGroup::face, {}), contents.face_jpeg);
    EXPECT_EQ(session.read_activation({}).date, "20261124");

    // One file per card, named by UID, holding the card's own key only.
    const auto file = cards / (to_hex(uid) + ".json");
    ASSERT_TRUE(std::filesystem::exists(file));
    const auto json = nlohmann::json::parse(std::ifstream(file));
    EXPECT_EQ(json["uid"], to_hex(uid));
    EXPECT_EQ(json["card_key"].get<std::string>().size(), 32u);
    std::ifstream text(file);
    const std::string content((std::istreambuf_iterator<char>(text)),
                              std::istreambuf_iterator<char>());
    EXPECT_EQ(content.find(to_hex(sim::sm::demo_issuer_key().view())), std::string::npos);
}

TEST(StateDirectory, UnknownOrDamagedCardsAreRefused)
{
    TemporaryDirectory directory;
    CardStore store(directory.path());
    ChipSlot slot(store, sim::sm::demo_issuer_key());
    EXPECT_THROW(slot.insert(CardUid{1, 2, 3, 4, 5, 6, 7, 8}), CardStoreError);
    const CardUid uid = slot.insert_blank();
    std::ofstream(store.path_of(uid)) << "{\"format\": 1, \"uid\": ";
    EXPECT_THROW(store.load(uid), CardStoreError);
    EXPECT_TRUE(slot.present()); // the card in the slot is not the file
}

class Steering : public Station
{
protected:
    std::string run(const std::string& line) { return run_control_command(slot, store, line); }
    nlohmann::json run_json(const std::string& line) { return nlohmann::json::parse(run(line)); }
};

TEST_F(Steering, InsertsRemovesAndReportsCards)
{
    EXPECT_EQ(run_json("status"), (nlohmann::json{{"ok", true}, {"present", false}}));
    const auto inserted = run_json("insert-blank");
    ASSERT_TRUE(inserted["ok"]);
    const std::string uid = inserted["uid"];
    EXPECT_TRUE(parse_card_uid(uid));
    const auto status = run_json("status");
    EXPECT_TRUE(status["present"]);
    EXPECT_EQ(status["uid"], uid);
    EXPECT_EQ(status["life_cycle"], "blank");
    EXPECT_EQ(status["activation"]["status"], "not_activated");
    EXPECT_FALSE(status["data_groups"]["face"]["complete"]);
    EXPECT_TRUE(status["pull_after_writes"].is_null());

    EXPECT_TRUE(run_json("remove")["ok"]);
    EXPECT_FALSE(run_json("status")["present"]);
    EXPECT_TRUE(run_json("insert " + uid)["ok"]);
    EXPECT_EQ(run_json("status")["uid"], uid);
    const auto listed = run_json("list");
    ASSERT_EQ(listed["cards"].size(), 1u);
    EXPECT_EQ(listed["cards"][0]["uid"], uid);
    EXPECT_EQ(listed["cards"][0]["life_cycle"], "blank");
}

TEST_F(Steering, RefusesBadCommandsWithAReason)
{
    for (const char* line : {"", "frobnicate", "insert", "insert xyz", "insert 0000000000000000",
                             "pull-after-writes 0", "pull-after-writes -1", "pull-after-writes 3x",
                             "status now", "pull-after-writes 2"}) {
        const auto answer = run_json(line);
        EXPECT_FALSE(answer["ok"]) << line;
        EXPECT_FALSE(answer["error"].get<std::string>().empty()) << line;
    }
    EXPECT_TRUE(run_json("help")["ok"]);
}

TEST_F(Steering, PullAfterWritesEndsTheSessionAsARemovedCard)
{
    const std::string uid = run_json("insert-blank")["uid"];
    KtpelChipSession session(chip_reader, sam_reader);
    session.open({});
    EXPECT_EQ(run_json("pull-after-writes 2")["pull_after_writes"], 2);
    EXPECT_EQ(run_json("status")["pull_after_writes"], 2);
    try {
        session.write_data_group(DataGroup::face, sample_contents().face_jpeg, {});
        FAIL() << "the write survived the pull";
    } catch (const ChipError& error) {
        EXPECT_EQ(error.kind(), ChipError::Kind::card_removed);
    }
    EXPECT_FALSE(run_json("status")["present"]);
    // ERASE and the first UPDATE landed.
    EXPECT_TRUE(run_json("insert " + uid)["ok"]);
    EXPECT_EQ(run_json("status")["data_groups"]["face"]["bytes"], kChunkSize);
}

// A blocking client of the control socket, one line per request.
class ControlClient
{
public:
    explicit ControlClient(const std::filesystem::path& path) : socket_(io_)
    {
        socket_.connect(asio::local::stream_protocol::endpoint(path.string()));
    }

    nlohmann::json request(const std::string& line)
    {
        asio::write(socket_, asio::buffer(line + "\n"));
        asio::read_until(socket_, input_, '\n');
        std::istream stream(&input_);
        std::string answer;
        std::getline(stream, answer);
        return nlohmann::json::parse(answer);
    }

private:
    asio::io_context io_;
    asio::local::stream_protocol::socket socket_;
    asio::streambuf input_;
};

TEST_F(Steering, AnswersOverTheControlSocket)
{
    const auto path = directory.path() / "control.sock";
    sim::virtual_chip::ControlServer server(slot, store, path);
    EXPECT_TRUE(std::filesystem::is_socket(path));
    ControlClient first(path);
    ControlClient second(path);
    EXPECT_FALSE(first.request("status")["present"]);
    const std::string uid = second.request("insert-blank")["uid"];
    EXPECT_EQ(first.request("status")["uid"], uid);
    EXPECT_TRUE(first.request("pull-after-writes 4")["ok"]);
    EXPECT_EQ(second.request("status")["pull_after_writes"], 4);
    EXPECT_FALSE(first.request("bogus")["ok"]);
    EXPECT_TRUE(first.request("remove")["ok"]);
    EXPECT_FALSE(second.request("status")["present"]);
}

TEST_F(Steering, ControlSocketReplacesAStaleSocketButNoOtherFile)
{
    const auto path = directory.path() / "control.sock";
    {
        sim::virtual_chip::ControlServer server(slot, store, path);
    }
    EXPECT_FALSE(std::filesystem::exists(path)); // removed on the way out
    {
        // What a killed emulator leaves behind: a socket file nobody listens on.
        asio::io_context io;
        asio::local::stream_protocol::acceptor stale(io);
        stale.open();
        stale.bind(asio::local::stream_protocol::endpoint(path.string()));
    }
    ASSERT_TRUE(std::filesystem::is_socket(path));
    {
        sim::virtual_chip::ControlServer server(slot, store, path);
        ControlClient client(path);
        EXPECT_TRUE(client.request("help")["ok"]);
    }
    std::ofstream(path) << "not a socket";
    EXPECT_THROW(sim::virtual_chip::ControlServer(slot, store, path),
                 sim::virtual_chip::ControlServerError);
}

} // namespace
} // namespace ktpel::chip::test
