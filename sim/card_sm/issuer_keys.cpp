// SPDX-License-Identifier: Apache-2.0
#include "issuer_keys.hpp"

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "aes_primitives.hpp"
#include "common/hex_bytes.hpp"
#include "common/secure_wipe.hpp"

namespace ktpel::sim::sm {
namespace {

SecretBytes key_from_text(std::string_view text)
{
    return SecretBytes(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

void wipe(std::string& text) noexcept
{
    ktpel::secure_wipe(std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
}

} // namespace

// Sixteen ASCII bytes each, so that a dump shows at once it is a demo key.
SecretBytes demo_issuer_key()
{
    return key_from_text("KTPEL-DEMO-KEY-1");
}
SecretBytes wrong_demo_issuer_key()
{
    return key_from_text("KTPEL-WRONG-KEY!");
}

SecretBytes read_issuer_key_file(const std::filesystem::path& path)
{
    std::ifstream file(path);
    if (!file)
        throw KeyFileError("cannot read the key file " + path.string());
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    const std::string_view digits = first == std::string::npos
                                        ? std::string_view{}
                                        : std::string_view(text).substr(first, last - first + 1);
    auto bytes = ktpel::from_hex(digits);
    wipe(text);
    if (!bytes || bytes->size() != kAesKeySize) {
        if (bytes)
            ktpel::secure_clear(*bytes);
        throw KeyFileError(path.string() + ": an issuer key is 32 hex digits (AES-128)");
    }
    SecretBytes key(*bytes);
    ktpel::secure_clear(*bytes);
    return key;
}

} // namespace ktpel::sim::sm
