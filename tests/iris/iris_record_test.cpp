// SPDX-License-Identifier: Apache-2.0
#include <functional>

#include <gtest/gtest.h>

#include "biometrics/iris/eye_assessment.hpp"
#include "biometrics/iris/iris_image_record.hpp"
#include "biometrics/iris/iris_record_error.hpp"
#include "biometrics/iris/iris_representation_builder.hpp"
#include "sim/synthetic_iris/eye_renderer.hpp"

namespace ktpel::biometrics::iris {
namespace {

namespace sim = ktpel::sim::iris;

// Offsets of the first representation's fields (no quality block count
// other than the one the helper writes).
constexpr std::size_t rep0 = 16;
constexpr std::size_t quality_count_at = rep0 + 18;
constexpr std::size_t first_score_at = rep0 + 19;
constexpr std::size_t after_quality = rep0 + 19 + 5; // one quality block
constexpr std::size_t number_at = after_quality;
constexpr std::size_t eye_label_at = after_quality + 2;
constexpr std::size_t image_type_at = after_quality + 3;
constexpr std::size_t image_format_at = after_quality + 4;
constexpr std::size_t properties_at = after_quality + 5;
constexpr std::size_t bit_depth_at = after_quality + 10;
constexpr std::size_t image_length_at = after_quality + 29;

drivers::RasterImage small_image(std::uint8_t seed)
{
    drivers::RasterImage img{16, 8, 0, {}};
    for (std::uint32_t i = 0; i < 16 * 8; ++i)
        img.pixels.push_back(static_cast<std::uint8_t>(i * 7 + seed));
    return img;
}

IrisImageRecord two_eye_record()
{
    IrisImageRecord record;
    for (auto label : {EyeLabel::right, EyeLabel::left}) {
        IrisRepresentation rep;
        rep.capture_time = {true, 2026, 3, 14, 9, 26, 53, 589};
        rep.device_vendor_id = 0x1234;
        rep.device_type_id = 0x0042;
        rep.quality.push_back({87, 0, 1});
        rep.eye_label = label;
        rep.image_type = IrisImageType::uncropped;
        rep.roll_angle = 1024;
        rep.roll_angle_uncertainty = 256;
        rep.iris_centre_smallest_x = 7;
        rep.iris_centre_largest_x = 9;
        rep.iris_centre_smallest_y = 3;
        rep.iris_centre_largest_y = 5;
        rep.iris_diameter_smallest = 10;
        rep.iris_diameter_largest = 12;
        rep.image = small_image(label == EyeLabel::left ? 1 : 2);
        record.representations.push_back(rep);
    }
    return record;
}

void expect_fault(std::vector<std::uint8_t> bytes, IrisRecordFault fault, std::size_t offset)
{
    try {
        decode_iris_record(bytes);
        ADD_FAILURE() << "decoded a malformed record; expected " << to_string(fault);
    } catch (const IrisRecordError& e) {
        EXPECT_EQ(e.fault(), fault) << e.what();
        EXPECT_EQ(e.offset(), offset) << e.what();
    }
}

std::vector<std::uint8_t> mutated(std::function<void(std::vector<std::uint8_t>&)> change)
{
    auto bytes = encode_iris_record(two_eye_record());
    change(bytes);
    return bytes;
}

TEST(IrisRecord, GeneralHeaderLayout)
{
    const auto bytes = encode_iris_record(two_eye_record());
    const std::size_t rep_length = 52 + 5 + 16 * 8;
    ASSERT_EQ(bytes.size(), 16 + 2 * rep_length);
    EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 8),
              (std::vector<std::uint8_t>{'I', 'I', 'R', 0, '0', '2', '0', 0}));
    EXPECT_EQ(bytes[8] << 24 | bytes[9] << 16 | bytes[10] << 8 | bytes[11],
              static_cast<int>(bytes.size()));
    EXPECT_EQ(bytes[12] << 8 | bytes[13], 2); // representations
    EXPECT_EQ(bytes[14], 0);                  // certification flag
    EXPECT_EQ(bytes[15], 2);                  // eyes
    EXPECT_EQ(bytes[rep0 + 3], rep_length);   // representation length (low byte)
    EXPECT_EQ(bytes[rep0 + 4] << 8 | bytes[rep0 + 5], 2026);
    EXPECT_EQ(bytes[quality_count_at], 1);
    EXPECT_EQ(bytes[first_score_at], 87);
    EXPECT_EQ(bytes[eye_label_at], 1);
    EXPECT_EQ(bytes[image_format_at], 2);
    EXPECT_EQ(bytes[properties_at], 0x45); // base/base, lossless
    EXPECT_EQ(bytes[bit_depth_at], 8);
    EXPECT_EQ(bytes[image_length_at + 3], 128);
}

TEST(IrisRecord, RoundTripsEveryField)
{
    const auto original = two_eye_record();
    const auto decoded = decode_iris_record(encode_iris_record(original));
    ASSERT_EQ(decoded.representations.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto& a = original.representations[i];
        const auto& b = decoded.representations[i];
        EXPECT_EQ(b.capture_time, a.capture_time);
        EXPECT_EQ(b.device_vendor_id, a.device_vendor_id);
        EXPECT_EQ(b.device_type_id, a.device_type_id);
        EXPECT_EQ(b.quality, a.quality);
        EXPECT_EQ(b.representation_number, i + 1);
        EXPECT_EQ(b.eye_label, a.eye_label);
        EXPECT_EQ(b.image_type, a.image_type);
        EXPECT_EQ(b.roll_angle, a.roll_angle);
        EXPECT_EQ(b.roll_angle_uncertainty, a.roll_angle_uncertainty);
        EXPECT_EQ(b.iris_centre_smallest_x, a.iris_centre_smallest_x);
        EXPECT_EQ(b.iris_diameter_largest, a.iris_diameter_largest);
        EXPECT_EQ(b.image.width, a.image.width);
        EXPECT_EQ(b.image.height, a.image.height);
        EXPECT_EQ(b.image.pixels, a.image.pixels);
    }
}

TEST(IrisRecord, UnknownCaptureTimeIsAllFF)
{
    auto record = two_eye_record();
    record.representations[0].capture_time = CaptureDateTime{.known = false};
    const auto bytes = encode_iris_record(record);
    for (std::size_t i = rep0 + 4; i < rep0 + 13; ++i)
        EXPECT_EQ(bytes[i], 0xFF);
    EXPECT_FALSE(decode_iris_record(bytes).representations[0].capture_time.known);
}

TEST(IrisRecord, SyntheticCaptureRoundTripsThroughTheBuilder)
{
    const auto pair = sim::render_eye_pair(99, {});
    IrisImageRecord record;
    for (const auto* eye : {&pair.right, &pair.left}) {
        const auto assessment = assess_eye(eye->image);
        ASSERT_TRUE(std::holds_alternative<IrisQualityReport>(assessment));
        const auto& report = std::get<IrisQualityReport>(assessment);
        record.representations.push_back(make_iris_representation(
            eye->image, eye == &pair.right ? EyeLabel::right : EyeLabel::left,
            {true, 2026, 1, 2, 3, 4, 5, 6}, report));
        const auto& rep = record.representations.back();
        EXPECT_EQ(rep.quality.at(0).score, report.score.overall);
        EXPECT_LE(rep.iris_centre_smallest_x, eye->truth.iris.x + 1.0 + 4.0);
        EXPECT_GE(rep.iris_centre_largest_x, eye->truth.iris.x + 1.0 - 4.0);
        EXPECT_NEAR(0.5 * (rep.iris_diameter_smallest + rep.iris_diameter_largest),
                    2.0 * eye->truth.iris.radius, 6.0);
    }
    const auto bytes = encode_iris_record(record);
    EXPECT_EQ(bytes.size(), 16 + 2 * (52 + 5 + 640 * 480));
    const auto decoded = decode_iris_record(bytes);
    EXPECT_EQ(decoded.representations[0].image.pixels, pair.right.image.pixels);
    EXPECT_EQ(decoded.representations[1].eye_label, EyeLabel::left);
    EXPECT_EQ(decoded.representations[0].image_type, IrisImageType::vga);
}

TEST(IrisRecord, StrictDecoderRejectsMalformedRecords)
{
    expect_fault(mutated([](auto& b) { b[2] = 'X'; }), IrisRecordFault::bad_format_identifier, 0);
    expect_fault(mutated([](auto& b) { b[5] = '1'; }), IrisRecordFault::bad_version, 4);
    expect_fault(mutated([](auto& b) { b.push_back(0); }), IrisRecordFault::record_length_mismatch,
                 8);
    expect_fault(mutated([](auto& b) { b[13] = 0; }), IrisRecordFault::bad_representation_count,
                 12);
    expect_fault(mutated([](auto& b) { b[14] = 1; }), IrisRecordFault::bad_certification_flag, 14);
    expect_fault(mutated([](auto& b) { b[15] = 3; }), IrisRecordFault::bad_eye_count, 15);
    expect_fault(mutated([](auto& b) { b[15] = 1; }), IrisRecordFault::bad_eye_count, 15);
    expect_fault(mutated([](auto& b) { b[rep0 + 6] = 13; }), IrisRecordFault::bad_capture_time,
                 rep0 + 4);
    expect_fault(mutated([](auto& b) { b[rep0 + 13] = 2; }), IrisRecordFault::bad_device_technology,
                 rep0 + 13);
    expect_fault(mutated([](auto& b) { b[first_score_at] = 101; }),
                 IrisRecordFault::bad_quality_score, first_score_at);
    expect_fault(mutated([](auto& b) { b[number_at + 1] = 2; }),
                 IrisRecordFault::bad_representation_number, number_at);
    expect_fault(mutated([](auto& b) { b[eye_label_at] = 3; }), IrisRecordFault::bad_eye_label,
                 eye_label_at);
    expect_fault(mutated([](auto& b) { b[image_type_at] = 4; }), IrisRecordFault::bad_image_type,
                 image_type_at);
    expect_fault(mutated([](auto& b) { b[image_format_at] = 14; }),
                 IrisRecordFault::unsupported_image_format, image_format_at);
    expect_fault(mutated([](auto& b) { b[properties_at] |= 0x10; }),
                 IrisRecordFault::bad_image_properties, properties_at);
    expect_fault(mutated([](auto& b) { b[bit_depth_at] = 16; }),
                 IrisRecordFault::unsupported_bit_depth, bit_depth_at);
    expect_fault(mutated([](auto& b) { b[image_length_at + 3] = 127; }),
                 IrisRecordFault::image_length_mismatch, image_length_at);
    expect_fault(mutated([](auto& b) { b[rep0 + 3] += 1; }),
                 IrisRecordFault::representation_length_mismatch, rep0);
}

TEST(IrisRecord, TruncationAndTrailingBytesAreRejectedWithOffsets)
{
    auto bytes = encode_iris_record(two_eye_record());
    // Truncated but with a consistent header length: fails when the reader
    // runs out, not at the header.
    std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + 40);
    cut[8] = 0;
    cut[9] = 0;
    cut[10] = 0;
    cut[11] = 40;
    try {
        decode_iris_record(cut);
        ADD_FAILURE() << "decoded a truncated record";
    } catch (const IrisRecordError& e) {
        EXPECT_TRUE(e.fault() == IrisRecordFault::truncated ||
                    e.fault() == IrisRecordFault::representation_length_mismatch)
            << e.what();
    }
    expect_fault(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 6),
                 IrisRecordFault::truncated, 4);
    // An extra byte with the record length bumped to match it.
    bytes.push_back(0xAB);
    bytes[11] = static_cast<std::uint8_t>(bytes[11] + 1);
    expect_fault(bytes, IrisRecordFault::trailing_bytes, bytes.size() - 1);
}

TEST(IrisRecord, EncoderRefusesWhatTheFormatCannotHold)
{
    IrisImageRecord empty;
    EXPECT_THROW(encode_iris_record(empty), IrisRecordError);
    auto record = two_eye_record();
    record.representations[0].image.pixels.pop_back();
    EXPECT_THROW(encode_iris_record(record), IrisRecordError);
    record = two_eye_record();
    record.representations[0].quality[0].score = 150;
    EXPECT_THROW(encode_iris_record(record), IrisRecordError);
}

} // namespace
} // namespace ktpel::biometrics::iris
