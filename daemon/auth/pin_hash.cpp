// SPDX-License-Identifier: Apache-2.0
#include "pin_hash.hpp"

#include <stdexcept>

#include <sodium.h>

namespace ktpel::auth {
namespace {

void ensure_sodium()
{
    // sodium_init is idempotent and thread-safe after the first success.
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
}

} // namespace

std::string hash_pin(const std::string& pin)
{
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory hashing a PIN");
    return out;
}

bool verify_pin(const std::string& pin, const std::string& stored_hash)
{
    ensure_sodium();
    return crypto_pwhash_str_verify(stored_hash.c_str(), pin.data(), pin.size()) == 0;
}

bool is_pin_hash(const std::string& text)
{
    return text.rfind("$argon2id$", 0) == 0 && text.size() < crypto_pwhash_STRBYTES;
}

} // namespace ktpel::auth
