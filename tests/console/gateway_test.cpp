// SPDX-License-Identifier: Apache-2.0
// ktpel-console against a real ktpeld (the simulated station): the session
// cookie, the Origin check, sessions kept apart, DEALERs released, slow
// tabs dropped, bad input refused. Each test drives the real processes.
#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "../integration/daemon_process.hpp"
#include "browser_client.hpp"
#include "console_process.hpp"

namespace ktpel::test {
namespace {

using namespace std::chrono_literals;

class ConsoleGateway : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        work_ = std::make_unique<TempDir>();
        daemon_ = std::make_unique<DaemonProcess>(work_->path());
    }
    static void TearDownTestSuite()
    {
        daemon_.reset();
        work_.reset();
    }

    ConsoleProcess& start_console(std::vector<std::string> extra_args = {})
    {
        console_ =
            std::make_unique<ConsoleProcess>(work_->path(), work_->path() + "/run", extra_args);
        return *console_;
    }

    // Waits until `predicate` holds, for at most `timeout`.
    template <typename Predicate>
    static bool eventually(Predicate predicate, std::chrono::milliseconds timeout = 5s)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (predicate())
                return true;
            std::this_thread::sleep_for(50ms);
        }
        return predicate();
    }

    static inline std::unique_ptr<TempDir> work_;
    static inline std::unique_ptr<DaemonProcess> daemon_;
    std::unique_ptr<ConsoleProcess> console_;
};

TEST_F(ConsoleGateway, LoginSetsAnHttpOnlyStrictCookieAndNeverShowsTheToken)
{
    auto& console = start_console();
    HttpAnswer answer;
    const auto cookie = log_in(console.port(), "siti", "111111", &answer);
    ASSERT_TRUE(cookie) << answer.body;
    const auto set_cookie = answer.headers["set-cookie"];
    EXPECT_TRUE(std::regex_search(set_cookie, std::regex("^ktpel_console=[0-9a-f]{64};")))
        << set_cookie;
    EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos) << set_cookie;
    EXPECT_EQ(answer.json()["officer"], "siti");
    EXPECT_FALSE(answer.json().contains("token")) << answer.body;
    EXPECT_EQ(answer.headers["cache-control"], "no-store");

    // The page learns who it is from the cookie, again without a token.
    const auto whoami =
        http_request(console.port(), "GET", "/api/session", {}, {{"Cookie", *cookie}});
    EXPECT_EQ(whoami.status, 200);
    EXPECT_EQ(whoami.json()["officer"], "siti");
    EXPECT_FALSE(whoami.json().contains("token"));

    // And the WebSocket's welcome carries none either.
    Tab tab(console.port(), *cookie, console.origin());
    const auto welcome = tab.next();
    ASSERT_TRUE(welcome);
    EXPECT_EQ(welcome->header["type"], "welcome");
    EXPECT_FALSE(welcome->header.contains("token"));
}

TEST_F(ConsoleGateway, AWrongPinAnswersWithTheDaemonsCodeAndKeepsNoConnection)
{
    auto& console = start_console();
    const int before = console.unix_sockets();
    HttpAnswer answer;
    EXPECT_FALSE(log_in(console.port(), "hendra", "000000", &answer));
    EXPECT_EQ(answer.status, 401);
    EXPECT_EQ(answer.json()["error"]["code"], "unauthenticated") << answer.body;
    EXPECT_EQ(answer.headers.count("set-cookie"), 0U);
    EXPECT_TRUE(eventually([&] { return console.unix_sockets() == before; }))
        << console.unix_sockets() << " unix sockets, " << before << " before";
}

TEST_F(ConsoleGateway, TheWebSocketNeedsTheSessionCookieAndTheConsolesOwnOrigin)
{
    auto& console = start_console();
    const auto cookie = log_in(console.port(), "teknisi", "999999");
    ASSERT_TRUE(cookie);
    EXPECT_EQ(Tab::refused_status(console.port(), "", console.origin()), 403);
    EXPECT_EQ(Tab::refused_status(console.port(), "ktpel_console=" + std::string(64, 'a'),
                                  console.origin()),
              403);
    EXPECT_EQ(Tab::refused_status(console.port(), *cookie, "http://evil.example"), 403);
    EXPECT_EQ(Tab::refused_status(console.port(), *cookie, ""), 403);
    // The same port on another host name is another origin too.
    EXPECT_EQ(Tab::refused_status(console.port(), *cookie,
                                  "http://127.0.0.2:" + std::to_string(console.port())),
              403);
    EXPECT_EQ(Tab::refused_status(console.port(), *cookie, console.origin()), 0);
    EXPECT_NE(console.stderr_text().find("foreign origin"), std::string::npos);
}

TEST_F(ConsoleGateway, APageCannotSendATokenNorLogInOverTheWebSocket)
{
    auto& console = start_console();
    const auto cookie = log_in(console.port(), "teknisi", "999999");
    ASSERT_TRUE(cookie);
    Tab tab(console.port(), *cookie, console.origin());
    tab.send_text(R"({"id":"t1","op":"session.whoami","token":"anything"})");
    auto reply = tab.reply_to("t1");
    EXPECT_FALSE(reply.header["ok"]);
    EXPECT_EQ(reply.header["error"]["code"], "bad_request");
    EXPECT_EQ(reply.header["error"]["details"]["reason"], "token_refused");

    tab.request("t2", "session.login", {{"officer", "siti"}, {"pin", "111111"}});
    reply = tab.reply_to("t2");
    EXPECT_EQ(reply.header["error"]["details"]["reason"], "op_refused");
    EXPECT_FALSE(reply.header.dump().find("token") != std::string::npos &&
                 reply.header.contains("result"));

    // Bad input gets a typed refusal and the tab goes on.
    tab.send_text("{not json");
    auto refused = tab.next();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->header["error"]["details"]["reason"], "not_json");
    tab.send_text(R"([1,2])");
    refused = tab.next();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->header["error"]["details"]["reason"], "not_object");
    tab.request("t3", "session.whoami");
    reply = tab.reply_to("t3");
    EXPECT_TRUE(reply.header["ok"]) << reply.header.dump();
    EXPECT_EQ(reply.header["result"]["officer"], "teknisi");
}

TEST_F(ConsoleGateway, EachBrowserSessionUsesItsOwnDaemonSession)
{
    auto& console = start_console();
    const auto counter = log_in(console.port(), "siti", "111111");
    const auto technician = log_in(console.port(), "teknisi", "999999");
    ASSERT_TRUE(counter && technician);
    ASSERT_NE(*counter, *technician);
    Tab counter_tab(console.port(), *counter, console.origin());
    Tab technician_tab(console.port(), *technician, console.origin());
    // Interleaved on the two DEALERs: each answer is its own officer's.
    counter_tab.request("a", "session.whoami");
    technician_tab.request("a", "session.whoami");
    EXPECT_EQ(technician_tab.reply_to("a").header["result"]["officer"], "teknisi");
    EXPECT_EQ(counter_tab.reply_to("a").header["result"]["officer"], "siti");
    // The technician's role works in the technician's session only.
    counter_tab.request("b", "printer.status", {{"device", "printer0"}});
    technician_tab.request("b", "printer.status", {{"device", "printer0"}});
    EXPECT_EQ(counter_tab.reply_to("b").header["error"]["code"], "forbidden");
    EXPECT_TRUE(technician_tab.reply_to("b").header["ok"]);

    // Logging one out ends that one alone.
    const auto logout =
        http_request(console.port(), "DELETE", "/api/session", {}, {{"Cookie", *counter}});
    EXPECT_EQ(logout.status, 200);
    EXPECT_NE(logout.headers.at("set-cookie").find("Max-Age=0"), std::string::npos);
    std::optional<PageMessage> ended;
    while ((ended = counter_tab.next(5s)) && ended->header["type"] != "session_ended") {
    }
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->header["reason"], "logged_out");
    EXPECT_EQ(
        http_request(console.port(), "GET", "/api/session", {}, {{"Cookie", *counter}}).status,
        401);
    EXPECT_EQ(Tab::refused_status(console.port(), *counter, console.origin()), 403);
    technician_tab.request("c", "session.whoami");
    EXPECT_EQ(technician_tab.reply_to("c").header["result"]["officer"], "teknisi");
}

TEST_F(ConsoleGateway, BlobsAndPreviewsGoAsBinaryFramesToTheTabThatAsked)
{
    auto& console = start_console();
    const auto technician = log_in(console.port(), "teknisi", "999999");
    const auto other = log_in(console.port(), "budi", "333333");
    ASSERT_TRUE(technician && other);
    Tab asking(console.port(), *technician, console.origin());
    Tab watching(console.port(), *other, console.origin());
    ASSERT_TRUE(asking.next());   // welcome
    ASSERT_TRUE(watching.next()); // welcome

    // A diagnostic capture: the daemon streams previews, then replies with the image.
    asking.request("cap", "fingerprint.capture", {{"slot", "left_four"}, {"timeout_ms", 20000}});
    int previews = 0;
    std::optional<PageMessage> reply;
    while (auto message = asking.next(30s)) {
        EXPECT_TRUE(message->header_was_text);
        EXPECT_TRUE(message->blobs_were_binary) << message->header.dump();
        if (message->header["type"] == "event" && message->header["topic"] == "op.preview") {
            ++previews;
            const auto& data = message->header["data"];
            EXPECT_EQ(data["id"], "cap"); // the page's own id, not the routed one
            ASSERT_EQ(message->blobs.size(), 1U);
            EXPECT_EQ(message->blobs[0].size(), data["image"]["width"].get<std::size_t>() *
                                                    data["image"]["height"].get<std::size_t>());
        }
        if (message->header["type"] == "reply" && message->header["id"] == "cap") {
            reply = message;
            break;
        }
    }
    ASSERT_TRUE(reply);
    ASSERT_TRUE(reply->header["ok"]) << reply->header.dump();
    EXPECT_GE(previews, 1);
    const auto& image = reply->header["result"]["image"];
    const auto frame = image["frame"].get<std::size_t>();
    ASSERT_GE(reply->blobs.size(), frame);
    ASSERT_EQ(reply->header["blobs"].get<std::size_t>(), reply->blobs.size());
    EXPECT_EQ(reply->blobs[frame - 1].size(),
              image["width"].get<std::size_t>() * image["height"].get<std::size_t>());

    // The other session saw device events, but none of the capture's op.* events.
    while (auto message = watching.next(500ms)) {
        EXPECT_NE(message->header.value("topic", "").rfind("op.", 0), 0U) << message->header.dump();
    }
}

TEST_F(ConsoleGateway, LoggingOutReleasesTheSessionsDealer)
{
    auto& console = start_console();
    const int before = console.unix_sockets();
    const auto cookie = log_in(console.port(), "budi", "333333");
    ASSERT_TRUE(cookie);
    EXPECT_TRUE(eventually([&] { return console.unix_sockets() == before + 1; }))
        << console.unix_sockets() << " unix sockets, " << before << " before";
    http_request(console.port(), "DELETE", "/api/session", {}, {{"Cookie", *cookie}});
    EXPECT_TRUE(eventually([&] { return console.unix_sockets() == before; }))
        << console.unix_sockets() << " unix sockets, " << before << " before";
    EXPECT_NE(console.stderr_text().find("ended (logged_out)"), std::string::npos);
}

TEST_F(ConsoleGateway, ASessionWithNoTabLeftReleasesItsDealer)
{
    auto& console = start_console({"--release-after", "2"});
    const int before = console.unix_sockets();
    const auto cookie = log_in(console.port(), "budi", "333333");
    ASSERT_TRUE(cookie);
    {
        Tab tab(console.port(), *cookie, console.origin());
        ASSERT_TRUE(tab.next());
        EXPECT_EQ(console.unix_sockets(), before + 1);
        tab.close();
    }
    // Closing the tab keeps the session for a while...
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(http_request(console.port(), "GET", "/api/session", {}, {{"Cookie", *cookie}}).status,
              200);
    // ...then the session and its DEALER go.
    EXPECT_TRUE(eventually([&] { return console.unix_sockets() == before; }, 6s))
        << console.unix_sockets() << " unix sockets, " << before << " before";
    EXPECT_EQ(http_request(console.port(), "GET", "/api/session", {}, {{"Cookie", *cookie}}).status,
              401);
    EXPECT_NE(console.stderr_text().find("ended (released)"), std::string::npos);
}

TEST(ConsoleGatewayExpiry, TheDaemonsSessionExpiryEndsTheBrowserSession)
{
    // A station whose sessions end after 10 s without a request (the least
    // the configuration allows).
    TempDir work;
    const auto config_path = station_config(work.path(), 1);
    std::string config;
    {
        std::ifstream in(config_path);
        std::stringstream text;
        text << in.rdbuf();
        config = text.str();
    }
    const auto at = config.find("idle_timeout_s: 900");
    ASSERT_NE(at, std::string::npos);
    config.replace(at, std::string("idle_timeout_s: 900").size(), "idle_timeout_s: 10");
    std::ofstream(config_path) << config;
    DaemonProcess daemon(work.path(), config_path);
    ConsoleProcess console(work.path(), work.path() + "/run");

    HttpAnswer answer;
    const auto cookie = log_in(console.port(), "siti", "111111", &answer);
    ASSERT_TRUE(cookie);
    EXPECT_EQ(answer.json()["idle_timeout_s"], 10);
    Tab tab(console.port(), *cookie, console.origin());
    ASSERT_TRUE(tab.next()); // welcome
    const int sockets_logged_in = console.unix_sockets();
    // Nobody asks anything: the daemon drops its session after 10 s, the
    // gateway finds out and the page is told it was logged out.
    const auto started = std::chrono::steady_clock::now();
    std::optional<PageMessage> message;
    while ((message = tab.next(20s)) && message->header["type"] != "session_ended") {
    }
    ASSERT_TRUE(message) << console.stderr_text();
    EXPECT_EQ(message->header["reason"], "expired");
    EXPECT_GE(std::chrono::steady_clock::now() - started, 8s);
    EXPECT_EQ(http_request(console.port(), "GET", "/api/session", {}, {{"Cookie", *cookie}}).status,
              401);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (console.unix_sockets() != sockets_logged_in - 1 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    EXPECT_EQ(console.unix_sockets(), sockets_logged_in - 1);
}

TEST_F(ConsoleGateway, ASlowTabIsDroppedWhileAnotherKeepsGettingReplies)
{
    auto& console = start_console({"--tab-queue-bytes", "65536"});
    const auto slow_cookie = log_in(console.port(), "teknisi", "999999");
    const auto fast_cookie = log_in(console.port(), "budi", "333333");
    ASSERT_TRUE(slow_cookie && fast_cookie);
    Tab slow(console.port(), *slow_cookie, console.origin(), 4096);
    Tab fast(console.port(), *fast_cookie, console.origin());
    ASSERT_TRUE(fast.next()); // welcome

    // The slow tab asks for a lot and never reads.
    const int requests = 3000;
    for (int index = 0; index < requests && console.alive(); ++index) {
        try {
            slow.request("s" + std::to_string(index), "sop.describe");
        } catch (const std::exception&) {
            break; // the gateway cut it: what this test waits for
        }
        if (index % 100 == 0) {
            // Meanwhile the other tab is answered promptly.
            const auto id = "f" + std::to_string(index);
            const auto asked = std::chrono::steady_clock::now();
            fast.request(id, "device.list");
            const auto reply = fast.reply_to(id, 5s);
            EXPECT_TRUE(reply.header["ok"]);
            EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s);
        }
        if (console.stderr_text().find("dropped: too_slow") != std::string::npos)
            break;
    }
    EXPECT_TRUE(eventually([&] {
        return console.stderr_text().find("dropped: too_slow") != std::string::npos;
    })) << console.stderr_text();
    // The slow tab finds its connection ended (after whatever was in flight).
    int read_after_drop = 0;
    while (slow.next(3s))
        ++read_after_drop;
    EXPECT_TRUE(slow.closed());
    // The gateway is fine and the other tab still works.
    ASSERT_TRUE(console.alive());
    fast.request("after", "device.list");
    EXPECT_TRUE(fast.reply_to("after").header["ok"]);
}

TEST_F(ConsoleGateway, BadHttpAndOversizedMessagesAreRefusedWithoutHarm)
{
    auto& console = start_console();
    // Traversal and unknown files are 404; the page itself is there.
    EXPECT_EQ(http_request(console.port(), "GET", "/../CMakeLists.txt").status, 404);
    EXPECT_EQ(http_request(console.port(), "GET", "/%2e%2e/CMakeLists.txt").status, 404);
    EXPECT_EQ(http_request(console.port(), "GET", "/js/../../app/main.cpp").status, 404);
    const auto index = http_request(console.port(), "GET", "/");
    EXPECT_EQ(index.status, 200);
    EXPECT_EQ(index.headers.at("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(http_request(console.port(), "GET", "/js/app.js").headers.at("content-type"),
              "text/javascript; charset=utf-8");
    EXPECT_EQ(http_request(console.port(), "POST", "/api/session", "{\"officer\": 1}").status, 400);
    EXPECT_EQ(
        http_request(console.port(), "POST", "/api/session", std::string(200'000, 'x')).status,
        400);
    // Malformed HTTP: an answer or a hang-up, never a crash.
    {
        boost::asio::io_context io;
        boost::asio::ip::tcp::socket raw(io);
        raw.connect({boost::asio::ip::make_address("127.0.0.1"), console.port()});
        boost::asio::write(raw, boost::asio::buffer(std::string("GARBAGE\r\n\r\n")));
        boost::system::error_code error;
        std::string answer(64, '\0');
        raw.read_some(boost::asio::buffer(answer), error);
        EXPECT_TRUE(error || answer.rfind("HTTP/1.1 400", 0) == 0) << answer;
    }
    const auto cookie = log_in(console.port(), "teknisi", "999999");
    ASSERT_TRUE(cookie);
    Tab big(console.port(), *cookie, console.origin());
    ASSERT_TRUE(big.next());
    try {
        big.send_text(R"({"id":"x","op":"hello","args":{"pad":")" + std::string(100'000, 'p') +
                      "\"}}");
    } catch (const std::exception&) {
    }
    EXPECT_FALSE(big.next(3s)); // closed: message too big
    ASSERT_TRUE(console.alive());
    Tab after(console.port(), *cookie, console.origin());
    ASSERT_TRUE(after.next());
    after.request("h", "hello");
    EXPECT_TRUE(after.reply_to("h").header["ok"]);
}

} // namespace
} // namespace ktpel::test
