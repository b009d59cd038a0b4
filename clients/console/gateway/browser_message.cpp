// SPDX-License-Identifier: Apache-2.0
#include "browser_message.hpp"

#include <algorithm>
#include <array>

namespace ktpel::console {
namespace {

// Operations whose replies carry or end a token: only the gateway's own
// /api/session routes may send them.
constexpr std::array kRefusedOps = {std::string_view("session.login"),
                                    std::string_view("session.logout")};

bool is_operation_name(const std::string& op)
{
    if (op.empty() || op.size() > 64)
        return false;
    return std::all_of(op.begin(), op.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
    });
}

} // namespace

BrowserMessage parse_browser_message(std::string_view text)
{
    // Allow exceptions off: a parse error becomes a discarded value we can test.
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded())
        throw BrowserMessageError("not_json", "the message is not JSON");
    if (!parsed.is_object())
        throw BrowserMessageError("not_object", "the message is not a JSON object");

    std::string id;
    if (const auto found = parsed.find("id"); found != parsed.end() && found->is_string())
        id = found->get<std::string>();
    if (id.empty() || id.size() > kMaxBrowserIdBytes)
        throw BrowserMessageError("bad_field", "\"id\" must be a string of 1 to 64 bytes");

    if (parsed.contains("token"))
        throw BrowserMessageError("token_refused",
                                  "a page never sends a token: the console adds the session's", id);
    for (const auto& [key, value] : parsed.items()) {
        if (key != "id" && key != "op" && key != "args")
            throw BrowserMessageError("unknown_field", "unknown field \"" + key + "\"", id);
    }

    BrowserMessage message;
    message.id = id;
    const auto op = parsed.find("op");
    if (op == parsed.end() || !op->is_string() || !is_operation_name(op->get<std::string>()))
        throw BrowserMessageError("bad_field", "\"op\" must be an operation name", id);
    message.op = op->get<std::string>();
    if (std::find(kRefusedOps.begin(), kRefusedOps.end(), message.op) != kRefusedOps.end())
        throw BrowserMessageError("op_refused",
                                  message.op + " goes through /api/session, not the WebSocket", id);
    if (const auto args = parsed.find("args"); args != parsed.end()) {
        if (!args->is_object())
            throw BrowserMessageError("bad_field", "\"args\" must be an object", id);
        message.args = *args;
    }
    return message;
}

} // namespace ktpel::console
