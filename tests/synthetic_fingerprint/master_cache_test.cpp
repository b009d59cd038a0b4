// SPDX-License-Identifier: Apache-2.0
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "sim/synthetic_fingerprint/master_cache.hpp"

namespace ktpel::sim::fingerprint {
namespace {

TEST(MasterCache, KeepsAtMostItsCapacityAndDropsTheLeastRecentlyUsed)
{
    MasterCache cache(3);
    const auto a = cache.get(1, FingerPosition::RightLittle);
    (void)cache.get(2, FingerPosition::RightLittle);
    (void)cache.get(3, FingerPosition::RightLittle);
    EXPECT_EQ(cache.size(), 3U);
    EXPECT_EQ(cache.get(1, FingerPosition::RightLittle), a); // hit: now most recent
    (void)cache.get(4, FingerPosition::RightLittle);         // evicts person 2
    EXPECT_EQ(cache.size(), 3U);
    EXPECT_EQ(cache.misses(), 4U);
    EXPECT_EQ(cache.hits(), 1U);

    EXPECT_EQ(cache.get(1, FingerPosition::RightLittle), a);
    EXPECT_EQ(cache.hits(), 2U);
    (void)cache.get(2, FingerPosition::RightLittle); // was evicted: generated again
    EXPECT_EQ(cache.misses(), 5U);
    EXPECT_EQ(cache.size(), 3U);
    // An evicted master handed out earlier stays usable.
    EXPECT_FALSE(a->ridge_field.empty());
}

TEST(MasterCache, ConcurrentRequestsShareOneGeneration)
{
    MasterCache cache(8);
    std::vector<std::shared_ptr<const MasterFingerprint>> results(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < results.size(); ++i) {
        threads.emplace_back(
            [&cache, &results, i] { results[i] = cache.get(77, FingerPosition::LeftLittle); });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(cache.misses(), 1U);
    EXPECT_EQ(cache.hits(), 3U);
    for (const auto& result : results) {
        EXPECT_EQ(result, results.front());
    }
}

TEST(MasterCache, RejectsBadArguments)
{
    EXPECT_THROW(MasterCache(0), std::invalid_argument);
    MasterCache cache(2);
    EXPECT_THROW((void)cache.get(1, static_cast<FingerPosition>(0)), std::invalid_argument);
    EXPECT_EQ(cache.size(), 0U);
}

} // namespace
} // namespace ktpel::sim::fingerprint
