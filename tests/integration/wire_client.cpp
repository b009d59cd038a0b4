// SPDX-License-Identifier: Apache-2.0
#include "wire_client.hpp"

#include <stdexcept>

namespace ktpel::test {

std::string request_header(const std::string& id, const std::string& op, const nlohmann::json& args,
                           const std::string& token)
{
    nlohmann::json header{{"v", 1}, {"id", id}, {"op", op}, {"args", args}};
    if (!token.empty())
        header["token"] = token;
    return header.dump();
}

WireClient::WireClient(zmq::context_t& context, const std::string& endpoint)
    : socket_(context, zmq::socket_type::dealer)
{
    socket_.set(zmq::sockopt::linger, 0);
    socket_.connect(endpoint);
}

void WireClient::send_frames(const std::vector<std::string>& frames)
{
    socket_.send(zmq::message_t{}, zmq::send_flags::sndmore);
    for (std::size_t i = 0; i < frames.size(); ++i)
        socket_.send(zmq::buffer(frames[i]),
                     i + 1 == frames.size() ? zmq::send_flags::none : zmq::send_flags::sndmore);
}

void WireClient::send_request(const std::string& id, const std::string& op,
                              const nlohmann::json& args)
{
    send_frames({request_header(id, op, args, token_)});
}

WireReply WireClient::receive(int timeout_ms)
{
    socket_.set(zmq::sockopt::rcvtimeo, timeout_ms);
    std::vector<zmq::message_t> frames;
    for (;;) {
        zmq::message_t frame;
        if (!socket_.recv(frame))
            throw std::runtime_error("no reply within " + std::to_string(timeout_ms) + " ms");
        const bool more = frame.more();
        frames.push_back(std::move(frame));
        if (!more)
            break;
    }
    if (frames.size() < 2 || frames[0].size() != 0)
        throw std::runtime_error("reply is not [delimiter][header]...");
    WireReply reply;
    reply.header = nlohmann::json::parse(frames[1].to_string());
    for (std::size_t i = 2; i < frames.size(); ++i)
        reply.blobs.push_back(frames[i].to_string());
    return reply;
}

void WireClient::login(const std::string& officer, const std::string& pin)
{
    send_frames({request_header("login", "session.login", {{"officer", officer}, {"pin", pin}})});
    const auto reply = receive(20000);
    if (!reply.ok())
        throw std::runtime_error("login failed: " + reply.header.dump());
    token_ = reply.header["result"]["token"].get<std::string>();
}

WireReply WireClient::call(const std::string& op, const nlohmann::json& args, int timeout_ms)
{
    const auto id = "w" + std::to_string(++counter_);
    send_request(id, op, args);
    auto reply = receive(timeout_ms);
    if (reply.header.value("id", "") != id)
        throw std::runtime_error("reply for another request: " + reply.header.dump());
    return reply;
}

} // namespace ktpel::test
