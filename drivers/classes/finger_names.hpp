// SPDX-License-Identifier: Apache-2.0
// Finger names as the protocol spells them ("right_thumb" ... "left_little")
// against their ISO/IEC 19794-2 position codes (1 ... 10). Shared by the
// daemon's operations and the emulators' fault arguments.
#pragma once

#include <optional>
#include <string_view>

namespace ktpel::drivers {

// nullopt for a name that is not one of the ten.
std::optional<int> finger_code_from_name(std::string_view name) noexcept;
// "" for a code outside 1..10.
std::string_view finger_name_of_code(int code) noexcept;

} // namespace ktpel::drivers
