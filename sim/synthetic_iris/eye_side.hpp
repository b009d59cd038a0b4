// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace ktpel::sim::iris {

// Subject's eye (subject's left is on the image right for a facing camera).
enum class EyeSide : std::uint8_t
{
    right = 1, // numbering follows the ISO/IEC 19794-6 eye label
    left = 2,
};

} // namespace ktpel::sim::iris
