// SPDX-License-Identifier: Apache-2.0
// One officer at their desk: a connection of their own, logged in. The
// daemon binds a session to the connection that logged in, so three
// officers need three connections, just as three PCs at the office would.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include <ktpel/client.hpp>
#include <ktpel/error_code.hpp>

namespace walkthrough {

class OfficerDesk
{
public:
    // Logs in (session.login). Throws RequestFailed when the daemon refuses
    // the PIN, DaemonUnreachable when it does not answer.
    OfficerDesk(const std::string& api_endpoint, std::shared_ptr<zmq::context_t> context,
                std::string officer, const std::string& pin, std::chrono::milliseconds timeout);
    // Logs out, best effort: the session would otherwise linger until its
    // idle timeout, holding the officer's name on the station.
    ~OfficerDesk();
    OfficerDesk(const OfficerDesk&) = delete;
    OfficerDesk& operator=(const OfficerDesk&) = delete;

    const std::string& officer() const noexcept { return officer_; }
    const std::string& name() const noexcept { return name_; }
    const std::set<std::string>& roles() const noexcept { return roles_; }
    // "siti (Siti Aminah, petugas_loket)"
    std::string introduction() const;

    // The result of a request that must succeed; throws RequestFailed.
    nlohmann::json call(const std::string& op, nlohmann::json args = nlohmann::json::object(),
                        std::vector<ktpel::Blob> blobs = {});
    // The same with the reply's blobs (captures, exports).
    ktpel::Reply call_with_blobs(const std::string& op, nlohmann::json args,
                                 std::vector<ktpel::Blob> blobs = {});
    // The error of a request the SOP must refuse with `expected`; throws
    // WalkthroughFailure if it succeeds or fails otherwise.
    ktpel::Error expect_refusal(const std::string& op, nlohmann::json args,
                                ktpel::ErrorCode expected);

private:
    ktpel::Reply send(const std::string& op, nlohmann::json args, std::chrono::milliseconds timeout,
                      std::vector<ktpel::Blob> blobs = {});

    std::string officer_;
    std::string name_;
    std::set<std::string> roles_;
    std::chrono::milliseconds timeout_;
    ktpel::Client client_;
    bool logged_in_ = false;
};

} // namespace walkthrough
