// SPDX-License-Identifier: Apache-2.0
#include "mutual_authentication.hpp"

#include <algorithm>

#include "aes_primitives.hpp"
#include "chip/chip_layout.hpp"
#include "common/secure_wipe.hpp"

namespace ktpel::sim::sm {
namespace {

constexpr AesBlock kZeroIv{};

SecretBytes concatenate(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b,
                        std::span<const std::uint8_t> c)
{
    SecretBytes out(a.size() + b.size() + c.size());
    auto at = std::copy(a.begin(), a.end(), out.writable().begin());
    at = std::copy(b.begin(), b.end(), at);
    std::copy(c.begin(), c.end(), at);
    return out;
}

SecretBytes random_secret(std::size_t size)
{
    SecretBytes secret(size);
    random_bytes(secret.writable());
    return secret;
}

void check_sizes(std::span<const std::uint8_t> random, std::span<const std::uint8_t> key_half)
{
    if (random.size() != chip::kChallengeSize || key_half.size() != chip::kKeyMaterialSize)
        throw CryptoError("authentication randoms and key halves have 16 bytes each");
}

} // namespace

std::vector<std::uint8_t> seal_cryptogram(const KeyPair& keys,
                                          std::span<const std::uint8_t> plaintext)
{
    if (plaintext.size() != kAuthPlaintextSize)
        throw CryptoError("an authentication plaintext has 48 bytes");
    auto sealed = aes_cbc_encrypt(keys.enc.view(), kZeroIv, plaintext);
    const AesBlock mac = aes_cmac(keys.mac.view(), sealed);
    sealed.insert(sealed.end(), mac.begin(), mac.begin() + kAuthMacSize);
    return sealed;
}

std::optional<SecretBytes> open_cryptogram(const KeyPair& keys,
                                           std::span<const std::uint8_t> cryptogram)
{
    if (cryptogram.size() != chip::kAuthCryptogramSize)
        return std::nullopt;
    const auto encrypted = cryptogram.first(kAuthPlaintextSize);
    const AesBlock mac = aes_cmac(keys.mac.view(), encrypted);
    // Encrypt-then-MAC: nothing is decrypted before the MAC verifies.
    if (!constant_time_equal(std::span(mac).first(kAuthMacSize),
                             cryptogram.subspan(kAuthPlaintextSize)))
        return std::nullopt;
    auto plain = aes_cbc_decrypt(keys.enc.view(), kZeroIv, encrypted);
    SecretBytes opened(plain);
    ktpel::secure_clear(plain);
    return opened;
}

std::optional<ChipAnswer> answer_terminal(std::span<const std::uint8_t> card_key,
                                          std::span<const std::uint8_t> rnd_ic,
                                          std::span<const std::uint8_t> terminal_cryptogram)
{
    const SecretBytes k_ic = random_secret(chip::kKeyMaterialSize);
    return answer_terminal(card_key, rnd_ic, terminal_cryptogram, k_ic.view());
}

std::optional<ChipAnswer> answer_terminal(std::span<const std::uint8_t> card_key,
                                          std::span<const std::uint8_t> rnd_ic,
                                          std::span<const std::uint8_t> terminal_cryptogram,
                                          std::span<const std::uint8_t> k_ic)
{
    check_sizes(rnd_ic, k_ic);
    const KeyPair keys = derive_authentication_keys(card_key);
    const auto s = open_cryptogram(keys, terminal_cryptogram);
    if (!s)
        return std::nullopt;
    const auto rnd_ifd = s->view().first(chip::kChallengeSize);
    const auto echoed_rnd_ic = s->view().subspan(chip::kChallengeSize, chip::kChallengeSize);
    const auto k_ifd = s->view().subspan(2 * chip::kChallengeSize);
    if (!constant_time_equal(echoed_rnd_ic, rnd_ic))
        return std::nullopt;
    const SecretBytes r = concatenate(rnd_ic, rnd_ifd, k_ic);
    return ChipAnswer{seal_cryptogram(keys, r.view()),
                      derive_session_keys(k_ifd, k_ic, rnd_ic, rnd_ifd)};
}

TerminalAuthentication::TerminalAuthentication(std::span<const std::uint8_t> card_key,
                                               std::span<const std::uint8_t> rnd_ic)
    : TerminalAuthentication(card_key, rnd_ic, random_bytes(chip::kChallengeSize),
                             random_secret(chip::kKeyMaterialSize).view())
{
}

TerminalAuthentication::TerminalAuthentication(std::span<const std::uint8_t> card_key,
                                               std::span<const std::uint8_t> rnd_ic,
                                               std::span<const std::uint8_t> rnd_ifd,
                                               std::span<const std::uint8_t> k_ifd)
    : keys_(derive_authentication_keys(card_key)), rnd_ic_(rnd_ic), rnd_ifd_(rnd_ifd), k_ifd_(k_ifd)
{
    check_sizes(rnd_ic, k_ifd);
    check_sizes(rnd_ifd, k_ifd);
    const SecretBytes s = concatenate(rnd_ifd_.view(), rnd_ic_.view(), k_ifd_.view());
    cryptogram_ = seal_cryptogram(keys_, s.view());
}

std::optional<KeyPair>
TerminalAuthentication::verify_chip_answer(std::span<const std::uint8_t> chip_cryptogram) const
{
    const auto r = open_cryptogram(keys_, chip_cryptogram);
    if (!r)
        return std::nullopt;
    const auto echoed_rnd_ic = r->view().first(chip::kChallengeSize);
    const auto echoed_rnd_ifd = r->view().subspan(chip::kChallengeSize, chip::kChallengeSize);
    const auto k_ic = r->view().subspan(2 * chip::kChallengeSize);
    if (!constant_time_equal(echoed_rnd_ic, rnd_ic_.view()) ||
        !constant_time_equal(echoed_rnd_ifd, rnd_ifd_.view()))
        return std::nullopt;
    return derive_session_keys(k_ifd_.view(), k_ic, rnd_ic_.view(), rnd_ifd_.view());
}

} // namespace ktpel::sim::sm
