// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "daemon/auth/pin_hash.hpp"
#include "daemon/auth/session_manager.hpp"

namespace ktpel::auth {
namespace {

using namespace std::chrono_literals;
using Clock = SessionManager::Clock;

class SessionManagerTest : public ::testing::Test
{
protected:
    SessionManagerTest() : sessions_({{"siti", "Siti", {"petugas_loket"}, hash_pin("123456")}}, 60s)
    {
    }

    SessionManager sessions_;
    Clock::time_point now_ = Clock::now();
};

TEST(PinHash, VerifiesOnlyTheRightPinAndNeverStoresIt)
{
    const auto hash = hash_pin("123456");
    EXPECT_TRUE(is_pin_hash(hash));
    EXPECT_EQ(hash.find("123456"), std::string::npos);
    EXPECT_TRUE(verify_pin("123456", hash));
    EXPECT_FALSE(verify_pin("123457", hash));
    EXPECT_NE(hash_pin("123456"), hash); // salted
}

TEST_F(SessionManagerTest, ATokenWorksOnlyForItsClientAndUntilIdle)
{
    const auto session = sessions_.finish_login("siti", "client-a", true, now_);
    ASSERT_TRUE(session);
    EXPECT_EQ(session->token.size(), 64u);
    EXPECT_NE(sessions_.authenticate(session->token, "client-a", now_ + 30s), nullptr);
    EXPECT_EQ(sessions_.authenticate(session->token, "client-b", now_ + 30s), nullptr);
    // Used at +30 s, so it lives until +90 s.
    EXPECT_NE(sessions_.authenticate(session->token, "client-a", now_ + 89s), nullptr);
    EXPECT_EQ(sessions_.authenticate(session->token, "client-a", now_ + 150s), nullptr);
    EXPECT_EQ(sessions_.authenticate(session->token, "client-a", now_ + 151s),
              nullptr); // gone for good
}

TEST_F(SessionManagerTest, LogoutEndsTheSession)
{
    const auto session = sessions_.finish_login("siti", "a", true, now_);
    EXPECT_FALSE(sessions_.logout(session->token, "b"));
    EXPECT_TRUE(sessions_.logout(session->token, "a"));
    EXPECT_EQ(sessions_.authenticate(session->token, "a", now_), nullptr);
}

TEST_F(SessionManagerTest, WrongPinsLockTheOfficerOutForGrowingTimes)
{
    for (int i = 0; i < 2; ++i)
        EXPECT_FALSE(sessions_.finish_login("siti", "a", false, now_));
    EXPECT_EQ(sessions_.lockout_remaining("siti", now_), 0ms);
    EXPECT_FALSE(sessions_.finish_login("siti", "a", false, now_)); // third: locked
    EXPECT_EQ(sessions_.lockout_remaining("siti", now_), 5000ms);
    EXPECT_FALSE(sessions_.finish_login("siti", "a", false, now_ + 6s)); // fourth: doubled
    EXPECT_EQ(sessions_.lockout_remaining("siti", now_ + 6s), 10000ms);
    // A right PIN after the wait clears the count.
    EXPECT_TRUE(sessions_.finish_login("siti", "a", true, now_ + 20s));
    EXPECT_EQ(sessions_.lockout_remaining("siti", now_ + 20s), 0ms);
}

TEST_F(SessionManagerTest, UnknownOfficersGetNoSessionAndNoState)
{
    EXPECT_FALSE(sessions_.finish_login("nobody", "a", true, now_));
    EXPECT_EQ(sessions_.lockout_remaining("nobody", now_), 0ms);
}

} // namespace
} // namespace ktpel::auth
