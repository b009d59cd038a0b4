// SPDX-License-Identifier: Apache-2.0
// PINs are stored only as slow salted hashes: libsodium's Argon2id
// (crypto_pwhash_str), so a leaked configuration does not leak PINs.
#pragma once

#include <string>

namespace ktpel::auth {

// Hashes with the "interactive" cost (64 MiB, a fraction of a second):
// slow enough to make guessing a 6-digit PIN offline expensive, fast enough
// for a login at the counter. Throws std::runtime_error on failure.
std::string hash_pin(const std::string& pin);

// Constant-time verification against a stored hash. Slow by design: call
// it off the event loop.
bool verify_pin(const std::string& pin, const std::string& stored_hash);

// True when the string looks like a crypto_pwhash_str Argon2id hash.
bool is_pin_hash(const std::string& text);

} // namespace ktpel::auth
