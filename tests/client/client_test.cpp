// SPDX-License-Identifier: Apache-2.0
// The client library against a real ZeroMQ ROUTER / PUB peer played by the
// test itself, so every frame the library sends or must cope with is
// under the test's control.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <ktpel/client.hpp>
#include <ktpel/event_subscriber.hpp>

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// A private directory for the ipc socket files, removed with its contents.
class TempDir
{
public:
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "ktpel-client-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

std::string as_string(const zmq::message_t& frame)
{
    return frame.to_string();
}

std::vector<std::uint8_t> as_bytes(const ktpel::Blob& blob)
{
    return {blob.bytes().begin(), blob.bytes().end()};
}

// A request as the daemon's ROUTER sees it.
struct Incoming
{
    zmq::message_t routing_id;
    std::vector<zmq::message_t> frames; // after the routing id: delimiter, header, blobs
    json header;
};

// Plays the daemon's api socket.
class RouterPeer
{
public:
    RouterPeer(zmq::context_t& context, const std::string& endpoint)
        : socket_(context, zmq::socket_type::router)
    {
        socket_.set(zmq::sockopt::linger, 0);
        socket_.bind(endpoint);
    }

    Incoming receive(std::chrono::milliseconds timeout = 5s)
    {
        zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
        if (zmq::poll(&item, 1, timeout) == 0)
            throw std::runtime_error("peer: no request arrived");
        std::vector<zmq::message_t> frames;
        if (!zmq::recv_multipart(socket_, std::back_inserter(frames)))
            throw std::runtime_error("peer: receive failed");
        Incoming incoming;
        incoming.routing_id = std::move(frames.front());
        frames.erase(frames.begin());
        if (frames.size() >= 2)
            incoming.header = json::parse(as_string(frames[1]));
        incoming.frames = std::move(frames);
        return incoming;
    }

    // Sends raw frames after the routing id, exactly as given.
    void send_raw(const zmq::message_t& routing_id, const std::vector<std::string>& frames)
    {
        std::vector<zmq::message_t> message;
        message.emplace_back(routing_id.data(), routing_id.size());
        for (const auto& frame : frames)
            message.emplace_back(frame);
        zmq::send_multipart(socket_, message);
    }

    void reply(const zmq::message_t& routing_id, const json& header,
               const std::vector<std::string>& blobs = {})
    {
        std::vector<std::string> frames{"", header.dump()};
        frames.insert(frames.end(), blobs.begin(), blobs.end());
        send_raw(routing_id, frames);
    }

    void reply_ok(const Incoming& request, const json& result,
                  const std::vector<std::string>& blobs = {})
    {
        reply(request.routing_id,
              {{"v", 1}, {"id", request.header.at("id")}, {"ok", true}, {"result", result}}, blobs);
    }

private:
    zmq::socket_t socket_;
};

class ClientTest : public ::testing::Test
{
protected:
    TempDir dir;
    std::shared_ptr<zmq::context_t> context = std::make_shared<zmq::context_t>(1);
    std::string endpoint = ktpel::Endpoints::from_runtime_dir(dir.path()).api;
    RouterPeer peer{*context, endpoint};
    ktpel::Client client{endpoint, context};
};

TEST(Endpoints, FromRuntimeDirNamesTheDaemonsSockets)
{
    const auto endpoints = ktpel::Endpoints::from_runtime_dir("/run/ktpeld");
    EXPECT_EQ(endpoints.api, "ipc:///run/ktpeld/api.sock");
    EXPECT_EQ(endpoints.events, "ipc:///run/ktpeld/events.sock");
}

TEST(Endpoints, DefaultRuntimeDirFollowsTheEnvironment)
{
    ::setenv("KTPEL_RUNTIME_DIR", "/tmp/elsewhere", 1);
    EXPECT_EQ(ktpel::default_runtime_dir(), "/tmp/elsewhere");
    EXPECT_EQ(ktpel::Endpoints::defaults().api, "ipc:///tmp/elsewhere/api.sock");
    ::setenv("KTPEL_RUNTIME_DIR", "", 1);
    EXPECT_EQ(ktpel::default_runtime_dir(), "/run/ktpeld");
    ::unsetenv("KTPEL_RUNTIME_DIR");
    EXPECT_EQ(ktpel::default_runtime_dir(), "/run/ktpeld");
}

TEST(Endpoints, IpcSocketPathOnlyForFileSockets)
{
    EXPECT_EQ(ktpel::ipc_socket_path("ipc:///run/ktpeld/api.sock"), "/run/ktpeld/api.sock");
    EXPECT_EQ(ktpel::ipc_socket_path("ipc://@abstract"), std::nullopt);
    EXPECT_EQ(ktpel::ipc_socket_path("tcp://127.0.0.1:5555"), std::nullopt);
}

TEST_F(ClientTest, RequestStartsWithTheEmptyDelimiterThenTheHeader)
{
    const std::string id = client.send("device.status", {{"device", "fingerprint0"}});
    const Incoming request = peer.receive();

    ASSERT_EQ(request.frames.size(), 2u);
    EXPECT_EQ(request.frames[0].size(), 0u) << "frame before the header must be empty";
    EXPECT_EQ(request.header.at("v"), 1);
    EXPECT_EQ(request.header.at("id"), id);
    EXPECT_EQ(request.header.at("op"), "device.status");
    EXPECT_EQ(request.header.at("args"), json({{"device", "fingerprint0"}}));
    EXPECT_FALSE(request.header.contains("token"));
}

TEST_F(ClientTest, DefaultArgsAreAnEmptyObjectAndTokenIsSentWhenSet)
{
    client.set_token("secret");
    client.send("hello", json{});
    const Incoming request = peer.receive();
    EXPECT_EQ(request.header.at("args"), json::object());
    EXPECT_EQ(request.header.at("token"), "secret");
}

TEST_F(ClientTest, NonObjectArgsAreRefusedBeforeSending)
{
    EXPECT_THROW(client.send("hello", json::array({1, 2})), std::invalid_argument);
    EXPECT_THROW(peer.receive(100ms), std::runtime_error) << "nothing should have been sent";
}

TEST_F(ClientTest, RequestIdsArePidCounterAndUniqueAcrossClients)
{
    ktpel::Client other{endpoint, context};
    const std::string first = client.send("hello");
    const std::string second = client.send("hello");
    const std::string third = other.send("hello");

    const std::regex shape(std::to_string(::getpid()) + "-[0-9]+");
    for (const auto& id : {first, second, third})
        EXPECT_TRUE(std::regex_match(id, shape)) << id;
    EXPECT_NE(first, second);
    EXPECT_NE(first, third);
    EXPECT_NE(second, third);
}

TEST_F(ClientTest, CallSkipsStaleRepliesAndReturnsItsOwn)
{
    auto daemon = std::async(std::launch::async, [&] {
        const Incoming request = peer.receive();
        const std::string own_id = request.header.at("id");
        peer.reply(request.routing_id,
                   {{"v", 1}, {"id", "stale-7"}, {"ok", true}, {"result", {{"which", "stale"}}}});
        peer.reply(request.routing_id, {{"v", 1},
                                        {"id", std::to_string(::getpid()) + "-999999"},
                                        {"ok", false},
                                        {"error", {{"code", "timeout"}, {"message", "old"}}}});
        peer.reply_ok(request, {{"which", "own"}});
        return own_id;
    });

    const ktpel::Reply reply = client.call("hello", {}, {}, 5s);
    const std::string own_id = daemon.get();

    EXPECT_EQ(reply.id, own_id);
    ASSERT_TRUE(reply.ok);
    EXPECT_EQ(reply.result.at("which"), "own");
    EXPECT_EQ(client.receive(200ms), std::nullopt) << "stale replies must not surface later";
}

TEST_F(ClientTest, CallTimesOutWithATypedErrorAndNeverReturnsTheLateReply)
{
    const auto started = std::chrono::steady_clock::now();
    try {
        client.call("fingerprint.capture", {}, {}, 150ms);
        FAIL() << "call() returned without a reply";
    } catch (const ktpel::ClientError& e) {
        EXPECT_EQ(e.kind(), ktpel::ClientErrorKind::timeout);
        EXPECT_NE(std::string(e.what()).find("fingerprint.capture"), std::string::npos);
    }
    const auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_GE(waited, 150ms);
    EXPECT_LT(waited, 2s);

    const Incoming timed_out = peer.receive();
    auto daemon = std::async(std::launch::async, [&] {
        const Incoming second = peer.receive();
        // The late answer goes out first, to whatever connection sent it.
        peer.reply_ok(timed_out, {{"which", "late"}});
        peer.reply_ok(second, {{"which", "second"}});
    });
    const ktpel::Reply reply = client.call("hello", {}, {}, 5s);
    daemon.get();

    ASSERT_TRUE(reply.ok);
    EXPECT_EQ(reply.result.at("which"), "second");
    EXPECT_NE(reply.id, timed_out.header.at("id"));
}

TEST(ClientWithoutDaemon, TimeoutNamesTheMissingSocketFile)
{
    TempDir empty;
    ktpel::Client client{ktpel::Endpoints::from_runtime_dir(empty.path()).api};
    try {
        client.call("hello", {}, {}, 100ms);
        FAIL() << "call() returned with no daemon";
    } catch (const ktpel::ClientError& e) {
        EXPECT_EQ(e.kind(), ktpel::ClientErrorKind::timeout);
        EXPECT_NE(std::string(e.what()).find("no socket file"), std::string::npos) << e.what();
    }
}

TEST_F(ClientTest, ErrorReplyIsAValueCarryingItsCode)
{
    auto daemon = std::async(std::launch::async, [&] {
        for (int i = 0; i < 2; ++i) {
            const Incoming request = peer.receive();
            peer.reply(request.routing_id, {{"v", 1},
                                            {"id", request.header.at("id")},
                                            {"ok", false},
                                            {"error",
                                             {{"code", "device_busy"},
                                              {"message", "fingerprint0 is busy"},
                                              {"details", {{"device", "fingerprint0"}}}}}});
        }
    });

    const ktpel::Reply reply = client.call("fingerprint.capture", {}, {}, 5s);
    EXPECT_FALSE(reply.ok);
    ASSERT_TRUE(reply.error.has_value());
    EXPECT_EQ(reply.error->code, ktpel::ErrorCode::device_busy);
    EXPECT_EQ(reply.error->message, "fingerprint0 is busy");
    EXPECT_EQ(reply.error->details.at("device"), "fingerprint0");

    try {
        client.call_ok("fingerprint.capture", {}, {}, 5s);
        FAIL() << "call_ok() returned an error reply";
    } catch (const ktpel::ProtocolError& e) {
        EXPECT_EQ(e.code(), ktpel::ErrorCode::device_busy);
        EXPECT_STREQ(e.what(), "fingerprint0 is busy");
    }
    daemon.get();
}

TEST_F(ClientTest, CallOkReturnsTheResult)
{
    auto daemon = std::async(std::launch::async, [&] {
        const Incoming request = peer.receive();
        peer.reply_ok(request, {{"protocol", 1}, {"daemon", "0.1.0"}});
    });
    const json result = client.call_ok("hello", {}, {}, 5s);
    daemon.get();
    EXPECT_EQ(result.at("daemon"), "0.1.0");
}

TEST_F(ClientTest, BlobsRoundTripByteForByte)
{
    std::vector<std::uint8_t> image(1 << 20);
    for (std::size_t i = 0; i < image.size(); ++i)
        image[i] = static_cast<std::uint8_t>(i * 7 + 3);
    const std::vector<std::uint8_t> binary{0x00, 0xff, 0x00, '\n', 0x80};

    auto daemon = std::async(std::launch::async, [&] {
        const Incoming request = peer.receive();
        // Echo the blobs back unchanged, in reverse order.
        std::vector<std::string> echoed;
        for (std::size_t i = request.frames.size(); i-- > 2;)
            echoed.push_back(as_string(request.frames[i]));
        peer.reply_ok(request, {{"count", request.frames.size() - 2}}, echoed);
        return request.frames.size();
    });

    const ktpel::Reply reply = client.call(
        "blob.echo", {{"note", ktpel::blob_ref(1, {{"kind", "binary"}})}},
        {ktpel::Blob(binary), ktpel::Blob(std::vector<std::uint8_t>{}), ktpel::Blob(image)}, 5s);

    EXPECT_EQ(daemon.get(), 2u + 3u) << "delimiter, header and three blob frames";
    ASSERT_TRUE(reply.ok);
    ASSERT_EQ(reply.blobs.size(), 3u);
    EXPECT_EQ(as_bytes(reply.blobs[0]), image);
    EXPECT_EQ(reply.blobs[1].size(), 0u);
    EXPECT_EQ(as_bytes(reply.blobs[2]), binary);
}

TEST_F(ClientTest, PipelinedRepliesComeBackInArrivalOrder)
{
    const std::vector<std::string> ids{client.send("a"), client.send("b"), client.send("c")};
    std::vector<Incoming> requests;
    for (int i = 0; i < 3; ++i)
        requests.push_back(peer.receive());
    for (auto it = requests.rbegin(); it != requests.rend(); ++it)
        peer.reply_ok(*it, {{"op", it->header.at("op")}});

    for (auto expected = ids.rbegin(); expected != ids.rend(); ++expected) {
        const auto reply = client.receive(5s);
        ASSERT_TRUE(reply.has_value());
        EXPECT_EQ(reply->id, *expected);
    }
    EXPECT_TRUE(client.outstanding().empty());
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(client.receive(5s), std::nullopt);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s)
        << "nothing outstanding: receive() must not wait";
}

TEST_F(ClientTest, CallKeepsRepliesToOutstandingSendsForReceive)
{
    const std::string pipelined = client.send("fingerprint.capture");
    auto daemon = std::async(std::launch::async, [&] {
        const Incoming capture = peer.receive();
        const Incoming cancel = peer.receive();
        peer.reply_ok(capture, {{"which", "capture"}});
        peer.reply_ok(cancel, {{"cancelled", true}});
    });

    const ktpel::Reply cancel = client.call("op.cancel", {{"id", pipelined}}, {}, 5s);
    daemon.get();
    EXPECT_EQ(cancel.result.at("cancelled"), true);

    const auto capture = client.receive(0ms);
    ASSERT_TRUE(capture.has_value()) << "the capture reply was read by call() and must be kept";
    EXPECT_EQ(capture->id, pipelined);
    EXPECT_EQ(capture->result.at("which"), "capture");
}

TEST_F(ClientTest, AbandonedRequestsRepliesAreDropped)
{
    const std::string dropped = client.send("a");
    const std::string kept = client.send("b");
    client.abandon(dropped);
    const Incoming first = peer.receive();
    const Incoming second = peer.receive();
    peer.reply_ok(first, {});
    peer.reply_ok(second, {});

    const auto reply = client.receive(5s);
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->id, kept);
    EXPECT_EQ(client.receive(200ms), std::nullopt);
}

TEST_F(ClientTest, UnattributedErrorReplyReachesTheOnlyCall)
{
    auto daemon = std::async(std::launch::async, [&] {
        const Incoming request = peer.receive();
        peer.reply(request.routing_id,
                   {{"v", 1},
                    {"id", ""},
                    {"ok", false},
                    {"error", {{"code", "bad_request"}, {"message", "unreadable"}}}});
    });
    const ktpel::Reply reply = client.call("hello", {}, {}, 5s);
    daemon.get();
    EXPECT_FALSE(reply.ok);
    EXPECT_EQ(reply.error->code, ktpel::ErrorCode::bad_request);
}

TEST_F(ClientTest, MalformedRepliesAreTypedErrors)
{
    auto daemon = std::async(std::launch::async, [&] {
        const Incoming not_json = peer.receive();
        peer.send_raw(not_json.routing_id, {"", "this is not json"});
        const Incoming no_delimiter = peer.receive();
        peer.send_raw(no_delimiter.routing_id,
                      {json{{"v", 1}, {"id", no_delimiter.header.at("id")}, {"ok", true}}.dump()});
    });
    for (int i = 0; i < 2; ++i) {
        try {
            client.call("hello", {}, {}, 5s);
            ADD_FAILURE() << "malformed reply " << i << " accepted";
        } catch (const ktpel::ClientError& e) {
            EXPECT_EQ(e.kind(), ktpel::ClientErrorKind::malformed_reply) << e.what();
        }
    }
    daemon.get();
}

// Plays the daemon's events socket.
class EventTest : public ::testing::Test
{
protected:
    void publish(const std::string& topic, std::uint64_t seq, const json& data,
                 const std::vector<std::string>& blobs = {}, const std::string& header_topic = "")
    {
        const json header = {{"v", 1},
                             {"topic", header_topic.empty() ? topic : header_topic},
                             {"seq", seq},
                             {"time", 1764000000.25},
                             {"data", data}};
        std::vector<zmq::message_t> frames;
        frames.emplace_back(topic);
        frames.emplace_back(header.dump());
        for (const auto& blob : blobs)
            frames.emplace_back(blob);
        zmq::send_multipart(publisher, frames);
    }

    // PUB drops whatever it sends before the subscription has arrived, so
    // publish a marker until the subscriber sees one.
    void wait_until_subscribed(ktpel::EventSubscriber& subscriber, const std::string& topic)
    {
        const auto give_up = std::chrono::steady_clock::now() + 5s;
        while (std::chrono::steady_clock::now() < give_up) {
            publish("device.status", 1, {{"warmup", true}});
            publish(topic, 1, {{"warmup", true}});
            if (const auto event = subscriber.next(20ms)) {
                ASSERT_EQ(event->topic, topic);
                return;
            }
        }
        FAIL() << "subscription never arrived";
    }

    // The next event that is not a warm-up marker.
    std::optional<ktpel::Event> next_real(ktpel::EventSubscriber& subscriber)
    {
        for (;;) {
            auto event = subscriber.next(2s);
            if (!event || !event->data.contains("warmup"))
                return event;
        }
    }

    TempDir dir;
    std::shared_ptr<zmq::context_t> context = std::make_shared<zmq::context_t>(1);
    std::string endpoint = ktpel::Endpoints::from_runtime_dir(dir.path()).events;
    zmq::socket_t publisher = [&] {
        zmq::socket_t socket(*context, zmq::socket_type::pub);
        socket.set(zmq::sockopt::linger, 0);
        socket.bind(endpoint);
        return socket;
    }();
};

TEST_F(EventTest, DecodesTopicHeaderAndBlobsAndFiltersByPrefix)
{
    ktpel::EventSubscriber subscriber{endpoint, {"op."}, context};
    wait_until_subscribed(subscriber, "op.progress");

    publish("device.status", 40, {{"device", "fingerprint0"}, {"state", "busy"}});
    publish("op.progress", 41, {{"id", "7-1"}, {"stage", "transferring"}, {"percent", 50}},
            {std::string("\x00\x01\x02", 3)});
    publish("device.removed", 42, {{"device", "fingerprint0"}});
    publish("op.done", 43, {{"id", "7-1"}, {"ok", true}, {"code", nullptr}});

    const auto progress = next_real(subscriber);
    ASSERT_TRUE(progress.has_value());
    EXPECT_EQ(progress->topic, "op.progress");
    EXPECT_EQ(progress->seq, 41u);
    EXPECT_DOUBLE_EQ(progress->time, 1764000000.25);
    EXPECT_EQ(progress->data.at("stage"), "transferring");
    EXPECT_EQ(progress->data.at("percent"), 50);
    ASSERT_EQ(progress->blobs.size(), 1u);
    EXPECT_EQ(as_bytes(progress->blobs[0]), (std::vector<std::uint8_t>{0, 1, 2}));

    const auto done = next_real(subscriber);
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->topic, "op.done");
    EXPECT_EQ(done->seq, 43u);
    EXPECT_TRUE(done->blobs.empty());

    EXPECT_EQ(subscriber.next(200ms), std::nullopt) << "device.* must have been filtered out";
}

TEST_F(EventTest, EmptyPrefixSubscribesToEverything)
{
    ktpel::EventSubscriber subscriber{endpoint, {""}, context};
    wait_until_subscribed(subscriber, "device.status");
    publish("device.added", 5, {{"id", "camera0"}});
    const auto event = next_real(subscriber);
    ASSERT_TRUE(event.has_value());
    EXPECT_EQ(event->topic, "device.added");
    EXPECT_EQ(event->data.at("id"), "camera0");
}

TEST_F(EventTest, MalformedEventIsATypedErrorAndTheStreamGoesOn)
{
    ktpel::EventSubscriber subscriber{endpoint, {"op."}, context};
    wait_until_subscribed(subscriber, "op.progress");

    publish("op.progress", 50, {{"smuggled", true}}, {}, "device.status");
    std::vector<zmq::message_t> not_json;
    not_json.emplace_back(std::string("op.done"));
    not_json.emplace_back(std::string("{"));
    zmq::send_multipart(publisher, not_json);
    publish("op.done", 51, {{"id", "7-2"}});

    bool saw_mismatch = false;
    bool saw_undecodable = false;
    std::optional<ktpel::Event> after;
    for (int i = 0; i < 50 && !after; ++i) {
        try {
            after = next_real(subscriber);
            ASSERT_TRUE(after.has_value()) << "stream stopped after malformed events";
        } catch (const ktpel::ClientError& e) {
            EXPECT_EQ(e.kind(), ktpel::ClientErrorKind::malformed_event);
            const std::string what = e.what();
            saw_mismatch |= what.find("differs") != std::string::npos;
            saw_undecodable |= what.find("undecodable") != std::string::npos;
        }
    }
    EXPECT_TRUE(saw_mismatch);
    EXPECT_TRUE(saw_undecodable);
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->seq, 51u);
}

TEST_F(EventTest, WaitConnectedReportsTheHandshake)
{
    ktpel::EventSubscriber subscriber{endpoint, {"op."}, context};
    EXPECT_TRUE(subscriber.wait_connected(5s));
    EXPECT_TRUE(subscriber.wait_connected(0ms)) << "a second call must not need a new event";
}

TEST(EventSubscriberWithoutDaemon, WaitConnectedTimesOut)
{
    TempDir empty;
    ktpel::EventSubscriber subscriber{ktpel::Endpoints::from_runtime_dir(empty.path()).events};
    const auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(subscriber.wait_connected(150ms));
    EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);
}

TEST_F(EventTest, NextTimesOutWithNothing)
{
    ktpel::EventSubscriber subscriber{endpoint, {"op."}, context};
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(subscriber.next(100ms), std::nullopt);
    EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms);
}

} // namespace
