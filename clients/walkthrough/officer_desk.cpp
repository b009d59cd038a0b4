// SPDX-License-Identifier: Apache-2.0
#include "officer_desk.hpp"

#include "walkthrough_error.hpp"

namespace walkthrough {

using nlohmann::json;

OfficerDesk::OfficerDesk(const std::string& api_endpoint, std::shared_ptr<zmq::context_t> context,
                         std::string officer, const std::string& pin,
                         std::chrono::milliseconds timeout)
    : officer_(std::move(officer)), timeout_(timeout), client_(api_endpoint, std::move(context))
{
    const json session = call("session.login", {{"officer", officer_}, {"pin", pin}});
    client_.set_token(session.at("token").get<std::string>());
    logged_in_ = true;
    name_ = session.value("name", officer_);
    roles_ = session.at("roles").get<std::set<std::string>>();
}

OfficerDesk::~OfficerDesk()
{
    if (!logged_in_)
        return;
    try {
        // Short: a daemon that is gone must not hold up the exit.
        send("session.logout", json::object(), std::chrono::milliseconds(1000));
    } catch (const std::exception&) {
        // The session ends by itself after its idle timeout.
    }
}

std::string OfficerDesk::introduction() const
{
    std::string text = officer_ + " (" + name_;
    for (const auto& role : roles_)
        text += ", " + role;
    return text + ")";
}

ktpel::Reply OfficerDesk::send(const std::string& op, json args, std::chrono::milliseconds timeout,
                               std::vector<ktpel::Blob> blobs)
{
    try {
        return client_.call(op, std::move(args), std::move(blobs), timeout);
    } catch (const ktpel::ClientError& e) {
        if (e.kind() == ktpel::ClientErrorKind::timeout ||
            e.kind() == ktpel::ClientErrorKind::transport)
            throw DaemonUnreachable(officer_ + ": " + op + ": " + e.what());
        throw WalkthroughFailure(officer_ + ": " + op + ": " + e.what());
    }
}

ktpel::Reply OfficerDesk::call_with_blobs(const std::string& op, json args,
                                          std::vector<ktpel::Blob> blobs)
{
    auto reply = send(op, std::move(args), timeout_, std::move(blobs));
    if (!reply.ok)
        throw RequestFailed(officer_, op, reply.error.value_or(ktpel::Error{}));
    return reply;
}

json OfficerDesk::call(const std::string& op, json args, std::vector<ktpel::Blob> blobs)
{
    return call_with_blobs(op, std::move(args), std::move(blobs)).result;
}

ktpel::Error OfficerDesk::expect_refusal(const std::string& op, json args,
                                         ktpel::ErrorCode expected)
{
    const auto reply = send(op, std::move(args), timeout_);
    if (reply.ok)
        throw WalkthroughFailure(officer_ + ": " + op +
                                 " was accepted, but the SOP must refuse it (" +
                                 std::string(ktpel::to_string(expected)) + ")");
    auto error = reply.error.value_or(ktpel::Error{});
    if (error.code != expected)
        throw WalkthroughFailure(officer_ + ": " + op + " was refused with " +
                                 std::string(ktpel::to_string(error.code)) + " (" + error.message +
                                 "), expected " + std::string(ktpel::to_string(expected)));
    return error;
}

} // namespace walkthrough
