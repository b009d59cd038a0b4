// SPDX-License-Identifier: Apache-2.0
#include "hex_bytes.hpp"

#include <algorithm>
#include <iterator>

#include <boost/algorithm/hex.hpp>

namespace ktpel::chip {

std::string to_hex(std::span<const std::uint8_t> bytes)
{
    std::string text;
    text.reserve(bytes.size() * 2);
    boost::algorithm::hex(bytes.begin(), bytes.end(), std::back_inserter(text));
    return text;
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

std::optional<CardUid> parse_card_uid(std::string_view text)
{
    const auto bytes = from_hex(text);
    if (!bytes || bytes->size() != CardUid{}.size())
        return std::nullopt;
    CardUid uid{};
    std::copy(bytes->begin(), bytes->end(), uid.begin());
    return uid;
}

} // namespace ktpel::chip
