// SPDX-License-Identifier: Apache-2.0
// The block-cipher operations the chip and the SAM build on, all from
// OpenSSL 3 libcrypto (EVP cipher and EVP_MAC CMAC): AES-128 on one block,
// AES-128-CBC without padding, AES-CMAC, OpenSSL's RAND and a
// constant-time comparison. Keys are 16 bytes.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace ktpel::sim::sm {

// OpenSSL refused an operation (or a key has the wrong size).
class CryptoError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kAesKeySize = 16;
inline constexpr std::size_t kAesBlockSize = 16;

using AesBlock = std::array<std::uint8_t, kAesBlockSize>;

AesBlock aes_encrypt_block(std::span<const std::uint8_t> key,
                           std::span<const std::uint8_t, kAesBlockSize> block);

// `data` must be a whole number of blocks (pad first: iso_padding.hpp).
std::vector<std::uint8_t> aes_cbc_encrypt(std::span<const std::uint8_t> key,
                                          std::span<const std::uint8_t, kAesBlockSize> iv,
                                          std::span<const std::uint8_t> data);
std::vector<std::uint8_t> aes_cbc_decrypt(std::span<const std::uint8_t> key,
                                          std::span<const std::uint8_t, kAesBlockSize> iv,
                                          std::span<const std::uint8_t> data);

// NIST SP 800-38B / RFC 4493, full 16-byte tag.
AesBlock aes_cmac(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);

// From OpenSSL's CSPRNG; throws CryptoError if it cannot deliver.
void random_bytes(std::span<std::uint8_t> out);
std::vector<std::uint8_t> random_bytes(std::size_t count);

// Same size and same bytes, in time independent of where they differ.
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

} // namespace ktpel::sim::sm
