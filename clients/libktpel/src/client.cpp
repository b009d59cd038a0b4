// SPDX-License-Identifier: Apache-2.0
#include <atomic>
#include <filesystem>

#include <unistd.h>

#include <ktpel/client.hpp>

#include "frames.hpp"

namespace ktpel {
namespace {

using nlohmann::json;

std::shared_ptr<zmq::context_t> context_or_new(std::shared_ptr<zmq::context_t> context)
{
    return context ? std::move(context) : std::make_shared<zmq::context_t>(1);
}

json args_object(json args)
{
    // A defaulted json is null; the protocol wants an object or nothing.
    if (args.is_null())
        return json::object();
    if (!args.is_object())
        throw std::invalid_argument("request args must be a JSON object, not " +
                                    std::string(args.type_name()));
    return args;
}

std::string why_no_reply(const std::string& endpoint)
{
    const auto socket = ipc_socket_path(endpoint);
    if (!socket)
        return "";
    std::error_code error;
    if (!std::filesystem::exists(*socket, error))
        return " (no socket file " + socket->string() + ": is ktpeld running?)";
    if (::access(socket->c_str(), R_OK | W_OK) != 0)
        return " (no permission on " + socket->string() + ")";
    return "";
}

} // namespace

Client::Client() : Client(Endpoints::defaults().api) {}

Client::Client(std::string api_endpoint, std::shared_ptr<zmq::context_t> context)
    : endpoint_(std::move(api_endpoint)), context_(context_or_new(std::move(context)))
{
    connect();
}

void Client::connect()
{
    try {
        zmq::socket_t socket(*context_, zmq::socket_type::dealer);
        // Unsent requests must not keep the process alive at exit, nor
        // reach a daemon that starts later when the caller has given up.
        socket.set(zmq::sockopt::linger, 0);
        socket.connect(endpoint_);
        socket_ = std::move(socket);
    } catch (const zmq::error_t& e) {
        throw ClientError(ClientErrorKind::transport,
                          "cannot connect to " + endpoint_ + ": " + e.what());
    }
    may_hold_late_replies_ = false;
}

std::string Client::next_id() const
{
    // Process-wide, so op.* events (broadcast to every subscriber) can be
    // matched to a request even with several clients in one process.
    static std::atomic<std::uint64_t> counter{0};
    return std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

void Client::send_request(const std::string& id, std::string op, json args, std::vector<Blob> blobs)
{
    Request request;
    request.id = id;
    request.op = std::move(op);
    request.args = args_object(std::move(args));
    request.token = token_;

    std::vector<zmq::message_t> frames;
    frames.reserve(2 + blobs.size());
    frames.emplace_back(); // the delimiter a REQ socket would add
    frames.emplace_back(encode_header(request.header()));
    for (const auto& blob : blobs)
        frames.emplace_back(blob.bytes().data(), blob.size());
    try {
        // A multipart message is queued whole or not at all; dontwait turns
        // a full queue (daemon long gone) into an error instead of a hang.
        if (!zmq::send_multipart(socket_, frames, zmq::send_flags::dontwait)) {
            throw ClientError(ClientErrorKind::transport,
                              "send queue to " + endpoint_ + " is full" + why_no_reply(endpoint_));
        }
    } catch (const zmq::error_t& e) {
        throw ClientError(ClientErrorKind::transport,
                          "cannot send to " + endpoint_ + ": " + e.what());
    }
}

std::optional<Reply> Client::receive_reply(detail::Clock::time_point deadline)
{
    while (detail::wait_readable(socket_, deadline)) {
        auto frames = detail::receive_message(socket_);
        if (frames.empty())
            continue;
        if (frames.size() < 2 || frames.front().size() != 0) {
            throw ClientError(ClientErrorKind::malformed_reply,
                              "reply from " + endpoint_ +
                                  " lacks the empty delimiter frame before the header");
        }
        try {
            return decode_reply(detail::bytes_of(frames[1]),
                                detail::to_blobs(std::span(frames).subspan(2)));
        } catch (const ProtocolError& e) {
            throw ClientError(ClientErrorKind::malformed_reply,
                              "undecodable reply from " + endpoint_ + ": " + e.what());
        }
    }
    return std::nullopt;
}

void Client::keep_if_outstanding(Reply reply)
{
    // Anything else is the late reply of a call() that timed out.
    if (outstanding_.contains(reply.id))
        arrived_.push_back(std::move(reply));
}

void Client::give_up_on_call()
{
    // With nothing else in flight a fresh socket (new routing id) is the
    // cheapest way to make sure the late reply never arrives at all.
    if (outstanding_.empty())
        connect();
    else
        may_hold_late_replies_ = true;
}

void Client::throw_timeout(const std::string& op, const std::string& id,
                           std::chrono::milliseconds timeout) const
{
    throw ClientError(ClientErrorKind::timeout,
                      "no reply to " + op + " (id " + id + ") from " + endpoint_ + " within " +
                          std::to_string(timeout.count()) + " ms" + why_no_reply(endpoint_));
}

Reply Client::call(std::string op, json args, std::vector<Blob> blobs,
                   std::chrono::milliseconds timeout)
{
    const auto deadline = detail::Clock::now() + timeout;
    const std::string id = next_id();
    const std::string op_name = op;
    send_request(id, std::move(op), std::move(args), std::move(blobs));
    for (;;) {
        std::optional<Reply> reply;
        try {
            reply = receive_reply(deadline);
        } catch (const ClientError&) {
            give_up_on_call();
            throw;
        }
        if (!reply) {
            give_up_on_call();
            throw_timeout(op_name, id, timeout);
        }
        // The daemon answers id "" only to a request it could not read;
        // that is ours if nothing else can be answering on this socket.
        const bool unattributed_is_ours =
            reply->id.empty() && outstanding_.empty() && !may_hold_late_replies_;
        if (reply->id == id || unattributed_is_ours)
            return std::move(*reply);
        keep_if_outstanding(std::move(*reply));
    }
}

json Client::call_ok(std::string op, json args, std::vector<Blob> blobs,
                     std::chrono::milliseconds timeout)
{
    Reply reply = call(std::move(op), std::move(args), std::move(blobs), timeout);
    if (!reply.ok)
        throw ProtocolError(reply.error.value_or(Error{}));
    return std::move(reply.result);
}

std::string Client::send(std::string op, json args, std::vector<Blob> blobs)
{
    std::string id = next_id();
    send_request(id, std::move(op), std::move(args), std::move(blobs));
    outstanding_.insert(id);
    return id;
}

std::optional<Reply> Client::receive(std::chrono::milliseconds timeout)
{
    const auto deadline = detail::Clock::now() + timeout;
    for (;;) {
        if (!arrived_.empty()) {
            Reply reply = std::move(arrived_.front());
            arrived_.pop_front();
            outstanding_.erase(reply.id);
            return reply;
        }
        if (outstanding_.empty())
            return std::nullopt;
        auto reply = receive_reply(deadline);
        if (!reply)
            return std::nullopt;
        // Unattributable, but hiding a daemon error would be worse.
        if (reply->id.empty())
            return reply;
        keep_if_outstanding(std::move(*reply));
    }
}

void Client::abandon(const std::string& id)
{
    if (outstanding_.erase(id) == 0)
        return;
    std::erase_if(arrived_, [&](const Reply& reply) { return reply.id == id; });
    may_hold_late_replies_ = true;
}

} // namespace ktpel
