// SPDX-License-Identifier: Apache-2.0
#include "key_derivation.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "aes_primitives.hpp"

namespace ktpel::sim::sm {
namespace {

struct KdfFree
{
    void operator()(EVP_KDF* kdf) const noexcept { EVP_KDF_free(kdf); }
};
struct KdfContextFree
{
    void operator()(EVP_KDF_CTX* context) const noexcept { EVP_KDF_CTX_free(context); }
};

constexpr std::string_view kCardKeyLabel = "KTPEL card key";
constexpr std::string_view kAuthEncLabel = "KTPEL auth enc";
constexpr std::string_view kAuthMacLabel = "KTPEL auth mac";
constexpr std::string_view kSessionEncLabel = "KTPEL SM enc";
constexpr std::string_view kSessionMacLabel = "KTPEL SM mac";

[[noreturn]] void fail(const std::string& what)
{
    std::string detail;
    if (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        detail = std::string(": ") + text;
    }
    ERR_clear_error();
    throw CryptoError(what + detail);
}

// OpenSSL wants non-const pointers in OSSL_PARAMs it only reads.
void* param_bytes(std::span<const std::uint8_t> bytes)
{
    return const_cast<std::uint8_t*>(bytes.data());
}

SecretBytes run_kbkdf(std::span<const std::uint8_t> key, std::span<const std::uint8_t> label,
                      std::span<const std::uint8_t> context, bool separator_and_length,
                      std::size_t length)
{
    if (key.size() != kAesKeySize)
        throw CryptoError("the KDF takes AES-128 keys");
    static const std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "KBKDF", nullptr));
    if (!kdf)
        fail("EVP_KDF_fetch(KBKDF)");
    std::unique_ptr<EVP_KDF_CTX, KdfContextFree> ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        fail("EVP_KDF_CTX_new");
    char mode[] = "counter";
    char mac[] = "CMAC";
    char cipher[] = "AES-128-CBC";
    int use_extras = separator_and_length ? 1 : 0;
    std::vector<OSSL_PARAM> params{
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MODE, mode, 0),
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MAC, mac, 0),
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_CIPHER, cipher, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, param_bytes(key), key.size()),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_KBKDF_USE_L, &use_extras),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_KBKDF_USE_SEPARATOR, &use_extras),
    };
    // KBKDF's "salt" is SP 800-108's Label and "info" its Context.
    if (!label.empty())
        params.push_back(OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, param_bytes(label),
                                                           label.size()));
    if (!context.empty())
        params.push_back(OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                                           param_bytes(context), context.size()));
    params.push_back(OSSL_PARAM_construct_end());
    SecretBytes out(length);
    if (EVP_KDF_derive(ctx.get(), out.writable().data(), out.size(), params.data()) != 1)
        fail("EVP_KDF_derive(KBKDF)");
    return out;
}

std::span<const std::uint8_t> bytes_of(std::string_view text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

} // namespace

SecretBytes kbkdf_cmac(std::span<const std::uint8_t> key, std::string_view label,
                       std::span<const std::uint8_t> context, std::size_t length)
{
    return run_kbkdf(key, bytes_of(label), context, true, length);
}

SecretBytes kbkdf_cmac_fixed_input(std::span<const std::uint8_t> key,
                                   std::span<const std::uint8_t> fixed_input, std::size_t length)
{
    return run_kbkdf(key, {}, fixed_input, false, length);
}

SecretBytes diversify_card_key(std::span<const std::uint8_t> issuer_key, const chip::CardUid& uid)
{
    return kbkdf_cmac(issuer_key, kCardKeyLabel, uid, kAesKeySize);
}

KeyPair derive_authentication_keys(std::span<const std::uint8_t> card_key)
{
    return {kbkdf_cmac(card_key, kAuthEncLabel, {}, kAesKeySize),
            kbkdf_cmac(card_key, kAuthMacLabel, {}, kAesKeySize)};
}

KeyPair derive_session_keys(std::span<const std::uint8_t> k_ifd, std::span<const std::uint8_t> k_ic,
                            std::span<const std::uint8_t> rnd_ic,
                            std::span<const std::uint8_t> rnd_ifd)
{
    if (k_ifd.size() != chip::kKeyMaterialSize || k_ic.size() != chip::kKeyMaterialSize)
        throw CryptoError("key material halves have 16 bytes each");
    SecretBytes seed(chip::kKeyMaterialSize);
    for (std::size_t i = 0; i < seed.size(); ++i)
        seed.writable()[i] = k_ifd[i] ^ k_ic[i];
    SecretBytes context(rnd_ic.size() + rnd_ifd.size());
    std::copy(rnd_ic.begin(), rnd_ic.end(), context.writable().begin());
    std::copy(rnd_ifd.begin(), rnd_ifd.end(), context.writable().begin() + rnd_ic.size());
    return {kbkdf_cmac(seed.view(), kSessionEncLabel, context.view(), kAesKeySize),
            kbkdf_cmac(seed.view(), kSessionMacLabel, context.view(), kAesKeySize)};
}

std::array<std::uint8_t, chip::kKeyCheckValueSize>
key_check_value(std::span<const std::uint8_t> key)
{
    AesBlock ones;
    ones.fill(0x01);
    const AesBlock encrypted = aes_encrypt_block(key, ones);
    std::array<std::uint8_t, chip::kKeyCheckValueSize> kcv;
    std::copy_n(encrypted.begin(), kcv.size(), kcv.begin());
    return kcv;
}

} // namespace ktpel::sim::sm
