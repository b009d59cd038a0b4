// SPDX-License-Identifier: Apache-2.0
#include "secure_wipe.hpp"

#include <openssl/crypto.h>

namespace ktpel {

void secure_wipe(std::span<std::uint8_t> bytes) noexcept
{
    if (!bytes.empty())
        OPENSSL_cleanse(bytes.data(), bytes.size());
}

void secure_clear(std::vector<std::uint8_t>& bytes) noexcept
{
    // The whole allocation: bytes past size() may hold an earlier, longer value.
    bytes.resize(bytes.capacity());
    secure_wipe(bytes);
    bytes.clear();
}

} // namespace ktpel
