// SPDX-License-Identifier: Apache-2.0
// The generator's only source of randomness. The engine's output is fixed
// by the C++ standard and the distributions are written here (the
// standard library's are not specified bit for bit), so a person's
// signature is the same from one build to the next.
//
// Not common/seeded_random.hpp: signatures were defined on std::mt19937_64,
// and normal(mean, deviation) scales before the cosine (mean + deviation *
// radius * cos), which rounds differently from mean + deviation * normal().
// Moving to the common generator would change every synthetic signature.
#pragma once

#include <cstdint>
#include <random>

namespace ktpel::sim::signature {

// Combines two values into a well-spread seed (SplitMix64's finaliser).
std::uint64_t mix_seed(std::uint64_t first, std::uint64_t second) noexcept;

class SeededRandom
{
public:
    explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}

    double uniform(double low, double high);
    int integer(int low, int high); // both inclusive
    double normal(double mean, double deviation);
    bool chance(double probability) { return uniform(0, 1) < probability; }

private:
    double unit(); // [0, 1)

    std::mt19937_64 engine_;
    double spare_normal_ = 0;
    bool has_spare_ = false;
};

} // namespace ktpel::sim::signature
