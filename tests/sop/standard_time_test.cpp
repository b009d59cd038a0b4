// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "daemon/sop/standard_time.hpp"

namespace ktpel::sop {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// The message parse_standard_time gives for `text`, or "" if it accepts it.
std::string refusal_of(std::string_view text)
{
    try {
        parse_standard_time(text);
    } catch (const InvalidStandardTime& e) {
        return e.what();
    }
    return {};
}

TEST(StandardTime, ReadsMinutesAndSeconds)
{
    EXPECT_EQ(parse_standard_time("6m"), minutes(6));
    EXPECT_EQ(parse_standard_time("90s"), seconds(90));
    EXPECT_EQ(parse_standard_time("1440m"), longest_standard_time);
    EXPECT_EQ(parse_standard_time("86400s"), longest_standard_time);
}

TEST(StandardTime, RefusesZeroNegativeAndGarbage)
{
    EXPECT_NE(refusal_of("0m").find("zero"), std::string::npos);
    EXPECT_NE(refusal_of("0s").find("zero"), std::string::npos);
    EXPECT_NE(refusal_of("-3m").find("negative"), std::string::npos);
    EXPECT_NE(refusal_of("6").find("no unit"), std::string::npos);
    EXPECT_NE(refusal_of("6h").find("unknown unit \"h\""), std::string::npos);
    EXPECT_NE(refusal_of("6 m").find("unknown unit"), std::string::npos);
    EXPECT_NE(refusal_of("6min").find("unknown unit"), std::string::npos);
    EXPECT_NE(refusal_of("1.5m").find("whole number"), std::string::npos);
    EXPECT_NE(refusal_of("m").find("whole number"), std::string::npos);
    EXPECT_NE(refusal_of("").find("required"), std::string::npos);
    EXPECT_NE(refusal_of("1441m").find("longer than"), std::string::npos);
    EXPECT_NE(refusal_of("99999999999999999999999s").find("longer than"), std::string::npos);
}

TEST(StandardTime, FormatsWholeMinutesAsMinutes)
{
    EXPECT_EQ(format_standard_time(minutes(6)), "6m");
    EXPECT_EQ(format_standard_time(seconds(90)), "90s");
    EXPECT_EQ(parse_standard_time(format_standard_time(seconds(150))), seconds(150));
}

} // namespace
} // namespace ktpel::sop
