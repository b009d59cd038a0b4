// SPDX-License-Identifier: Apache-2.0
// The alternative the protocol rejects ("binary data is never base64 inside
// JSON", /work/shared/ARCHITECTURE.md): the bundle as one JSON document with
// every blob base64-encoded where the header refers to it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ktpel::bench {

// RFC 4648 base64 with padding, by OpenSSL.
std::string base64(std::span<const std::uint8_t> bytes);

struct Base64JsonDocument
{
    std::string text;             // the whole document, compact
    std::size_t base64_bytes = 0; // the part of it that is encoded blobs
};

// `reply_header` is the bundle's reply header; every part reference
// result.captures[].parts.<name> = {"frame": N, ...} loses "frame" and gains
// "data": the base64 of blobs[N - 1]. Throws std::runtime_error unless each
// blob is referenced exactly once.
Base64JsonDocument inline_blobs_as_base64(nlohmann::json reply_header,
                                          const std::vector<std::span<const std::uint8_t>>& blobs);

} // namespace ktpel::bench
