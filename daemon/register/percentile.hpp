// SPDX-License-Identifier: Apache-2.0
// Nearest-rank percentile: the value at 1-based rank ceil(p/100 * N) of the
// sorted values. Chosen over interpolation because the answer is always a
// duration that really happened (a supervisor can find the service behind
// it), and it needs no rounding rule. For an even N the median is the lower
// of the two middle values.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ktpel::reg {

// `percent` in 1..100; nullopt for no values.
std::optional<std::int64_t> nearest_rank_percentile(std::vector<std::int64_t> values, int percent);

} // namespace ktpel::reg
