// SPDX-License-Identifier: Apache-2.0
// The generator's only source of randomness. Our own splitmix64 seeding and
// xoshiro256** stream, so the integer sequence is bit-identical on every
// compiler and standard library (std::mt19937 is, but the std distributions
// are not).
#pragma once

#include <array>
#include <cstdint>

namespace ktpel::sim::iris {

// One splitmix64 step: advances `state` and returns the mixed output.
std::uint64_t splitmix64_next(std::uint64_t& state);

// Stateless mix of several keys into one well-spread 64-bit value; used to
// derive independent seeds for (person, eye, impression, purpose).
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0,
                       std::uint64_t d = 0);

class SeededRandom
{
public:
    explicit SeededRandom(std::uint64_t seed);

    std::uint64_t next_u64();
    // Uniform in [0, 1), 53 random bits.
    double uniform();
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    // Uniform integer in [low, high] inclusive.
    int uniform_int(int low, int high);
    // Standard normal (Box-Muller, the second value is cached).
    double normal();
    double normal(double mean, double sigma) { return mean + sigma * normal(); }

private:
    std::array<std::uint64_t, 4> state_{};
    bool has_cached_normal_ = false;
    double cached_normal_ = 0.0;
};

} // namespace ktpel::sim::iris
