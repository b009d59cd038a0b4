// SPDX-License-Identifier: Apache-2.0
#include "seeded_random.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace ktpel {

std::uint64_t splitmix64_next(std::uint64_t& state)
{
    state += 0x9E3779B97F4A7C15ULL;
    return mix64(state);
}

std::uint64_t mix64(std::uint64_t value)
{
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
    return value ^ (value >> 31);
}

namespace {

std::uint64_t rotate_left(std::uint64_t value, int bits)
{
    return (value << bits) | (value >> (64 - bits));
}

} // namespace

SeededRandom::SeededRandom(std::uint64_t seed, NormalPairs pairs) : pairs_(pairs)
{
    // xoshiro must not start from the all-zero state; splitmix64 expansion
    // of any seed never yields four zero words.
    for (auto& word : state_)
        word = splitmix64_next(seed);
}

std::uint64_t SeededRandom::next_u64()
{
    const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
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

std::uint32_t SeededRandom::below(std::uint32_t bound)
{
    if (bound == 0)
        throw std::invalid_argument("SeededRandom::below: bound must be positive");
    // Multiply-shift keeps the draw to one word; its bias (< 2^-32) is
    // irrelevant here.
    return static_cast<std::uint32_t>(((next_u64() >> 32) * bound) >> 32);
}

double SeededRandom::normal()
{
    if (has_cached_normal_) {
        has_cached_normal_ = false;
        return cached_normal_;
    }
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    if (pairs_ == NormalPairs::keep_second) {
        cached_normal_ = radius * std::sin(angle);
        has_cached_normal_ = true;
    }
    return radius * std::cos(angle);
}

} // namespace ktpel
