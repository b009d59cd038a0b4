// SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "biometrics/fingerprint/iso19794_2_codec.hpp"

namespace ktpel::tests::fingerprint {
namespace {

using namespace biometrics::fingerprint;

FingerMinutiaeRecord sample_record()
{
    FingerMinutiaeRecord record;
    record.capture_equipment_certification = 1;
    record.capture_device_type = 0x123;
    record.image_width = 400;
    record.image_height = 500;
    record.x_resolution_ppcm = pixels_per_centimetre(500);
    record.y_resolution_ppcm = pixels_per_centimetre(500);
    IsoFingerView index{FingerPosition::right_index, 0, IsoImpressionType::live_scan_plain, 87, {}};
    index.minutiae = {{IsoMinutiaType::ridge_ending, 10, 20, 0, 90},
                      {IsoMinutiaType::ridge_bifurcation, 399, 499, 255, 100},
                      {IsoMinutiaType::other, 200, 250, 128, 0}};
    IsoFingerView thumb{FingerPosition::left_thumb, 1, IsoImpressionType::swipe, 40, {}};
    record.views = {index, thumb};
    return record;
}

// Expects decode to fail with `defect` at byte `offset`.
void expect_rejected(const std::vector<std::uint8_t>& bytes, IsoRecordDefect defect,
                     std::size_t offset, const IsoDecodeLimits& limits = {})
{
    try {
        decode_iso19794_2(bytes, limits);
        ADD_FAILURE() << "accepted a record with " << describe(defect);
    } catch (const IsoRecordDecodeError& error) {
        EXPECT_EQ(error.defect(), defect) << error.what();
        EXPECT_EQ(error.offset(), offset) << error.what();
    }
}

// Byte offsets in the sample record.
constexpr std::size_t first_view = 24;
constexpr std::size_t first_minutia = first_view + 4;
constexpr std::size_t second_view = first_minutia + 3 * 6 + 2;

TEST(Iso19794Codec, LayoutMatchesTheStandard)
{
    const auto bytes = encode_iso19794_2(sample_record());
    ASSERT_EQ(bytes.size(), 24u + (4 + 18 + 2) + (4 + 2));
    EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 8),
              (std::vector<std::uint8_t>{'F', 'M', 'R', 0, ' ', '2', '0', 0}));
    EXPECT_EQ(bytes[8], 0);
    EXPECT_EQ(bytes[11], bytes.size()); // big-endian length
    EXPECT_EQ(bytes[12], 0x11);         // certification 1, device type 0x123
    EXPECT_EQ(bytes[13], 0x23);
    EXPECT_EQ(bytes[14] * 256 + bytes[15], 400);
    EXPECT_EQ(bytes[18] * 256 + bytes[19], 197); // 500 ppi in pixels per cm
    EXPECT_EQ(bytes[22], 2);                     // views
    EXPECT_EQ(bytes[23], 0);                     // reserved
    EXPECT_EQ(bytes[first_view], 2);             // right index
    EXPECT_EQ(bytes[first_view + 1], 0x00);
    EXPECT_EQ(bytes[first_view + 2], 87);
    EXPECT_EQ(bytes[first_view + 3], 3);
    // Ending: type 01 in the top bits of x.
    EXPECT_EQ(bytes[first_minutia], 0x40);
    EXPECT_EQ(bytes[first_minutia + 1], 10);
    // Bifurcation at 399: 10 << 14 | 399.
    EXPECT_EQ(bytes[first_minutia + 6], 0x80 | (399 >> 8));
    EXPECT_EQ(bytes[second_view], 6);
    EXPECT_EQ(bytes[second_view + 1], 0x18); // view 1, swipe (8)
}

TEST(Iso19794Codec, RoundTrips)
{
    const FingerMinutiaeRecord record = sample_record();
    EXPECT_EQ(decode_iso19794_2(encode_iso19794_2(record)), record);
}

TEST(Iso19794Codec, MinutiaAngleConversion)
{
    Minutia minutia{12, 34, std::numbers::pi / 2.0, MinutiaType::ridge_bifurcation, 77};
    const IsoMinutia iso = to_iso_minutia(minutia);
    EXPECT_EQ(iso.angle, 64); // 90 degrees / 1.40625
    EXPECT_EQ(iso.type, IsoMinutiaType::ridge_bifurcation);
    const Minutia back = from_iso_minutia(iso);
    EXPECT_EQ(back.x, 12);
    EXPECT_EQ(back.y, 34);
    EXPECT_NEAR(back.angle_radians, std::numbers::pi / 2.0, 1e-9);
    EXPECT_EQ(back.quality, 77);
    minutia.angle_radians = 2.0 * std::numbers::pi - 0.001; // wraps to 0
    EXPECT_EQ(to_iso_minutia(minutia).angle, 0);
    minutia.angle_radians = -std::numbers::pi / 2.0;
    EXPECT_EQ(to_iso_minutia(minutia).angle, 192);
}

TEST(Iso19794Codec, RejectsTruncation)
{
    const auto bytes = encode_iso19794_2(sample_record());
    expect_rejected({bytes.begin(), bytes.begin() + 3}, IsoRecordDefect::truncated, 0);
    // Cut inside the header with the length field patched to match, so the
    // truncation itself is what is reported.
    for (const std::size_t cut :
         {std::size_t{20}, first_view + 2, first_minutia + 7, second_view + 5}) {
        std::vector<std::uint8_t> cut_bytes(bytes.begin(),
                                            bytes.begin() + static_cast<std::ptrdiff_t>(cut));
        if (cut_bytes.size() >= 12) {
            cut_bytes[11] = static_cast<std::uint8_t>(cut);
        }
        try {
            decode_iso19794_2(cut_bytes);
            ADD_FAILURE() << "accepted a record cut at " << cut;
        } catch (const IsoRecordDecodeError& error) {
            EXPECT_EQ(error.defect(), IsoRecordDefect::truncated) << error.what();
            EXPECT_LE(error.offset(), cut);
        }
    }
}

TEST(Iso19794Codec, RejectsBadMagicAndVersion)
{
    auto bytes = encode_iso19794_2(sample_record());
    bytes[1] = 'X';
    expect_rejected(bytes, IsoRecordDefect::bad_format_identifier, 0);
    bytes = encode_iso19794_2(sample_record());
    bytes[5] = '3'; // " 30" is the 2011 edition
    expect_rejected(bytes, IsoRecordDefect::bad_version, 4);
}

TEST(Iso19794Codec, RejectsLengthMismatch)
{
    auto bytes = encode_iso19794_2(sample_record());
    bytes[11] += 1;
    expect_rejected(bytes, IsoRecordDefect::length_mismatch, 8);
    bytes = encode_iso19794_2(sample_record());
    bytes.push_back(0); // trailing byte, length field updated to match
    bytes[11] += 1;
    expect_rejected(bytes, IsoRecordDefect::length_mismatch, bytes.size() - 1);
}

TEST(Iso19794Codec, RejectsBadHeaderFields)
{
    auto bytes = encode_iso19794_2(sample_record());
    bytes[14] = 0;
    bytes[15] = 0;
    expect_rejected(bytes, IsoRecordDefect::bad_header_field, 14);
    bytes = encode_iso19794_2(sample_record());
    bytes[18] = 0;
    bytes[19] = 0;
    expect_rejected(bytes, IsoRecordDefect::bad_header_field, 18);
    bytes = encode_iso19794_2(sample_record());
    bytes[23] = 1;
    expect_rejected(bytes, IsoRecordDefect::bad_header_field, 23);
    bytes = encode_iso19794_2(sample_record());
    bytes[22] = 0;
    expect_rejected(bytes, IsoRecordDefect::no_finger_views, 22);
}

TEST(Iso19794Codec, RejectsBadViewFields)
{
    auto bytes = encode_iso19794_2(sample_record());
    bytes[first_view] = 11;
    expect_rejected(bytes, IsoRecordDefect::bad_finger_position, first_view);
    bytes = encode_iso19794_2(sample_record());
    bytes[first_view + 1] = 0x05;
    expect_rejected(bytes, IsoRecordDefect::bad_impression_type, first_view + 1);
    bytes = encode_iso19794_2(sample_record());
    bytes[first_view + 2] = 101;
    expect_rejected(bytes, IsoRecordDefect::bad_quality, first_view + 2);
    bytes = encode_iso19794_2(sample_record());
    bytes[second_view] = 2;        // same position as the first view ...
    bytes[second_view + 1] = 0x08; // ... and the same view number 0
    expect_rejected(bytes, IsoRecordDefect::duplicate_view, second_view);
}

TEST(Iso19794Codec, RejectsBadMinutiae)
{
    auto bytes = encode_iso19794_2(sample_record());
    bytes[first_minutia] |= 0xc0;
    expect_rejected(bytes, IsoRecordDefect::bad_minutia_type, first_minutia);
    bytes = encode_iso19794_2(sample_record());
    bytes[first_minutia + 2] |= 0x40;
    expect_rejected(bytes, IsoRecordDefect::reserved_bits_set, first_minutia + 2);
    bytes = encode_iso19794_2(sample_record());
    bytes[first_minutia + 1] = 0x90; // x = 400 in a 400-wide image
    bytes[first_minutia] = 0x41;
    expect_rejected(bytes, IsoRecordDefect::coordinate_outside_image, first_minutia);
    bytes = encode_iso19794_2(sample_record());
    bytes[first_minutia + 2] = 0x01; // y = 500 in a 500-high image
    bytes[first_minutia + 3] = 0xf4;
    expect_rejected(bytes, IsoRecordDefect::coordinate_outside_image, first_minutia);
    bytes = encode_iso19794_2(sample_record());
    bytes[first_minutia + 5] = 101;
    expect_rejected(bytes, IsoRecordDefect::bad_quality, first_minutia + 5);
}

TEST(Iso19794Codec, RejectsTooManyMinutiae)
{
    const auto bytes = encode_iso19794_2(sample_record());
    expect_rejected(bytes, IsoRecordDefect::too_many_minutiae, first_view + 3, IsoDecodeLimits{2});
    // A count larger than the bytes present is a truncation.
    auto inflated = bytes;
    inflated[first_view + 3] = 200;
    expect_rejected(inflated, IsoRecordDefect::truncated, first_minutia);
}

TEST(Iso19794Codec, ExtendedData)
{
    auto bytes = encode_iso19794_2(sample_record());
    // Announce 256 bytes of extended data that are not there.
    const std::size_t extended = first_minutia + 18;
    bytes[extended] = 1;
    expect_rejected(bytes, IsoRecordDefect::extended_data_overrun, extended);
    bytes[extended] = 0;
    bytes[extended + 1] = 4;
    // Well-formed extended data is skipped.
    bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(extended + 2),
                 {0x01, 0x00, 0x04, 0x00});
    bytes[11] += 4;
    const FingerMinutiaeRecord decoded = decode_iso19794_2(bytes);
    EXPECT_EQ(decoded.views.size(), 2u);
    EXPECT_EQ(decoded.views[1].position, FingerPosition::left_thumb);
}

TEST(Iso19794Codec, EncoderRefusesUnrepresentableRecords)
{
    FingerMinutiaeRecord record = sample_record();
    record.views[0].minutiae.resize(256);
    EXPECT_THROW(encode_iso19794_2(record), IsoRecordEncodeError);
    record = sample_record();
    record.views[0].minutiae[0].x = 400;
    EXPECT_THROW(encode_iso19794_2(record), IsoRecordEncodeError);
    record = sample_record();
    record.views.clear();
    EXPECT_THROW(encode_iso19794_2(record), IsoRecordEncodeError);
    record = sample_record();
    record.views[1].position = FingerPosition::right_index;
    record.views[1].view_number = 0;
    EXPECT_THROW(encode_iso19794_2(record), IsoRecordEncodeError);
    record = sample_record();
    record.views[0].finger_quality = 101;
    EXPECT_THROW(encode_iso19794_2(record), IsoRecordEncodeError);
    EXPECT_THROW(to_iso_minutia(Minutia{-1, 0, 0.0, MinutiaType::ridge_ending, 50}),
                 IsoRecordEncodeError);
}

} // namespace
} // namespace ktpel::tests::fingerprint
