// SPDX-License-Identifier: Apache-2.0
// The browser session's cookie value: 32 bytes from the kernel's CSPRNG,
// in hex. It names a session inside the gateway and is never the daemon's
// token, so a leaked page or log line cannot be replayed at the daemon.
#pragma once

#include <string>

namespace ktpel::console {

// Throws std::system_error when the kernel has no randomness to give.
std::string new_session_id();

// True for a string new_session_id() could have made (cheap filter before a lookup).
bool looks_like_session_id(const std::string& text);

} // namespace ktpel::console
