// SPDX-License-Identifier: Apache-2.0
// Hex literals for test vectors.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "common/hex_bytes.hpp"

namespace ktpel::chip::test {

inline std::vector<std::uint8_t> hex(std::string_view text)
{
    auto bytes = from_hex(text);
    if (!bytes)
        throw std::invalid_argument("bad hex in a test vector");
    return *bytes;
}

} // namespace ktpel::chip::test
