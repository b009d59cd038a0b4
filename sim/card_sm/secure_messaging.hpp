// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 secure messaging as ICAO 9303 part 11 specifies it for
// AES, shared by the chip (card side) and the SAM (terminal side):
//
//   protected command  CLA|0C INS P1 P2 Lc [87 L 01||cipher] [97 01 Le] 8E 08 MAC 00
//   protected response [87 L 01||cipher] 99 02 SW1 SW2 8E 08 MAC SW1 SW2
//
// cipher = AES-CBC(KSenc, IV = AES(KSenc, SSC), pad(data)); MAC =
// CMAC(KSmac, pad(SSC || pad(header) || DO87 || DO97)) for commands and
// CMAC(KSmac, pad(SSC || DO87 || DO99)) for responses, first 8 bytes.
// The 16-byte send sequence counter SSC starts at 0 and is incremented
// before every command and every response, so an APDU replayed, dropped
// or reordered fails its MAC.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "aes_primitives.hpp"
#include "chip/apdu.hpp"
#include "key_derivation.hpp"

namespace ktpel::sim::sm {

// A protected APDU that fails its checks, or a plain one that cannot be
// protected; status_word() is what the refusing side answers.
class SmError : public std::runtime_error
{
public:
    SmError(std::uint16_t status_word, const std::string& what)
        : std::runtime_error(what), status_word_(status_word)
    {
    }
    std::uint16_t status_word() const noexcept { return status_word_; }

private:
    std::uint16_t status_word_;
};

inline constexpr std::size_t kSmMacSize = 8;

class SecureMessaging
{
public:
    explicit SecureMessaging(KeyPair session_keys);

    // Bytes of the protected form of `plain` (whole APDU, Le' included).
    static std::size_t protected_command_size(const chip::CommandApdu& plain) noexcept;

    // Terminal side. Throws SmError (6A80 for a CLA that already claims
    // SM, 6700 when the result would not fit a short APDU) without
    // touching the counter.
    std::vector<std::uint8_t> protect_command(const chip::CommandApdu& plain);
    // Throws SmError (6987 / 6988) for a response that fails its checks.
    chip::ResponseApdu unprotect_response(std::span<const std::uint8_t> response);

    // Card side. Throws SmError: 6987 when DO'8E' is missing, 6988 for
    // anything malformed or a MAC that does not verify.
    chip::CommandApdu unprotect_command(const chip::CommandApdu& protected_command);
    std::vector<std::uint8_t> protect_response(std::span<const std::uint8_t> data,
                                               std::uint16_t status);

    const AesBlock& send_sequence_counter() const noexcept { return ssc_; }

private:
    void increment_counter() noexcept;
    AesBlock current_iv() const;
    std::vector<std::uint8_t> encrypt(std::span<const std::uint8_t> data) const;
    // Throws SmError (6988) unless the value is 01 || blocks with valid padding.
    std::vector<std::uint8_t> decrypt(std::span<const std::uint8_t> do87_value) const;
    std::array<std::uint8_t, kSmMacSize> mac(std::vector<std::uint8_t> input) const;

    KeyPair keys_;
    AesBlock ssc_{};
};

} // namespace ktpel::sim::sm
