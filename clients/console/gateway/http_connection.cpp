// SPDX-License-Identifier: Apache-2.0
#include "http_connection.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "browser_session.hpp"
#include "common/log.hpp"
#include "common/secure_wipe.hpp"
#include "cookie.hpp"
#include "gateway.hpp"
#include "tab.hpp"

namespace ktpel::console {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {
constexpr auto kRequestTimeout = std::chrono::seconds(30);
constexpr std::size_t kMaxHeaderBytes = 8 * 1024;

// What every response carries: pages may load only our own files and talk
// only to us (no CDN, no other site), and are never framed.
void add_security_headers(HttpConnection::Response& response)
{
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
                 "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    response.set("Referrer-Policy", "no-referrer");
}

std::string cookie_of(const HttpConnection::Request& request)
{
    const auto header = request[http::field::cookie];
    return session_cookie({header.data(), header.size()}).value_or("");
}
} // namespace

HttpConnection::HttpConnection(boost::asio::ip::tcp::socket socket, Gateway& gateway)
    : stream_(std::move(socket)), gateway_(gateway)
{
}

void HttpConnection::start()
{
    read_next();
}

void HttpConnection::read_next()
{
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    parser_->body_limit(gateway_.options().max_browser_message_bytes);
    stream_.expires_after(kRequestTimeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](const beast::error_code& error, std::size_t) {
            if (error == http::error::end_of_stream || error == beast::error::timeout)
                return; // the browser closed or went quiet: nothing to answer
            if (error) {
                // Malformed or oversized: say so once, then hang up.
                Response response{http::status::bad_request, 11};
                response.set(http::field::content_type, "application/json; charset=utf-8");
                response.body() =
                    nlohmann::json{
                        {"error", {{"code", "bad_request"}, {"message", error.message()}}}}
                        .dump();
                response.keep_alive(false);
                response.prepare_payload();
                self->respond(std::move(response));
                return;
            }
            self->handle(self->parser_->release());
        });
}

void HttpConnection::handle(Request request)
{
    const std::string target(request.target());
    const std::string path = target.substr(0, target.find('?'));
    if (path == "/ws") {
        upgrade(std::move(request));
        return;
    }
    if (path == "/api/session") {
        // Requests that change a session must come from our own pages:
        // a browser sends Origin with them (a missing one is a non-browser client).
        const auto origin = request[http::field::origin];
        if (request.method() != http::verb::get && !origin.empty() &&
            !gateway_.origin_allowed({origin.data(), origin.size()})) {
            respond(
                error_response(request, http::status::forbidden, "forbidden", "foreign origin"));
            return;
        }
        switch (request.method()) {
        case http::verb::post:
            login(request);
            return;
        case http::verb::get:
            whoami(request);
            return;
        case http::verb::delete_:
            logout(request);
            return;
        default:
            respond(error_response(request, http::status::method_not_allowed, "bad_request",
                                   "GET, POST or DELETE"));
            return;
        }
    }
    if (path.rfind("/api/", 0) == 0) {
        respond(error_response(request, http::status::not_found, "not_found", "no such route"));
        return;
    }
    serve_file(request);
}

void HttpConnection::serve_file(const Request& request)
{
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        respond(error_response(request, http::status::method_not_allowed, "bad_request",
                               "pages are read with GET"));
        return;
    }
    const auto target = request.target();
    const auto file = gateway_.files().find({target.data(), target.size()});
    if (!file) {
        Response response{http::status::not_found, request.version()};
        response.set(http::field::content_type, "text/plain; charset=utf-8");
        response.body() = "not found\n";
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        respond(std::move(response));
        return;
    }
    Response response{http::status::ok, request.version()};
    response.set(http::field::content_type, file->content_type);
    response.set(http::field::cache_control, "no-cache");
    response.keep_alive(request.keep_alive());
    if (request.method() == http::verb::get)
        response.body() = file->body;
    response.prepare_payload();
    if (request.method() == http::verb::head)
        response.content_length(file->body.size());
    respond(std::move(response));
}

void HttpConnection::login(Request& received)
{
    // The body holds the PIN: parse it, then keep only a body-less copy of
    // the request (for the answer's version and keep-alive) and wipe the PIN's bytes.
    auto body = nlohmann::json::parse(received.body(), nullptr, false);
    Request request = received;
    request.body().clear();
    const auto wipe = [](std::string& text) {
        secure_wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
    };
    wipe(received.body());
    if (!body.is_object() || !body.contains("officer") || !body["officer"].is_string() ||
        !body.contains("pin") || !body["pin"].is_string()) {
        respond(error_response(request, http::status::bad_request, "invalid_args",
                               "the body is {\"officer\": string, \"pin\": string}"));
        return;
    }
    // A new DEALER for every login: the token will be bound to it alone.
    const auto& options = gateway_.options();
    auto timeout =
        std::make_shared<boost::asio::steady_timer>(gateway_.io(), options.login_timeout);
    logging_in_ = std::make_unique<DaemonConnection>(
        gateway_.io(), gateway_.zmq_context(), options.api_endpoint,
        [weak = weak_from_this(), request, timeout](Reply reply) {
            timeout->cancel();
            const auto self = weak.lock();
            if (!self || !self->logging_in_)
                return;
            // Posted: this runs inside the DEALER's own callback, which we may destroy.
            boost::asio::post(self->gateway_.io(), [self, request, reply = std::move(reply)] {
                self->on_login_reply(request, reply);
            });
        });
    const bool sent = logging_in_->send(routed_id(0, 0, "login"), "session.login",
                                        {{"officer", body["officer"]}, {"pin", body["pin"]}});
    wipe(body["pin"].get_ref<std::string&>());
    if (!sent) {
        logging_in_.reset();
        respond(error_response(request, http::status::service_unavailable, "too_many_requests",
                               "the daemon is not taking requests"));
        return;
    }
    // The timer's handler holds this connection until the reply or the timeout.
    timeout->async_wait(
        [self = shared_from_this(), request](const boost::system::error_code& error) {
            if (error || !self->logging_in_)
                return;
            self->logging_in_.reset();
            self->respond(self->error_response(request, http::status::gateway_timeout, "timeout",
                                               "the daemon did not answer"));
        });
}

void HttpConnection::on_login_reply(const Request& request, const Reply& reply)
{
    auto daemon = std::move(logging_in_);
    if (!daemon)
        return; // timed out meanwhile
    if (!reply.ok) {
        const Error unknown{ErrorCode::internal, "no error in a failed reply", {}};
        const auto& error = reply.error ? *reply.error : unknown;
        const auto status = error.code == ErrorCode::rate_limited ? http::status::too_many_requests
                            : error.code == ErrorCode::unauthenticated ? http::status::unauthorized
                                                                       : http::status::bad_gateway;
        auto response = json_response(request, status, {{"error", error.to_json()}});
        if (error.code == ErrorCode::rate_limited && error.details.contains("retry_after_ms")) {
            const auto ms = error.details["retry_after_ms"].get<long long>();
            response.set(http::field::retry_after, std::to_string((ms + 999) / 1000));
        }
        respond(std::move(response));
        return; // `daemon` closes here: a failed login leaves no DEALER behind
    }
    const auto session = gateway_.sessions().create(std::move(daemon), reply.result);
    auto response = json_response(request, http::status::ok, session->officer());
    response.set(http::field::set_cookie, set_session_cookie(session->id()));
    respond(std::move(response));
}

void HttpConnection::whoami(const Request& request)
{
    const auto session = gateway_.sessions().find(cookie_of(request));
    if (!session) {
        respond(
            error_response(request, http::status::unauthorized, "unauthenticated", "no session"));
        return;
    }
    respond(json_response(request, http::status::ok, session->officer()));
}

void HttpConnection::logout(const Request& request)
{
    if (const auto session = gateway_.sessions().find(cookie_of(request)))
        session->end(SessionEnd::logged_out);
    auto response = json_response(request, http::status::ok, nlohmann::json::object());
    response.set(http::field::set_cookie, clear_session_cookie());
    respond(std::move(response));
}

void HttpConnection::upgrade(Request request)
{
    if (!beast::websocket::is_upgrade(request)) {
        respond(error_response(request, http::status::bad_request, "bad_request",
                               "/ws is a WebSocket"));
        return;
    }
    const auto origin = request[http::field::origin];
    if (!gateway_.origin_allowed({origin.data(), origin.size()})) {
        log::notice("console: a WebSocket from a foreign origin refused");
        respond(error_response(request, http::status::forbidden, "forbidden",
                               "the WebSocket must come from the console's own pages"));
        return;
    }
    const auto session = gateway_.sessions().find(cookie_of(request));
    if (!session) {
        respond(
            error_response(request, http::status::forbidden, "unauthenticated", "log in first"));
        return;
    }
    const auto& options = gateway_.options();
    auto tab = std::make_shared<Tab>(std::move(stream_), session,
                                     TabLimits{options.tab_queue_bytes, options.tab_queue_frames,
                                               options.max_browser_message_bytes});
    tab->set_serial(session->attach(tab));
    auto welcome = session->officer();
    welcome["type"] = "welcome";
    tab->accept(std::move(request), std::move(welcome));
}

HttpConnection::Response HttpConnection::json_response(const Request& request, http::status status,
                                                       const nlohmann::json& body)
{
    Response response{status, request.version()};
    response.set(http::field::content_type, "application/json; charset=utf-8");
    response.set(http::field::cache_control, "no-store");
    response.keep_alive(request.keep_alive());
    response.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.prepare_payload();
    return response;
}

HttpConnection::Response HttpConnection::error_response(const Request& request, http::status status,
                                                        const std::string& code,
                                                        const std::string& message,
                                                        nlohmann::json details)
{
    return json_response(request, status,
                         {{"error", {{"code", code}, {"message", message}, {"details", details}}}});
}

void HttpConnection::respond(Response response)
{
    add_security_headers(response);
    auto shared = std::make_shared<Response>(std::move(response));
    http::async_write(
        stream_, *shared,
        [self = shared_from_this(), shared](const beast::error_code& error, std::size_t) {
            if (error || !shared->keep_alive()) {
                beast::error_code ignored; // closing after the last answer
                self->stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send,
                                                ignored);
                return;
            }
            self->read_next();
        });
}

} // namespace ktpel::console
