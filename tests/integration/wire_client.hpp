// SPDX-License-Identifier: Apache-2.0
// A deliberately raw client for wire-level tests: it sends exactly the
// frames a test gives it, garbage included.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.hpp>
#include <zmq_addon.hpp>

namespace ktpel::test {

struct WireReply
{
    nlohmann::json header;
    std::vector<std::string> blobs;

    bool ok() const { return header.value("ok", false); }
    std::string code() const
    {
        return header.contains("error") ? header["error"].value("code", "") : "";
    }
};

class WireClient
{
public:
    WireClient(zmq::context_t& context, const std::string& endpoint);

    // Sends [delimiter][frames...] on the DEALER socket.
    void send_frames(const std::vector<std::string>& frames);
    void send_request(const std::string& id, const std::string& op,
                      const nlohmann::json& args = nlohmann::json::object());
    WireReply receive(int timeout_ms = 20000);
    WireReply call(const std::string& op, const nlohmann::json& args = nlohmann::json::object(),
                   int timeout_ms = 20000);
    // session.login; later requests carry the token. Throws on failure.
    void login(const std::string& officer, const std::string& pin);
    const std::string& token() const noexcept { return token_; }

private:
    zmq::socket_t socket_;
    int counter_ = 0;
    std::string token_;
};

std::string request_header(const std::string& id, const std::string& op,
                           const nlohmann::json& args = nlohmann::json::object(),
                           const std::string& token = "");

// The demo technician of config/ktpeld.yaml.
inline constexpr const char* kTechnician = "teknisi";
inline constexpr const char* kTechnicianPin = "999999";

} // namespace ktpel::test
