// SPDX-License-Identifier: Apache-2.0
// Portable pseudo-random numbers for the synthetic people (fingerprints,
// eyes). std::mt19937 is portable but the std distributions are not (their
// algorithms are implementation-defined), and a synthetic person must be
// identical on every machine, so every draw goes through this class:
// xoshiro256** seeded with splitmix64, and our own transforms.
#pragma once

#include <array>
#include <cstdint>

namespace ktpel {

// One splitmix64 step: advances `state` and returns a well-mixed value.
std::uint64_t splitmix64_next(std::uint64_t& state);

// Stateless 64-bit finaliser (the splitmix64 output function): hashes
// lattice coordinates and combines seeds.
std::uint64_t mix64(std::uint64_t value);

// What normal() does with the second value of each Box-Muller pair. Both
// exist because each generator's people were defined with one of them:
// changing it would change every synthetic person.
enum class NormalPairs
{
    // Thrown away: the stream position depends only on the number of calls.
    discard_second,
    // Kept for the next call: half the draws.
    keep_second,
};

class SeededRandom
{
public:
    SeededRandom(std::uint64_t seed, NormalPairs pairs);

    std::uint64_t next_u64();
    // Uniform in [0, 1) with 53 random bits.
    double uniform();
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    // Uniform integer in [low, high] inclusive (modulo: the bias is below
    // 2^-32 for the small ranges used).
    int uniform_int(int low, int high);
    // Uniform integer in [0, bound); throws std::invalid_argument for 0.
    std::uint32_t below(std::uint32_t bound);
    bool chance(double probability) { return uniform() < probability; }
    // Standard normal by Box-Muller.
    double normal();
    double normal(double mean, double deviation) { return mean + deviation * normal(); }

private:
    std::array<std::uint64_t, 4> state_{};
    NormalPairs pairs_;
    bool has_cached_normal_ = false;
    double cached_normal_ = 0.0;
};

} // namespace ktpel
