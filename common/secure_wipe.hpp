// SPDX-License-Identifier: Apache-2.0
// Overwrites memory that held keys or personal data so that it does not
// linger in freed heap pages (OpenSSL's OPENSSL_cleanse, which the
// compiler may not optimise away).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ktpel {

void secure_wipe(std::span<std::uint8_t> bytes) noexcept;

// Wipes and empties.
void secure_clear(std::vector<std::uint8_t>& bytes) noexcept;

} // namespace ktpel
