// SPDX-License-Identifier: Apache-2.0
#include "aes_primitives.hpp"

#include <algorithm>
#include <memory>
#include <string>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

namespace ktpel::sim::sm {
namespace {

struct CipherContextFree
{
    void operator()(EVP_CIPHER_CTX* context) const noexcept { EVP_CIPHER_CTX_free(context); }
};
struct MacFree
{
    void operator()(EVP_MAC* mac) const noexcept { EVP_MAC_free(mac); }
};
struct MacContextFree
{
    void operator()(EVP_MAC_CTX* context) const noexcept { EVP_MAC_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;
using MacContext = std::unique_ptr<EVP_MAC_CTX, MacContextFree>;

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

void check_key(std::span<const std::uint8_t> key)
{
    if (key.size() != kAesKeySize)
        throw CryptoError("an AES-128 key has 16 bytes, not " + std::to_string(key.size()));
}

std::vector<std::uint8_t> run_cipher(const EVP_CIPHER* cipher, bool encrypt,
                                     std::span<const std::uint8_t> key, const std::uint8_t* iv,
                                     std::span<const std::uint8_t> data)
{
    check_key(key);
    if (data.size() % kAesBlockSize != 0)
        throw CryptoError("AES input of " + std::to_string(data.size()) +
                          " bytes is not a whole number of blocks");
    CipherContext context(EVP_CIPHER_CTX_new());
    if (!context)
        fail("EVP_CIPHER_CTX_new");
    if (EVP_CipherInit_ex2(context.get(), cipher, key.data(), iv, encrypt ? 1 : 0, nullptr) != 1)
        fail("EVP_CipherInit_ex2");
    // The callers pad (ISO/IEC 9797-1 method 2) themselves.
    EVP_CIPHER_CTX_set_padding(context.get(), 0);
    std::vector<std::uint8_t> out(data.size());
    int written = 0;
    if (!data.empty() && EVP_CipherUpdate(context.get(), out.data(), &written, data.data(),
                                          static_cast<int>(data.size())) != 1)
        fail("EVP_CipherUpdate");
    int final_written = 0;
    if (EVP_CipherFinal_ex(context.get(), out.data() + written, &final_written) != 1)
        fail("EVP_CipherFinal_ex");
    out.resize(static_cast<std::size_t>(written + final_written));
    return out;
}

// Fetched once: fetching is the slow part of an EVP_MAC operation.
EVP_MAC* cmac_algorithm()
{
    static const std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "CMAC", nullptr));
    if (!mac)
        fail("EVP_MAC_fetch(CMAC)");
    return mac.get();
}

} // namespace

AesBlock aes_encrypt_block(std::span<const std::uint8_t> key,
                           std::span<const std::uint8_t, kAesBlockSize> block)
{
    const auto out = run_cipher(EVP_aes_128_ecb(), true, key, nullptr, block);
    AesBlock result{};
    std::copy_n(out.begin(), result.size(), result.begin());
    return result;
}

std::vector<std::uint8_t> aes_cbc_encrypt(std::span<const std::uint8_t> key,
                                          std::span<const std::uint8_t, kAesBlockSize> iv,
                                          std::span<const std::uint8_t> data)
{
    return run_cipher(EVP_aes_128_cbc(), true, key, iv.data(), data);
}

std::vector<std::uint8_t> aes_cbc_decrypt(std::span<const std::uint8_t> key,
                                          std::span<const std::uint8_t, kAesBlockSize> iv,
                                          std::span<const std::uint8_t> data)
{
    return run_cipher(EVP_aes_128_cbc(), false, key, iv.data(), data);
}

AesBlock aes_cmac(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message)
{
    check_key(key);
    MacContext context(EVP_MAC_CTX_new(cmac_algorithm()));
    if (!context)
        fail("EVP_MAC_CTX_new");
    char cipher_name[] = "AES-128-CBC";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher_name, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(context.get(), key.data(), key.size(), params) != 1)
        fail("EVP_MAC_init(CMAC)");
    if (!message.empty() && EVP_MAC_update(context.get(), message.data(), message.size()) != 1)
        fail("EVP_MAC_update");
    AesBlock tag;
    std::size_t written = 0;
    if (EVP_MAC_final(context.get(), tag.data(), &written, tag.size()) != 1 ||
        written != tag.size())
        fail("EVP_MAC_final");
    return tag;
}

void random_bytes(std::span<std::uint8_t> out)
{
    if (!out.empty() && RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
        fail("RAND_bytes");
}

std::vector<std::uint8_t> random_bytes(std::size_t count)
{
    std::vector<std::uint8_t> out(count);
    random_bytes(out);
    return out;
}

bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept
{
    return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

} // namespace ktpel::sim::sm
