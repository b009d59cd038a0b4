// SPDX-License-Identifier: Apache-2.0
#include "daemon_connection.hpp"

#include <atomic>

#include <ktpel/error.hpp>

#include "common/log.hpp"

namespace ktpel::console {
namespace {
std::atomic<std::size_t> connections_alive{0};

std::span<const std::uint8_t> bytes_of(const zmq::message_t& frame)
{
    return {frame.data<std::uint8_t>(), frame.size()};
}
} // namespace

DaemonConnection::DaemonConnection(boost::asio::io_context& io, zmq::context_t& context,
                                   const std::string& api_endpoint, OnReply on_reply)
    : on_reply_(std::move(on_reply))
{
    zmq::socket_t socket(context, zmq::socket_type::dealer);
    socket.set(zmq::sockopt::linger, 0);
    socket.connect(api_endpoint);
    watcher_ = std::make_shared<ZmqWatcher>(io, std::move(socket),
                                            [this](Frames frames) { receive(std::move(frames)); });
    watcher_->start();
    ++connections_alive;
}

DaemonConnection::~DaemonConnection()
{
    watcher_->close();
    --connections_alive;
}

std::size_t DaemonConnection::alive()
{
    return connections_alive.load();
}

bool DaemonConnection::send(const std::string& id, const std::string& op,
                            const nlohmann::json& args)
{
    Request request;
    request.id = id;
    request.op = op;
    request.args = args;
    request.token = token_;
    Frames frames;
    frames.emplace_back(); // the DEALER's empty delimiter, as REQ would send
    frames.emplace_back(encode_header(request.header()));
    return watcher_->send(std::move(frames));
}

void DaemonConnection::receive(Frames frames)
{
    if (frames.size() < 2 || frames[0].size() != 0) {
        log::warning("console: a reply from the daemon without its delimiter; dropped");
        return;
    }
    std::vector<Blob> blobs;
    for (std::size_t index = 2; index < frames.size(); ++index) {
        const auto bytes = bytes_of(frames[index]);
        blobs.emplace_back(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    }
    try {
        auto reply = decode_reply(bytes_of(frames[1]), std::move(blobs));
        if (on_reply_)
            on_reply_(std::move(reply));
    } catch (const ProtocolError& error) {
        log::warning(std::string("console: a malformed reply from the daemon: ") + error.what());
    }
}

} // namespace ktpel::console
