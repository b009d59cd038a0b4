// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>

namespace ktpel::biometrics::iris {

// The caller handed over something that is not a usable 8-bit grey frame
// (size mismatch, too small). Distinct from "no eye found", which is a
// normal outcome for a valid frame.
class IrisInputError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

} // namespace ktpel::biometrics::iris
