// SPDX-License-Identifier: Apache-2.0
#include "apdu.hpp"

#include <string>

namespace ktpel::chip {

std::vector<std::uint8_t> CommandApdu::encode() const
{
    if (data.size() > kMaxShortLc)
        throw ApduFormatError("command data of " + std::to_string(data.size()) +
                              " bytes does not fit a short APDU");
    if (le && (*le == 0 || *le > kMaxShortLe))
        throw ApduFormatError("Le of " + std::to_string(*le) + " is outside 1..256");
    std::vector<std::uint8_t> bytes{cla, ins, p1, p2};
    if (!data.empty()) {
        bytes.push_back(static_cast<std::uint8_t>(data.size()));
        bytes.insert(bytes.end(), data.begin(), data.end());
    }
    if (le)
        bytes.push_back(static_cast<std::uint8_t>(*le == kMaxShortLe ? 0 : *le));
    return bytes;
}

CommandApdu CommandApdu::parse(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() < 4)
        throw ApduFormatError("a command APDU has at least four bytes");
    CommandApdu command{bytes[0], bytes[1], bytes[2], bytes[3], {}, std::nullopt};
    const auto body = bytes.subspan(4);
    if (body.empty()) // case 1
        return command;
    if (body.size() == 1) { // case 2
        command.le = body[0] == 0 ? kMaxShortLe : body[0];
        return command;
    }
    const std::size_t lc = body[0];
    if (lc == 0)
        throw ApduFormatError("extended-length APDUs are not supported");
    if (body.size() == 1 + lc) { // case 3
        command.data.assign(body.begin() + 1, body.end());
        return command;
    }
    if (body.size() == 2 + lc) { // case 4
        command.data.assign(body.begin() + 1, body.end() - 1);
        command.le = body.back() == 0 ? kMaxShortLe : body.back();
        return command;
    }
    throw ApduFormatError("Lc " + std::to_string(lc) + " disagrees with a body of " +
                          std::to_string(body.size()) + " bytes");
}

std::vector<std::uint8_t> ResponseApdu::encode() const
{
    std::vector<std::uint8_t> bytes(data);
    bytes.push_back(static_cast<std::uint8_t>(sw >> 8));
    bytes.push_back(static_cast<std::uint8_t>(sw & 0xFF));
    return bytes;
}

ResponseApdu ResponseApdu::parse(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() < 2)
        throw ApduFormatError("a response APDU ends with a two-byte status word");
    ResponseApdu response;
    response.data.assign(bytes.begin(), bytes.end() - 2);
    response.sw = static_cast<std::uint16_t>((bytes[bytes.size() - 2] << 8) | bytes.back());
    return response;
}

std::vector<std::uint8_t> status_only(std::uint16_t sw)
{
    return {static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw & 0xFF)};
}

} // namespace ktpel::chip
