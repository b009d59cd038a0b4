// SPDX-License-Identifier: Apache-2.0
#include "session_id.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <system_error>

#include <sys/random.h>

#include "common/hex_bytes.hpp"

namespace ktpel::console {
namespace {
constexpr std::size_t kSessionIdBytes = 32;
}

std::string new_session_id()
{
    std::array<std::uint8_t, kSessionIdBytes> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const auto got = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            throw std::system_error(errno, std::generic_category(), "getrandom");
        }
        filled += static_cast<std::size_t>(got);
    }
    return to_lower_hex(bytes);
}

bool looks_like_session_id(const std::string& text)
{
    return text.size() == 2 * kSessionIdBytes && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

} // namespace ktpel::console
