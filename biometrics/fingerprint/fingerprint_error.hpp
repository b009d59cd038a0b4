// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace ktpel::biometrics::fingerprint {

// Thrown at the library boundary when an image cannot be processed at all
// (empty, pixel buffer not width*height, unsupported resolution). Poor but
// well-formed images never throw: they get a low quality score instead.
class InvalidFingerprintImage : public std::invalid_argument
{
public:
    explicit InvalidFingerprintImage(const std::string& reason)
        : std::invalid_argument("invalid fingerprint image: " + reason)
    {
    }
};

// Thrown when the caller's request is inconsistent (for example a slap
// expectation naming the same finger twice, or a right-hand finger in a
// left-hand slap).
class InvalidFingerprintRequest : public std::invalid_argument
{
public:
    explicit InvalidFingerprintRequest(const std::string& reason)
        : std::invalid_argument("invalid fingerprint request: " + reason)
    {
    }
};

} // namespace ktpel::biometrics::fingerprint
