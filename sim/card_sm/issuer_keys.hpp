// SPDX-License-Identifier: Apache-2.0
// Where the emulators get the issuer master key: a key file (32 hex
// digits), or one of two published demo keys. The demo keys are in the
// source and protect nothing; they exist so that a fresh checkout runs a
// complete station, and so that the demo can show a SAM with the wrong key.
#pragma once

#include <filesystem>
#include <stdexcept>

#include "secret_bytes.hpp"

namespace ktpel::sim::sm {

class KeyFileError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

SecretBytes demo_issuer_key();
// A different key: a SAM holding it is a "wrong SAM" for demo cards.
SecretBytes wrong_demo_issuer_key();

// 32 hex digits; surrounding whitespace and one trailing newline are fine.
// Throws KeyFileError naming the file.
SecretBytes read_issuer_key_file(const std::filesystem::path& path);

} // namespace ktpel::sim::sm
