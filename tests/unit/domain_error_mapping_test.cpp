// SPDX-License-Identifier: Apache-2.0
// The one table from the domain's failures to the protocol's codes: every
// Fault has its code, and the message and details reach the reply as they
// were thrown.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "daemon/api/domain_error_mapping.hpp"

namespace ktpel::daemon {
namespace {

// The wire's codes are the protocol's contract (docs/protocol.md): this is
// what each domain failure has always been answered with.
const std::map<Fault, ErrorCode> kExpected = {
    {Fault::invalid_input, ErrorCode::invalid_args},
    {Fault::forbidden, ErrorCode::forbidden},
    {Fault::sop_order, ErrorCode::sop_order},
    {Fault::not_found, ErrorCode::not_found},
    {Fault::device_absent, ErrorCode::device_absent},
    {Fault::device_busy, ErrorCode::device_busy},
    {Fault::device_error, ErrorCode::device_error},
    {Fault::no_subject, ErrorCode::no_subject},
    {Fault::timeout, ErrorCode::timeout},
    {Fault::cancelled, ErrorCode::cancelled},
    {Fault::shutting_down, ErrorCode::shutting_down},
    {Fault::resource_exhausted, ErrorCode::resource_exhausted},
    {Fault::card_error, ErrorCode::card_error},
    {Fault::internal, ErrorCode::internal},
};

TEST(DomainErrorMapping, EveryFaultHasItsOwnCode)
{
    std::set<ErrorCode> codes;
    for (const auto fault : kEveryFault) {
        const auto expected = kExpected.find(fault);
        ASSERT_NE(expected, kExpected.end())
            << "fault " << static_cast<int>(fault) << " has no expected code in this test";
        EXPECT_EQ(error_code_of(fault), expected->second) << to_string(expected->second);
        codes.insert(error_code_of(fault));
    }
    EXPECT_EQ(codes.size(), kEveryFault.size()) << "two faults share a code";
    EXPECT_EQ(kExpected.size(), kEveryFault.size());
}

TEST(DomainErrorMapping, MessageAndDetailsPassThrough)
{
    const nlohmann::json details = {{"device", "fp0"}, {"reason", "unplugged"}, {"n", 3}};
    const auto error =
        to_protocol_error(DomainError(Fault::device_absent, "fp0 was unplugged", details));
    EXPECT_EQ(error.code, ErrorCode::device_absent);
    EXPECT_EQ(error.message, "fp0 was unplugged");
    EXPECT_EQ(error.details, details);
    EXPECT_EQ(error.to_json().dump(),
              R"({"code":"device_absent","details":{"device":"fp0","n":3,"reason":"unplugged"},)"
              R"("message":"fp0 was unplugged"})");
}

TEST(DomainErrorMapping, DetailsAreAnObjectUnlessTheThrowerSaidOtherwise)
{
    EXPECT_EQ(to_protocol_error(DomainError(Fault::internal, "x")).details,
              nlohmann::json::object());
    // A thrower passing {} gets null, as ProtocolError's callers always did:
    // the wire keeps "details": null for them.
    EXPECT_TRUE(to_protocol_error(DomainError(Fault::not_found, "x", {})).details.is_null());
}

TEST(DomainErrorMapping, WhatIsTheMessage)
{
    const DomainError error(Fault::sop_order, "step 3 is not started");
    EXPECT_STREQ(error.what(), "step 3 is not started");
    EXPECT_EQ(error.message(), "step 3 is not started");
    EXPECT_EQ(error.fault(), Fault::sop_order);
}

} // namespace
} // namespace ktpel::daemon
