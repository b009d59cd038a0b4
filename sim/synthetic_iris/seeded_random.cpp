// SPDX-License-Identifier: Apache-2.0
#include "seeded_random.hpp"

#include <cmath>
#include <numbers>

namespace ktpel::sim::iris {

std::uint64_t splitmix64_next(std::uint64_t& state)
{
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d)
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

namespace {

std::uint64_t rotate_left(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

SeededRandom::SeededRandom(std::uint64_t seed)
{
    // xoshiro must not start from the all-zero state; splitmix output of any
    // seed never yields four zero words.
    for (auto& word : state_)
        word = splitmix64_next(seed);
}

std::uint64_t SeededRandom::next_u64()
{
    const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotate_left(state_[3], 45);
    return result;
}

double SeededRandom::uniform()
{
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

int SeededRandom::uniform_int(int low, int high)
{
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    return low + static_cast<int>(next_u64() % span);
}

double SeededRandom::normal()
{
    if (has_cached_normal_) {
        has_cached_normal_ = false;
        return cached_normal_;
    }
    // 1 - uniform() is in (0, 1], so the logarithm is finite.
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    cached_normal_ = radius * std::sin(angle);
    has_cached_normal_ = true;
    return radius * std::cos(angle);
}

} // namespace ktpel::sim::iris
