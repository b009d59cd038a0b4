// SPDX-License-Identifier: Apache-2.0
// Categories are process-wide, so each test uses names of its own; the
// "*" test, which reaches them all, sets them back to info at its end.
#include <string>

#include <gtest/gtest.h>

#include "common/log_category.hpp"

namespace ktpel::log {
namespace {

KTPEL_LOG_CATEGORY(test_macro, "test-macro")

TEST(LogCategory, FollowsTheGlobalThresholdUntilConfigured)
{
    Category& plain = category("plain");
    set_threshold(Level::info);
    EXPECT_TRUE(plain.enabled(Level::info));
    EXPECT_FALSE(plain.enabled(Level::debug));
    set_threshold(Level::debug);
    EXPECT_TRUE(plain.enabled(Level::debug));
    set_threshold(Level::info);
}

TEST(LogCategory, OneNameIsOneCategory)
{
    EXPECT_EQ(&category("same"), &category("same"));
    EXPECT_EQ(&log_test_macro(), &category("test-macro"));
    EXPECT_EQ(log_test_macro().name(), "test-macro");
}

TEST(LogCategory, ConfigureSwitchesOnlyTheNamedCategories)
{
    set_threshold(Level::info);
    Category& kip = category("kip-a");
    Category& usb = category("usb-a");
    Category& other = category("other-a");
    ASSERT_TRUE(configure("kip-a:debug, usb-a:error"));
    EXPECT_TRUE(kip.enabled(Level::debug));
    EXPECT_FALSE(usb.enabled(Level::warning));
    EXPECT_TRUE(usb.enabled(Level::error));
    EXPECT_FALSE(other.enabled(Level::debug));
    EXPECT_TRUE(other.enabled(Level::info));
}

TEST(LogCategory, AnOwnThresholdOutranksTheGlobal)
{
    ASSERT_TRUE(configure("quiet-b:warning"));
    set_threshold(Level::debug);
    EXPECT_FALSE(category("quiet-b").enabled(Level::info));
    set_threshold(Level::info);
}

TEST(LogCategory, ReachesCategoriesMadeLater)
{
    ASSERT_TRUE(configure("later-c:debug"));
    EXPECT_TRUE(category("later-c").enabled(Level::debug));
}

TEST(LogCategory, LaterItemsWin)
{
    ASSERT_TRUE(configure("order-d:debug,order-d:notice"));
    EXPECT_FALSE(category("order-d").enabled(Level::info));
    EXPECT_TRUE(category("order-d").enabled(Level::notice));
}

TEST(LogCategory, EmptyItemsAreSkipped)
{
    EXPECT_TRUE(configure(""));
    EXPECT_TRUE(configure(" , empty-e:debug ,"));
    EXPECT_TRUE(category("empty-e").enabled(Level::debug));
}

TEST(LogCategory, AMalformedSpecChangesNothing)
{
    Category& kept = category("kept-f");
    std::string error;
    EXPECT_FALSE(configure("kept-f:debug,usb", &error));
    EXPECT_NE(error.find("usb"), std::string::npos);
    EXPECT_FALSE(configure("kept-f:debug,usb:loud", &error));
    EXPECT_NE(error.find("loud"), std::string::npos);
    EXPECT_FALSE(configure(":debug", &error));
    EXPECT_FALSE(kept.enabled(Level::debug));
}

TEST(LogCategory, StarReachesEveryCategory)
{
    Category& before = category("star-g");
    ASSERT_TRUE(configure("*:error"));
    EXPECT_FALSE(before.enabled(Level::warning));
    EXPECT_FALSE(category("star-g-later").enabled(Level::warning));
    // Leave the other categories as every test expects them.
    ASSERT_TRUE(configure("*:info"));
}

} // namespace
} // namespace ktpel::log
