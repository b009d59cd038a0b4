// SPDX-License-Identifier: Apache-2.0
#include "iso_padding.hpp"

#include "aes_primitives.hpp"

namespace ktpel::sim::sm {

void append_iso9797_m2_padding(std::vector<std::uint8_t>& data)
{
    data.push_back(0x80);
    while (data.size() % kAesBlockSize != 0)
        data.push_back(0x00);
}

std::vector<std::uint8_t> pad_iso9797_m2(std::span<const std::uint8_t> data)
{
    std::vector<std::uint8_t> padded(data.begin(), data.end());
    append_iso9797_m2_padding(padded);
    return padded;
}

std::optional<std::size_t> unpadded_size(std::span<const std::uint8_t> padded)
{
    if (padded.empty() || padded.size() % kAesBlockSize != 0)
        return std::nullopt;
    std::size_t at = padded.size();
    // At most one block of padding: 80 followed by up to 15 zeros.
    while (at > 0 && padded.size() - at < kAesBlockSize && padded[at - 1] == 0x00)
        --at;
    if (at == 0 || padded[at - 1] != 0x80 || padded.size() - at >= kAesBlockSize)
        return std::nullopt;
    return at - 1;
}

} // namespace ktpel::sim::sm
