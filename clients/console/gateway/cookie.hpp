// SPDX-License-Identifier: Apache-2.0
// The console's session cookie: read from a Cookie header, written as a
// Set-Cookie that page scripts cannot read (HttpOnly) and that other sites
// cannot make the browser send (SameSite=Strict).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ktpel::console {

inline constexpr std::string_view kSessionCookieName = "ktpel_console";

// The session cookie's value in a Cookie header, if there is one.
std::optional<std::string> session_cookie(std::string_view cookie_header);

std::string set_session_cookie(const std::string& session_id);
// Tells the browser to forget the cookie (logout).
std::string clear_session_cookie();

} // namespace ktpel::console
