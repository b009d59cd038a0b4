// SPDX-License-Identifier: Apache-2.0
// Key material that is wiped (OPENSSL_cleanse) whenever it is dropped or
// overwritten, so keys do not linger in freed memory of the chip or the
// SAM.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ktpel::sim::sm {

class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size) : bytes_(size) {}
    explicit SecretBytes(std::span<const std::uint8_t> bytes) : bytes_(bytes.begin(), bytes.end())
    {
    }
    SecretBytes(const SecretBytes& other) = default;
    SecretBytes(SecretBytes&& other) noexcept = default;
    SecretBytes& operator=(const SecretBytes& other);
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    ~SecretBytes();

    std::span<const std::uint8_t> view() const noexcept { return bytes_; }
    std::span<std::uint8_t> writable() noexcept { return bytes_; }
    std::size_t size() const noexcept { return bytes_.size(); }
    bool empty() const noexcept { return bytes_.empty(); }
    void clear() noexcept;

private:
    std::vector<std::uint8_t> bytes_;
};

} // namespace ktpel::sim::sm
