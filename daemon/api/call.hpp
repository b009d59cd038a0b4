// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <ktpel/message.hpp>

#include "../auth/officer.hpp"

namespace ktpel::daemon {

// One request being served. Whoever holds the last reference owes the
// reply: reply() or fail() sends it; dropping an unanswered call sends
// `internal`, so no request is ever left without an answer.
class Call
{
public:
    using Sender = std::function<void(const std::string& client, Reply)>;

    Call(std::string client, Request request, Sender sender)
        : client_(std::move(client)), request_(std::move(request)), sender_(std::move(sender))
    {
    }
    ~Call();
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

    const std::string& client() const noexcept { return client_; }
    const Request& request() const noexcept { return request_; }
    const nlohmann::json& args() const noexcept { return request_.args; }
    bool answered() const noexcept { return answered_; }
    // The officer whose session token came with the request (null if none).
    const auth::Officer* officer() const noexcept { return officer_; }
    void set_officer(const auth::Officer* officer) { officer_ = officer; }
    const auth::Officer& require_officer() const;

    void reply(nlohmann::json result, std::vector<Blob> blobs = {});
    void fail(Error error);

    // Long operations register how to stop themselves for op.cancel.
    void set_canceller(std::function<void()> cancel) { cancel_ = std::move(cancel); }
    bool cancel();

private:
    std::string client_;
    Request request_;
    Sender sender_;
    std::function<void()> cancel_;
    bool answered_ = false;
    const auth::Officer* officer_ = nullptr;
};

using CallPtr = std::shared_ptr<Call>;

} // namespace ktpel::daemon
