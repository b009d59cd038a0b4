// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace ktpel::biometrics::matcher {

// The caller handed the matcher something it cannot turn into a template
// or compare: a non-positive resolution, more minutiae than a finger can
// have, or two templates prepared with different cylinder parameters.
class MatcherInputError : public std::invalid_argument
{
public:
    explicit MatcherInputError(const std::string& reason)
        : std::invalid_argument("fingerprint matcher: " + reason)
    {
    }
};

} // namespace ktpel::biometrics::matcher
