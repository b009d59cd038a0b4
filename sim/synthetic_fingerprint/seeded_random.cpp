// SPDX-License-Identifier: Apache-2.0
#include "seeded_random.hpp"

namespace ktpel::sim::fingerprint {

std::uint64_t derive_seed(std::initializer_list<std::uint64_t> parts)
{
    std::uint64_t seed = 0x006B7470656C6670ULL; // "ktpelfp": keeps seeds apart from other users
    for (std::uint64_t part : parts) {
        seed = mix64(seed ^ mix64(part + 0x9E3779B97F4A7C15ULL));
    }
    return seed;
}

} // namespace ktpel::sim::fingerprint
