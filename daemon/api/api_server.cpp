// SPDX-License-Identifier: Apache-2.0
#include "api_server.hpp"

#include <boost/asio/post.hpp>

#include "api_log.hpp"
#include "domain_error_mapping.hpp"
#include "zmq_frames.hpp"

namespace ktpel::daemon {
namespace {

// How many messages one wake-up may handle before yielding to timers and
// the other sockets; the rest are handled on a posted continuation.
constexpr int kDrainBudget = 512;

std::span<const std::uint8_t> bytes_of(const zmq::message_t& frame)
{
    return {static_cast<const std::uint8_t*>(frame.data()), frame.size()};
}

} // namespace

ApiServer::ApiServer(boost::asio::io_context& io, zmq::context_t& context,
                     const std::string& endpoint, const config::Limits& limits,
                     const OperationTable& operations)
    : io_(io), socket_(context, zmq::socket_type::router), watcher_(io), limits_(limits),
      operations_(operations)
{
    // A reply to a vanished client must be an error we see, not silence.
    socket_.set(zmq::sockopt::router_mandatory, 1);
    // Replies still queued at shutdown get half a second, then are dropped.
    socket_.set(zmq::sockopt::linger, 500);
    // A frame this large is refused by libzmq before it is buffered: the
    // hard memory bound behind the protocol's too_large reply.
    socket_.set(zmq::sockopt::maxmsgsize,
                static_cast<std::int64_t>(limits.max_message_bytes + (1 << 20)));
    socket_.bind(endpoint);
}

ApiServer::~ApiServer()
{
    close();
}

void ApiServer::start()
{
    watcher_.assign(socket_.get(zmq::sockopt::fd));
    arm();
    // Messages may have arrived between bind and assign: the edge is gone.
    schedule_drain();
}

void ApiServer::close()
{
    alive_.reset();
    if (watcher_.is_open()) {
        watcher_.cancel();
        watcher_.release(); // the fd belongs to libzmq
    }
    if (socket_)
        socket_.close();
}

void ApiServer::arm()
{
    watcher_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                        [this](const boost::system::error_code& error) {
                            if (error)
                                return; // cancelled at close
                            drain();
                            arm();
                        });
}

void ApiServer::schedule_drain()
{
    if (drain_scheduled_)
        return;
    drain_scheduled_ = true;
    boost::asio::post(io_, [this] {
        drain_scheduled_ = false;
        drain();
    });
}

void ApiServer::drain()
{
    // ZMQ_FD is edge-triggered: it signals "something changed", and only
    // ZMQ_EVENTS tells whether messages wait. Read until it says none.
    for (int handled = 0; socket_; ++handled) {
        if (!(socket_.get(zmq::sockopt::events) & ZMQ_POLLIN))
            return;
        if (handled == kDrainBudget) {
            schedule_drain();
            return;
        }
        receive_one();
    }
}

void ApiServer::receive_one()
{
    std::vector<zmq::message_t> frames;
    std::size_t frame_count = 0;
    std::size_t total_bytes = 0;
    bool more = true;
    while (more) {
        zmq::message_t part;
        if (!socket_.recv(part, zmq::recv_flags::dontwait))
            return; // cannot happen mid-message: multipart arrives whole
        more = part.more();
        ++frame_count;
        total_bytes += part.size();
        // Keep what may be needed for the reply; past the limits, only count.
        if (frame_count <= limits_.max_frames + 2 &&
            total_bytes <= limits_.max_message_bytes + 4096)
            frames.push_back(std::move(part));
    }
    if (frames.empty())
        return;
    Envelope envelope;
    envelope.client.assign(static_cast<const char*>(frames[0].data()), frames[0].size());
    std::size_t body_start = 1;
    if (frames.size() > 1 && frames[1].size() == 0) {
        envelope.delimiter = true;
        body_start = 2;
    }
    std::vector<zmq::message_t> body;
    for (std::size_t i = body_start; i < frames.size(); ++i)
        body.push_back(std::move(frames[i]));
    const std::size_t body_frames = frame_count - body_start;
    std::size_t envelope_bytes = 0;
    for (std::size_t i = 0; i < body_start && i < frames.size(); ++i)
        envelope_bytes += frames[i].size();
    dispatch(envelope, std::move(body), body_frames, total_bytes - envelope_bytes);
}

void ApiServer::dispatch(const Envelope& envelope, std::vector<zmq::message_t> body,
                         std::size_t frame_count, std::size_t total_bytes)
{
    auto reply_error = [&](const std::string& id, Error error) {
        send(envelope, Reply::failure(id, std::move(error)));
    };

    if (body.empty() || frame_count == 0)
        return reply_error("", {ErrorCode::bad_request, "the message has no header frame", {}});
    if (frame_count > limits_.max_frames)
        return reply_error("", {ErrorCode::too_large,
                                "the message has too many frames",
                                {{"limit", limits_.max_frames}, {"frames", frame_count}}});
    if (total_bytes > limits_.max_message_bytes)
        return reply_error("", {ErrorCode::too_large,
                                "the message is too large",
                                {{"limit", limits_.max_message_bytes}, {"size", total_bytes}}});

    std::vector<Blob> blobs;
    for (std::size_t i = 1; i < body.size(); ++i) {
        const auto bytes = bytes_of(body[i]);
        blobs.emplace_back(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    }
    Request request;
    try {
        request = decode_request(bytes_of(body[0]), std::move(blobs),
                                 DecodeLimits{limits_.max_header_bytes, 128});
    } catch (const ProtocolError& e) {
        const auto& details = e.error().details;
        return reply_error(details.value("id", std::string{}), e.error());
    }
    if (log_api().enabled(log::Level::debug))
        log_api().debug("request " + request.id + ": " + request.op + ", " +
                        std::to_string(request.blobs.size()) + " blobs");
    if (!accepting_)
        return reply_error(request.id, {ErrorCode::shutting_down, "ktpeld is shutting down", {}});
    const auto* entry = operations_.find(request.op);
    if (!entry)
        return reply_error(request.id, {ErrorCode::unknown_op,
                                        "unknown operation \"" + request.op + "\"",
                                        {{"op", request.op}}});
    const auth::Officer* officer = nullptr;
    if (request.token && authenticate_)
        officer = authenticate_(*request.token, envelope.client);
    if (entry->access.kind != Access::Kind::open && !officer)
        return reply_error(request.id,
                           {ErrorCode::unauthenticated,
                            request.token
                                ? "the session token is unknown, expired or not this client's"
                                : request.op + " needs a session: log in with session.login",
                            {{"op", request.op}}});
    if (entry->access.kind == Access::Kind::roles &&
        std::none_of(entry->access.roles.begin(), entry->access.roles.end(),
                     [&](const std::string& role) { return officer->roles.contains(role); }))
        return reply_error(request.id,
                           {ErrorCode::forbidden,
                            request.op + " needs the role " + entry->access.describe(),
                            {{"op", request.op}, {"required_roles", entry->access.roles}}});

    auto key = std::make_pair(envelope.client, request.id);
    if (in_flight_.contains(key))
        return reply_error(request.id, {ErrorCode::bad_request,
                                        "a request with this id is already in flight",
                                        {{"id", request.id}}});
    auto& count = in_flight_per_client_[envelope.client];
    if (count >= limits_.max_in_flight_per_client) {
        return reply_error(request.id, {ErrorCode::too_many_requests,
                                        "too many requests in flight",
                                        {{"limit", limits_.max_in_flight_per_client}}});
    }

    ++count;
    auto call =
        std::make_shared<Call>(envelope.client, std::move(request),
                               [this, alive = std::weak_ptr<bool>(alive_), envelope,
                                key](const std::string& /*client*/, Reply reply) {
                                   if (alive.expired())
                                       return;
                                   // Runs when the call answers: the request leaves the books
                                   // first.
                                   in_flight_.erase(key);
                                   if (auto it = in_flight_per_client_.find(envelope.client);
                                       it != in_flight_per_client_.end() && --it->second == 0)
                                       in_flight_per_client_.erase(it);
                                   send(envelope, reply);
                                   schedule_drain();
                               });
    call->set_officer(officer);
    in_flight_[key] = call;
    try {
        entry->handler(call);
    } catch (const ProtocolError& e) {
        call->fail(e.error());
    } catch (const DomainError& e) {
        call->fail(to_protocol_error(e));
    } catch (const std::exception& e) {
        log_api().error("operation " + call->request().op + " failed: " + e.what());
        call->fail({ErrorCode::internal, e.what(), {}});
    }
}

void ApiServer::send(const Envelope& envelope, const Reply& reply)
{
    if (log_api().enabled(log::Level::debug))
        log_api().debug("reply " + reply.id + ": " +
                        (reply.error ? std::string(to_string(reply.error->code)) : "ok") + ", " +
                        std::to_string(reply.blobs.size()) + " blobs");
    const auto& client = envelope.client;
    if (!socket_)
        return;
    const auto more = zmq::send_flags::sndmore | zmq::send_flags::dontwait;
    try {
        if (!socket_.send(frame_of(client), more)) {
            log_api().warning("reply to request " + reply.id +
                              " dropped: the client's queue is full");
            return;
        }
        if (envelope.delimiter)
            socket_.send(zmq::message_t{}, more);
        socket_.send(frame_of(encode_header(reply.header())),
                     reply.blobs.empty() ? zmq::send_flags::dontwait : more);
        for (std::size_t i = 0; i < reply.blobs.size(); ++i)
            socket_.send(frame_of(reply.blobs[i]),
                         i + 1 == reply.blobs.size() ? zmq::send_flags::dontwait : more);
    } catch (const zmq::error_t& e) {
        if (e.num() != EHOSTUNREACH)
            throw;
        // The client went away: nobody is waiting for its other requests.
        log_api().info("client left before its reply to request " + reply.id +
                       "; cancelling its requests");
        for (auto& [key, weak] : in_flight_) {
            if (key.first == client)
                if (auto call = weak.lock())
                    call->cancel();
        }
    }
}

bool ApiServer::cancel(const std::string& client, const std::string& request_id)
{
    const auto it = in_flight_.find({client, request_id});
    if (it == in_flight_.end())
        return false;
    auto call = it->second.lock();
    return call && call->cancel();
}

void ApiServer::cancel_all()
{
    for (auto& [key, weak] : in_flight_) {
        if (auto call = weak.lock())
            call->cancel();
    }
}

} // namespace ktpel::daemon
