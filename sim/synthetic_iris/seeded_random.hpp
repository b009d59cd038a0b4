// SPDX-License-Identifier: Apache-2.0
// The eye generator's randomness: the common portable generator
// (common/seeded_random.hpp) and the way every seed is derived.
#pragma once

#include <cstdint>

#include "common/seeded_random.hpp"

namespace ktpel::sim::iris {

using ktpel::splitmix64_next;

// Eyes were defined with Box-Muller's second value kept for the next call.
class SeededRandom : public ktpel::SeededRandom
{
public:
    explicit SeededRandom(std::uint64_t seed) : ktpel::SeededRandom(seed, NormalPairs::keep_second)
    {
    }
};

// Stateless mix of several keys into one well-spread 64-bit value; used to
// derive independent seeds for (person, eye, impression, purpose).
inline std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0,
                              std::uint64_t d = 0)
{
    // Chaining through splitmix keeps (a, b) and (b, a) apart.
    std::uint64_t state = a;
    std::uint64_t h = splitmix64_next(state);
    state = h ^ b;
    h = splitmix64_next(state);
    state = h ^ c;
    h = splitmix64_next(state);
    state = h ^ d;
    return splitmix64_next(state);
}

} // namespace ktpel::sim::iris
