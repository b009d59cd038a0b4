// SPDX-License-Identifier: Apache-2.0
// Every key the chip and the SAM use comes from one function: the NIST
// SP 800-108 counter-mode KDF with AES-CMAC as PRF (OpenSSL's KBKDF),
// fixed input = label || 00 || context || [L]32, 32-bit counter first.
//
//   issuer master key --(label "KTPEL card key", context UID)--> card key
//   card key --("KTPEL auth enc" / "KTPEL auth mac")--> authentication keys
//   K.IFD xor K.IC --("KTPEL SM enc" / "KTPEL SM mac", RND.IC||RND.IFD)-->
//       session keys
//
// The chip stores only its card key; the SAM stores only the master key.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "chip/chip_layout.hpp"
#include "secret_bytes.hpp"

namespace ktpel::sim::sm {

SecretBytes kbkdf_cmac(std::span<const std::uint8_t> key, std::string_view label,
                       std::span<const std::uint8_t> context, std::size_t length);

// The KDF over caller-made fixed input (no separator, no [L]): the form of
// the NIST CAVP known-answer vectors.
SecretBytes kbkdf_cmac_fixed_input(std::span<const std::uint8_t> key,
                                   std::span<const std::uint8_t> fixed_input, std::size_t length);

SecretBytes diversify_card_key(std::span<const std::uint8_t> issuer_key, const chip::CardUid& uid);

struct KeyPair
{
    SecretBytes enc;
    SecretBytes mac;
};

KeyPair derive_authentication_keys(std::span<const std::uint8_t> card_key);

KeyPair derive_session_keys(std::span<const std::uint8_t> k_ifd, std::span<const std::uint8_t> k_ic,
                            std::span<const std::uint8_t> rnd_ic,
                            std::span<const std::uint8_t> rnd_ifd);

// GlobalPlatform's AES key check value: the first three bytes of
// AES(K, 01 01 .. 01). Shows which key a SAM holds without revealing it.
std::array<std::uint8_t, chip::kKeyCheckValueSize>
key_check_value(std::span<const std::uint8_t> key);

} // namespace ktpel::sim::sm
