// SPDX-License-Identifier: Apache-2.0
#include "base64_json_document.hpp"

#include <climits>
#include <stdexcept>

#include <openssl/evp.h>

namespace ktpel::bench {

std::string base64(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() > static_cast<std::size_t>(INT_MAX / 4 * 3))
        throw std::length_error("base64: a blob of " + std::to_string(bytes.size()) +
                                " bytes is past EVP_EncodeBlock's int length");
    // Four characters per started group of three bytes, plus the NUL that
    // EVP_EncodeBlock always writes.
    std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int length = ::EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                         bytes.data(), static_cast<int>(bytes.size()));
    text.resize(static_cast<std::size_t>(length));
    return text;
}

Base64JsonDocument inline_blobs_as_base64(nlohmann::json reply_header,
                                          const std::vector<std::span<const std::uint8_t>>& blobs)
{
    Base64JsonDocument document;
    std::vector<bool> referenced(blobs.size(), false);
    for (auto& capture : reply_header.at("result").at("captures")) {
        for (auto& [name, part] : capture.at("parts").items()) {
            const auto frame = part.at("frame").get<std::size_t>();
            if (frame < 1 || frame > blobs.size() || referenced[frame - 1])
                throw std::runtime_error(
                    "bundle part " + name + " refers to frame " + std::to_string(frame) + " of " +
                    std::to_string(blobs.size()) + " (out of range or already used)");
            referenced[frame - 1] = true;
            part.erase("frame");
            auto encoded = base64(blobs[frame - 1]);
            document.base64_bytes += encoded.size();
            part["data"] = std::move(encoded);
        }
    }
    for (std::size_t i = 0; i < referenced.size(); ++i) {
        if (!referenced[i])
            throw std::runtime_error("no part of the bundle refers to frame " +
                                     std::to_string(i + 1));
    }
    document.text = reply_header.dump();
    return document;
}

} // namespace ktpel::bench
