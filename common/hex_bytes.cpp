// SPDX-License-Identifier: Apache-2.0
#include "hex_bytes.hpp"

#include <iterator>

#include <boost/algorithm/hex.hpp>

namespace ktpel {

std::string to_hex(std::span<const std::uint8_t> bytes)
{
    std::string text;
    text.reserve(bytes.size() * 2);
    boost::algorithm::hex(bytes.begin(), bytes.end(), std::back_inserter(text));
    return text;
}

std::string to_lower_hex(std::span<const std::uint8_t> bytes)
{
    auto text = to_hex(bytes);
    for (auto& c : text)
        if (c >= 'A' && c <= 'F')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::string hex16(std::uint16_t value)
{
    const std::uint8_t bytes[] = {static_cast<std::uint8_t>(value >> 8),
                                  static_cast<std::uint8_t>(value & 0xff)};
    return to_lower_hex(bytes);
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text)
{
    std::vector<std::uint8_t> bytes;
    bytes.reserve(text.size() / 2);
    try {
        boost::algorithm::unhex(text.begin(), text.end(), std::back_inserter(bytes));
    } catch (const boost::algorithm::hex_decode_error&) {
        return std::nullopt;
    }
    return bytes;
}

} // namespace ktpel
