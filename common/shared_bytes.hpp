// SPDX-License-Identifier: Apache-2.0
// A binary payload (an image, a template, a PDF) shared and immutable, so
// that the same bytes go from a device's worker through the domain into a
// reply frame and a preview event without a copy.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace ktpel {

class SharedBytes
{
public:
    SharedBytes() = default;
    explicit SharedBytes(std::vector<std::uint8_t> bytes);

    std::span<const std::uint8_t> bytes() const noexcept;
    std::size_t size() const noexcept { return bytes_ ? bytes_->size() : 0; }
    // For handing the buffer to a transport that outlives this handle
    // (a ZeroMQ frame keeps its own reference until it is sent).
    const std::shared_ptr<const std::vector<std::uint8_t>>& storage() const { return bytes_; }

private:
    std::shared_ptr<const std::vector<std::uint8_t>> bytes_;
};

} // namespace ktpel
