// SPDX-License-Identifier: Apache-2.0
#include "shared_bytes.hpp"

namespace ktpel {

SharedBytes::SharedBytes(std::vector<std::uint8_t> bytes)
    : bytes_(std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes)))
{
}

std::span<const std::uint8_t> SharedBytes::bytes() const noexcept
{
    if (!bytes_)
        return {};
    return {bytes_->data(), bytes_->size()};
}

} // namespace ktpel
