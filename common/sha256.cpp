// SPDX-License-Identifier: Apache-2.0
#include "sha256.hpp"

#include <stdexcept>

#include <openssl/evp.h>

#include "hex_bytes.hpp"

namespace ktpel {

std::string sha256_hex(std::span<const std::uint8_t> bytes)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return to_lower_hex(std::span<const std::uint8_t>(digest, length));
}

} // namespace ktpel
