// SPDX-License-Identifier: Apache-2.0
// The fingerprint generator's randomness: the common portable generator
// (common/seeded_random.hpp) and the way every stage's seed is derived.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "common/seeded_random.hpp"

namespace ktpel::sim::fingerprint {

using ktpel::mix64;
using ktpel::splitmix64_next;

// Masters were defined with Box-Muller's second value thrown away, so the
// stream position depends only on the number of calls.
class SeededRandom : public ktpel::SeededRandom
{
public:
    explicit SeededRandom(std::uint64_t seed)
        : ktpel::SeededRandom(seed, NormalPairs::discard_second)
    {
    }
};

// A seed derived from an ordered list of parts (person, finger, impression,
// a purpose tag...). Order matters; equal lists give equal seeds.
std::uint64_t derive_seed(std::initializer_list<std::uint64_t> parts);

} // namespace ktpel::sim::fingerprint
