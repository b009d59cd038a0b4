// SPDX-License-Identifier: Apache-2.0
// Portable pseudo-random numbers. std::mt19937 is portable but the std
// distributions are not (their algorithms are implementation-defined), and
// masters must be identical on every machine, so every draw goes through
// this class: xoshiro256** seeded with splitmix64, and our own transforms.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace ktpel::sim::fingerprint {

// One splitmix64 step: advances `state` and returns a well-mixed value.
std::uint64_t splitmix64_next(std::uint64_t& state);

// Stateless 64-bit finaliser (the splitmix64 output function): hashes
// lattice coordinates and combines seeds.
std::uint64_t mix64(std::uint64_t value);

// A seed derived from an ordered list of parts (person, finger, impression,
// a purpose tag...). Order matters; equal lists give equal seeds.
std::uint64_t derive_seed(std::initializer_list<std::uint64_t> parts);

class SeededRandom
{
public:
    explicit SeededRandom(std::uint64_t seed);

    std::uint64_t next_u64();
    // Uniform in [0, 1) with 53 random bits.
    double uniform();
    double uniform(double low, double high);
    // Standard normal by Box-Muller (both halves are not cached, so the
    // stream position depends only on the number of calls).
    double normal();
    double normal(double mean, double deviation);
    // Uniform integer in [0, bound); bound must be > 0.
    std::uint32_t below(std::uint32_t bound);
    bool chance(double probability);
    // An independent generator for a sub-task, so adding draws to one
    // stage does not shift the numbers every later stage sees.
    SeededRandom fork(std::uint64_t purpose);

private:
    std::uint64_t state_[4];
};

} // namespace ktpel::sim::fingerprint
