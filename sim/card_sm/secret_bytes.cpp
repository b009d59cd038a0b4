// SPDX-License-Identifier: Apache-2.0
#include "secret_bytes.hpp"

#include "common/secure_wipe.hpp"

namespace ktpel::sim::sm {

SecretBytes& SecretBytes::operator=(const SecretBytes& other)
{
    if (this != &other) {
        clear();
        bytes_ = other.bytes_;
    }
    return *this;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept
{
    if (this != &other) {
        clear();
        bytes_ = std::move(other.bytes_);
        other.bytes_.clear();
    }
    return *this;
}

SecretBytes::~SecretBytes()
{
    clear();
}

void SecretBytes::clear() noexcept
{
    ktpel::secure_clear(bytes_);
}

} // namespace ktpel::sim::sm
