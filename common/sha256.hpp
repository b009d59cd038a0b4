// SPDX-License-Identifier: Apache-2.0
// SHA-256 as lower-case hex: how the register and the replies name a
// sample or a file without holding it.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace ktpel {

// Throws std::runtime_error if libcrypto fails (it does not for in-memory
// input short of running out of memory).
std::string sha256_hex(std::span<const std::uint8_t> bytes);

} // namespace ktpel
