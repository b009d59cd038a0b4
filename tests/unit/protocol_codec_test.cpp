// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <ktpel/message.hpp>

namespace ktpel {
namespace {

std::span<const std::uint8_t> bytes(const std::string& text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

ErrorCode decode_error(const std::string& header)
{
    try {
        decode_request(bytes(header), {});
    } catch (const ProtocolError& e) {
        return e.code();
    }
    ADD_FAILURE() << "accepted: " << header;
    return ErrorCode::internal;
}

TEST(ProtocolCodec, DecodesAWellFormedRequest)
{
    const auto request = decode_request(
        bytes(R"({"v":1,"id":"a1","op":"device.status","args":{"device":"fp"},"token":"t"})"), {});
    EXPECT_EQ(request.id, "a1");
    EXPECT_EQ(request.op, "device.status");
    EXPECT_EQ(request.args.at("device"), "fp");
    EXPECT_EQ(request.token, "t");
}

TEST(ProtocolCodec, ArgsAndTokenAreOptional)
{
    const auto request = decode_request(bytes(R"({"v":1,"id":"a","op":"hello"})"), {});
    EXPECT_TRUE(request.args.is_object());
    EXPECT_FALSE(request.token);
}

TEST(ProtocolCodec, RejectsMalformedHeadersWithTypedErrors)
{
    EXPECT_EQ(decode_error("not json"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error("[1,2,3]"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error("\"string\""), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1,"id":"a"})"), ErrorCode::bad_request);        // no op
    EXPECT_EQ(decode_error(R"({"v":1,"op":"hello"})"), ErrorCode::bad_request);    // no id
    EXPECT_EQ(decode_error(R"({"id":"a","op":"hello"})"), ErrorCode::bad_request); // no v
    EXPECT_EQ(decode_error(R"({"v":"1","id":"a","op":"hello"})"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1,"id":7,"op":"hello"})"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1,"id":"a","op":["x"]})"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1,"id":"a","op":"hello","args":[]})"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1,"id":"a","op":"hello","token":5})"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1,"id":"a","op":"hello","extra":1})"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1,"id":"","op":"hello"})"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1,"id":")" + std::string(200, 'x') + R"(","op":"hello"})"),
              ErrorCode::bad_request);
}

TEST(ProtocolCodec, RejectsInvalidUtf8AndHugeNumbers)
{
    EXPECT_EQ(decode_error("{\"v\":1,\"id\":\"a\xff\",\"op\":\"hello\"}"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":1e999,"id":"a","op":"hello"})"), ErrorCode::bad_request);
    EXPECT_EQ(decode_error(R"({"v":99999999999999999999999,"id":"a","op":"hello"})"),
              ErrorCode::bad_request);
}

TEST(ProtocolCodec, SurvivesDeepNesting)
{
    const std::string deep = R"({"v":1,"id":"a","op":"x","args":{"k":)" + std::string(50000, '[') +
                             std::string(50000, ']') + "}}";
    EXPECT_NO_THROW(decode_request(bytes(deep), {}, DecodeLimits{1 << 20, 128}));
}

TEST(ProtocolCodec, UnsupportedVersionNamesWhatIsSupported)
{
    try {
        decode_request(bytes(R"({"v":2,"id":"a","op":"hello"})"), {});
        FAIL();
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), ErrorCode::unsupported_version);
        EXPECT_EQ(e.error().details.at("supported"), nlohmann::json::array({1}));
        EXPECT_EQ(e.error().details.at("id"), "a"); // the reply can still be addressed
    }
}

TEST(ProtocolCodec, OversizedHeaderIsTooLarge)
{
    const std::string header =
        R"({"v":1,"id":"a","op":"hello","args":{"pad":")" + std::string(100, 'x') + "\"}}";
    try {
        decode_request(bytes(header), {}, DecodeLimits{64, 128});
        FAIL();
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), ErrorCode::too_large);
    }
}

TEST(ProtocolCodec, ReplyRoundTripsThroughItsHeader)
{
    auto reply = Reply::failure("r1", {ErrorCode::device_busy, "busy", {{"device", "fp"}}});
    const auto decoded = decode_reply(bytes(encode_header(reply.header())), {});
    EXPECT_FALSE(decoded.ok);
    ASSERT_TRUE(decoded.error);
    EXPECT_EQ(decoded.error->code, ErrorCode::device_busy);
    EXPECT_EQ(decoded.error->details.at("device"), "fp");

    const auto ok =
        decode_reply(bytes(encode_header(Reply::success("r2", {{"a", 1}}).header())), {});
    EXPECT_TRUE(ok.ok);
    EXPECT_EQ(ok.result.at("a"), 1);
}

TEST(ProtocolCodec, EveryErrorCodeHasAStableName)
{
    for (int i = 0; i <= static_cast<int>(ErrorCode::internal); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        const auto name = to_string(code);
        EXPECT_EQ(error_code_from_string(name), code) << name;
    }
    EXPECT_EQ(to_string(ErrorCode::too_large), "too_large");
    EXPECT_FALSE(error_code_from_string("no_such_code"));
}

} // namespace
} // namespace ktpel
