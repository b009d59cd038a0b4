// SPDX-License-Identifier: Apache-2.0
// A request a browser tab sends over its WebSocket: {"id", "op", "args"}.
// The gateway adds the session's token; the browser may never send one.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ktpel::console {

struct BrowserMessage
{
    std::string id;
    std::string op;
    nlohmann::json args = nlohmann::json::object();
};

// Why a browser message was refused; `reason` is a stable word the page's
// message catalogue knows (console.bad_request.<reason>).
class BrowserMessageError : public std::runtime_error
{
public:
    BrowserMessageError(std::string reason, std::string message, std::string id = {})
        : std::runtime_error(std::move(message)), reason_(std::move(reason)), id_(std::move(id))
    {
    }
    const std::string& reason() const noexcept { return reason_; }
    // The request id when it could be read, so that the page can match the refusal.
    const std::string& id() const noexcept { return id_; }

private:
    std::string reason_;
    std::string id_;
};

inline constexpr std::size_t kMaxBrowserIdBytes = 64;

// Parses and checks one text frame. Refuses (BrowserMessageError): text
// that is not JSON (`not_json`) or not an object (`not_object`), a missing
// or mistyped field (`bad_field`), an unknown field (`unknown_field`), a
// `token` field (`token_refused`), an operation the console performs
// itself (`op_refused`: session.login, session.logout: the cookie routes
// do those, so a token is never shown to a page).
BrowserMessage parse_browser_message(std::string_view text);

} // namespace ktpel::console
