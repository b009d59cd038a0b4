// SPDX-License-Identifier: Apache-2.0
#include "cookie.hpp"

namespace ktpel::console {
namespace {

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

std::optional<std::string> session_cookie(std::string_view cookie_header)
{
    while (!cookie_header.empty()) {
        const auto end = cookie_header.find(';');
        const auto pair = trim(cookie_header.substr(0, end));
        cookie_header =
            end == std::string_view::npos ? std::string_view{} : cookie_header.substr(end + 1);
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos)
            continue;
        if (trim(pair.substr(0, equals)) == kSessionCookieName)
            return std::string(trim(pair.substr(equals + 1)));
    }
    return std::nullopt;
}

std::string set_session_cookie(const std::string& session_id)
{
    // No Max-Age: the cookie ends with the browser; the gateway ends the
    // session itself (logout, no tab for a while, the daemon's expiry).
    return std::string(kSessionCookieName) + "=" + session_id +
           "; HttpOnly; SameSite=Strict; Path=/";
}

std::string clear_session_cookie()
{
    return std::string(kSessionCookieName) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
}

} // namespace ktpel::console
