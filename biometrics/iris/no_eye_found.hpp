// SPDX-License-Identifier: Apache-2.0
// The typed outcome for a valid frame that holds no assessable eye (closed
// lids, subject out of the field). Callers must handle it explicitly rather
// than read a low score: "no eye" asks the operator for a different action
// ("open your eyes", "step closer") than "poor eye" ("hold still").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ktpel::biometrics::iris {

enum class NoEyeReason : std::uint8_t
{
    no_pupil,         // no dark, round, uniform disc of pupil size
    no_iris_boundary, // a pupil-like disc but no limbus around it
};

constexpr std::string_view to_string(NoEyeReason reason)
{
    switch (reason) {
    case NoEyeReason::no_pupil:
        return "no_pupil";
    case NoEyeReason::no_iris_boundary:
        return "no_iris_boundary";
    }
    return "unknown";
}

struct NoEyeFound
{
    NoEyeReason reason = NoEyeReason::no_pupil;
    std::string detail; // the measured values that failed, for logs
};

} // namespace ktpel::biometrics::iris
