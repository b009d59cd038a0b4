// SPDX-License-Identifier: Apache-2.0
// Mutual authentication between the chip and the SAM (the "terminal", IFD),
// on the pattern of ICAO 9303's BAC with AES instead of 3DES:
//
//   chip -> RND.IC (GET CHALLENGE)
//   SAM:  S = RND.IFD || RND.IC || K.IFD,  E.IFD = AES-CBC(Kenc, 0, S),
//         M.IFD = CMAC(Kmac, E.IFD)[0..8]                  -> chip
//   chip: checks M.IFD and RND.IC, R = RND.IC || RND.IFD || K.IC,
//         E.IC, M.IC likewise                               -> SAM
//   SAM:  checks M.IC, RND.IC and RND.IFD
//   both: session keys from K.IFD xor K.IC (key_derivation.hpp), SSC = 0
//
// Kenc and Kmac come from the card key; the SAM re-derives the card key
// from the issuer master key and the UID. A chip with another key cannot
// check M.IFD (wrong SAM); a chip that answers without the key fails M.IC.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "key_derivation.hpp"

namespace ktpel::sim::sm {

inline constexpr std::size_t kAuthPlaintextSize = 48;
inline constexpr std::size_t kAuthMacSize = 8;

// E = AES-CBC(enc, IV 0, plaintext of 48 bytes) followed by CMAC(mac, E)[0..8].
std::vector<std::uint8_t> seal_cryptogram(const KeyPair& keys,
                                          std::span<const std::uint8_t> plaintext);
// The 48-byte plaintext; nullopt for a wrong size or a MAC that does not verify.
std::optional<SecretBytes> open_cryptogram(const KeyPair& keys,
                                           std::span<const std::uint8_t> cryptogram);

struct ChipAnswer
{
    std::vector<std::uint8_t> cryptogram; // E.IC || M.IC
    KeyPair session_keys;
};

// The chip's side; nullopt when the terminal's cryptogram does not verify
// or does not carry this chip's challenge.
std::optional<ChipAnswer> answer_terminal(std::span<const std::uint8_t> card_key,
                                          std::span<const std::uint8_t> rnd_ic,
                                          std::span<const std::uint8_t> terminal_cryptogram);
// Same with K.IC given (known-answer tests).
std::optional<ChipAnswer> answer_terminal(std::span<const std::uint8_t> card_key,
                                          std::span<const std::uint8_t> rnd_ic,
                                          std::span<const std::uint8_t> terminal_cryptogram,
                                          std::span<const std::uint8_t> k_ic);

// The terminal's (SAM's) side of one authentication.
class TerminalAuthentication
{
public:
    TerminalAuthentication(std::span<const std::uint8_t> card_key,
                           std::span<const std::uint8_t> rnd_ic);
    // With RND.IFD and K.IFD given (known-answer tests).
    TerminalAuthentication(std::span<const std::uint8_t> card_key,
                           std::span<const std::uint8_t> rnd_ic,
                           std::span<const std::uint8_t> rnd_ifd,
                           std::span<const std::uint8_t> k_ifd);

    const std::vector<std::uint8_t>& cryptogram() const noexcept { return cryptogram_; }
    // The session keys; nullopt when the chip's answer does not verify.
    std::optional<KeyPair> verify_chip_answer(std::span<const std::uint8_t> chip_cryptogram) const;

private:
    KeyPair keys_;
    SecretBytes rnd_ic_;
    SecretBytes rnd_ifd_;
    SecretBytes k_ifd_;
    std::vector<std::uint8_t> cryptogram_;
};

} // namespace ktpel::sim::sm
