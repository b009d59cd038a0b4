// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "daemon/api/domain_error_mapping.hpp"
#include "daemon/captures/capture_store.hpp"

namespace ktpel::daemon {
namespace {

HeldCapture sample(const std::string& application, std::size_t bytes, std::uint8_t fill = 0x5a)
{
    HeldCapture capture;
    capture.application = application;
    capture.operation = "fingerprint.capture";
    capture.parts.push_back(
        {"image", {{"format", "gray8"}}, std::vector<std::uint8_t>(bytes, fill)});
    return capture;
}

TEST(CaptureStore, HoldsUnderUnguessableIdsAndCountsBytes)
{
    CaptureStore store(1000);
    const auto a = store.hold(sample("app-1", 300));
    const auto b = store.hold(sample("app-1", 300));
    EXPECT_NE(a, b);
    EXPECT_EQ(a.size(), 36u);
    EXPECT_EQ(store.held_bytes(), 600u);
    ASSERT_NE(store.find(a), nullptr);
    EXPECT_EQ(store.find(a)->parts[0].bytes.size(), 300u);
    EXPECT_EQ(store.of_application("app-1").size(), 2u);
    EXPECT_TRUE(store.of_application("app-2").empty());
}

TEST(CaptureStore, RefusesPastItsLimitWithATypedError)
{
    CaptureStore store(1000);
    store.hold(sample("app-1", 800));
    try {
        store.hold(sample("app-2", 300));
        FAIL() << "held past the limit";
    } catch (const DomainError& domain) {
        const auto e = ProtocolError(to_protocol_error(domain));
        EXPECT_EQ(e.error().code, ErrorCode::resource_exhausted);
        EXPECT_EQ(e.error().details["limit_bytes"], 1000);
    }
    EXPECT_EQ(store.held_bytes(), 800u);
    EXPECT_EQ(store.size(), 1u);
}

TEST(CaptureStore, DiscardingWipesAndFreesPerCaptureAndPerApplication)
{
    CaptureStore store(10000);
    const auto a = store.hold(sample("app-1", 100));
    store.hold(sample("app-1", 100));
    const auto c = store.hold(sample("app-2", 100));
    EXPECT_TRUE(store.discard(a));
    EXPECT_FALSE(store.discard(a));
    EXPECT_EQ(store.find(a), nullptr);
    EXPECT_EQ(store.discard_application("app-1"), 1u);
    EXPECT_EQ(store.held_bytes(), 100u);
    ASSERT_NE(store.find(c), nullptr);
    EXPECT_EQ(store.discard_all(), 1u);
    EXPECT_EQ(store.held_bytes(), 0u);
}

TEST(CaptureStore, WipeZeroesTheSampleBytes)
{
    auto capture = sample("app-1", 64, 0xff);
    const auto* bytes = capture.parts[0].bytes.data();
    wipe(capture);
    // The buffer's memory is still ours (clear() keeps the capacity):
    // every byte the sample had is now zero.
    for (std::size_t i = 0; i < 64; ++i)
        EXPECT_EQ(bytes[i], 0) << i;
    EXPECT_TRUE(capture.parts[0].bytes.empty());
}

} // namespace
} // namespace ktpel::daemon
