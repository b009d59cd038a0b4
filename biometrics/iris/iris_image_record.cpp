// SPDX-License-Identifier: Apache-2.0
#include "iris_image_record.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <set>
#include <string>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"
#include "iris_record_error.hpp"

namespace ktpel::biometrics::iris {

namespace {

constexpr std::array<std::uint8_t, 4> format_identifier = {'I', 'I', 'R', 0};
constexpr std::array<std::uint8_t, 4> version_number = {'0', '2', '0', 0};
constexpr std::size_t general_header_bytes = 16;
constexpr std::uint8_t image_format_mono_raw = 2;
constexpr std::size_t quality_block_bytes = 5;
// Representation bytes other than quality blocks and image data.
constexpr std::size_t representation_fixed_bytes =
    4 + 9 + 1 + 2 + 2 + 1 + 2 + 1 + 1 + 1 + 1 + 2 + 2 + 1 + 2 + 2 + 2 + 12 + 4;

[[noreturn]] void fail(IrisRecordFault fault, std::size_t offset, const std::string& detail)
{
    throw IrisRecordError(fault, offset, detail);
}

// A record that ends early is an IrisRecordError(truncated) at the offset
// the shortfall begins, like every other defect of the record.
struct RecordUnderrun
{
    [[noreturn]] static void raise(std::size_t offset, std::size_t wanted, std::size_t left)
    {
        fail(IrisRecordFault::truncated, offset,
             "need " + std::to_string(wanted) + " bytes, " + std::to_string(left) + " left");
    }
};

using RecordReader = BigEndianReader<RecordUnderrun>;

std::uint8_t eye_count(const IrisImageRecord& record)
{
    std::set<EyeLabel> eyes;
    for (const auto& rep : record.representations)
        if (rep.eye_label != EyeLabel::undefined)
            eyes.insert(rep.eye_label);
    return static_cast<std::uint8_t>(eyes.size());
}

void write_time(BigEndianWriter& out, const CaptureDateTime& t)
{
    if (!t.known) {
        for (int i = 0; i < 9; ++i)
            out.u8(0xFF);
        return;
    }
    out.u16(t.year);
    out.u8(t.month);
    out.u8(t.day);
    out.u8(t.hour);
    out.u8(t.minute);
    out.u8(t.second);
    out.u16(t.millisecond);
}

CaptureDateTime read_time(RecordReader& in)
{
    const std::size_t at = in.offset();
    const auto bytes = in.bytes(9);
    if (std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0xFF; }))
        return CaptureDateTime{.known = false};
    CaptureDateTime t;
    RecordReader field(bytes);
    t.year = field.u16();
    t.month = field.u8();
    t.day = field.u8();
    t.hour = field.u8();
    t.minute = field.u8();
    t.second = field.u8();
    t.millisecond = field.u16();
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 ||
        t.second > 59 || t.millisecond > 999)
        fail(IrisRecordFault::bad_capture_time, at, "capture date/time field out of range");
    return t;
}

bool valid_image_type(std::uint8_t v)
{
    return v == 1 || v == 2 || v == 3 || v == 7;
}

} // namespace

std::string_view to_string(IrisRecordFault fault)
{
    switch (fault) {
    case IrisRecordFault::truncated:
        return "truncated";
    case IrisRecordFault::bad_format_identifier:
        return "bad_format_identifier";
    case IrisRecordFault::bad_version:
        return "bad_version";
    case IrisRecordFault::record_length_mismatch:
        return "record_length_mismatch";
    case IrisRecordFault::bad_representation_count:
        return "bad_representation_count";
    case IrisRecordFault::bad_certification_flag:
        return "bad_certification_flag";
    case IrisRecordFault::bad_eye_count:
        return "bad_eye_count";
    case IrisRecordFault::representation_length_mismatch:
        return "representation_length_mismatch";
    case IrisRecordFault::bad_capture_time:
        return "bad_capture_time";
    case IrisRecordFault::bad_device_technology:
        return "bad_device_technology";
    case IrisRecordFault::bad_quality_score:
        return "bad_quality_score";
    case IrisRecordFault::bad_representation_number:
        return "bad_representation_number";
    case IrisRecordFault::bad_eye_label:
        return "bad_eye_label";
    case IrisRecordFault::bad_image_type:
        return "bad_image_type";
    case IrisRecordFault::unsupported_image_format:
        return "unsupported_image_format";
    case IrisRecordFault::bad_image_properties:
        return "bad_image_properties";
    case IrisRecordFault::bad_dimensions:
        return "bad_dimensions";
    case IrisRecordFault::unsupported_bit_depth:
        return "unsupported_bit_depth";
    case IrisRecordFault::image_length_mismatch:
        return "image_length_mismatch";
    case IrisRecordFault::trailing_bytes:
        return "trailing_bytes";
    case IrisRecordFault::not_encodable:
        return "not_encodable";
    }
    return "unknown";
}

IrisRecordError::IrisRecordError(IrisRecordFault fault, std::size_t offset,
                                 const std::string& detail)
    : std::runtime_error("iris record: " + std::string(to_string(fault)) + " at offset " +
                         std::to_string(offset) + ": " + detail),
      fault_(fault), offset_(offset)
{
}

std::vector<std::uint8_t> encode_iris_record(const IrisImageRecord& record)
{
    if (record.representations.empty() ||
        record.representations.size() > std::numeric_limits<std::uint16_t>::max())
        fail(IrisRecordFault::not_encodable, 0, "a record holds 1..65535 representations");
    BigEndianWriter out;
    out.bytes(format_identifier);
    out.bytes(version_number);
    out.u32(0); // record length, patched below
    out.u16(static_cast<std::uint16_t>(record.representations.size()));
    out.u8(0); // certification flag: no certification scheme applies
    out.u8(eye_count(record));

    std::uint16_t number = 0;
    for (const auto& rep : record.representations) {
        ++number;
        const auto& img = rep.image;
        const std::size_t pixels = static_cast<std::size_t>(img.width) * img.height;
        if (img.width == 0 || img.height == 0 || img.width > 0xFFFF || img.height > 0xFFFF ||
            img.pixels.size() != pixels)
            fail(IrisRecordFault::not_encodable, 0, "image dimensions do not fit or do not match");
        if (rep.quality.size() > 255)
            fail(IrisRecordFault::not_encodable, 0, "more than 255 quality blocks");
        for (const auto& q : rep.quality)
            if (q.score > 100 && q.score != 255)
                fail(IrisRecordFault::not_encodable, 0, "quality score must be 0..100 or 255");
        if (rep.horizontal_orientation > 2 || rep.vertical_orientation > 2 ||
            rep.compression_history > 2 || rep.device_technology > 1)
            fail(IrisRecordFault::not_encodable, 0, "coded field out of range");
        const std::size_t length =
            representation_fixed_bytes + quality_block_bytes * rep.quality.size() + pixels;
        if (length > std::numeric_limits<std::uint32_t>::max())
            fail(IrisRecordFault::not_encodable, 0, "representation too large");

        out.u32(static_cast<std::uint32_t>(length));
        write_time(out, rep.capture_time);
        out.u8(rep.device_technology);
        out.u16(rep.device_vendor_id);
        out.u16(rep.device_type_id);
        out.u8(static_cast<std::uint8_t>(rep.quality.size()));
        for (const auto& q : rep.quality) {
            out.u8(q.score);
            out.u16(q.algorithm_vendor_id);
            out.u16(q.algorithm_id);
        }
        out.u16(number);
        out.u8(static_cast<std::uint8_t>(rep.eye_label));
        out.u8(static_cast<std::uint8_t>(rep.image_type));
        out.u8(image_format_mono_raw);
        out.u8(static_cast<std::uint8_t>(rep.horizontal_orientation |
                                         (rep.vertical_orientation << 2) |
                                         (rep.compression_history << 6)));
        out.u16(static_cast<std::uint16_t>(img.width));
        out.u16(static_cast<std::uint16_t>(img.height));
        out.u8(8);
        out.u16(rep.range_cm);
        out.u16(rep.roll_angle);
        out.u16(rep.roll_angle_uncertainty);
        out.u16(rep.iris_centre_smallest_x);
        out.u16(rep.iris_centre_largest_x);
        out.u16(rep.iris_centre_smallest_y);
        out.u16(rep.iris_centre_largest_y);
        out.u16(rep.iris_diameter_smallest);
        out.u16(rep.iris_diameter_largest);
        out.u32(static_cast<std::uint32_t>(pixels));
        out.bytes(img.pixels);
    }
    if (out.size() > std::numeric_limits<std::uint32_t>::max())
        fail(IrisRecordFault::not_encodable, 0, "record too large");
    out.patch_u32(8, static_cast<std::uint32_t>(out.size()));
    return out.take();
}

IrisImageRecord decode_iris_record(std::span<const std::uint8_t> bytes)
{
    RecordReader in(bytes);
    const auto magic = in.bytes(4);
    if (!std::equal(magic.begin(), magic.end(), format_identifier.begin()))
        fail(IrisRecordFault::bad_format_identifier, 0, "expected \"IIR\\0\"");
    const auto version = in.bytes(4);
    if (!std::equal(version.begin(), version.end(), version_number.begin()))
        fail(IrisRecordFault::bad_version, 4, "expected \"020\\0\"");
    const std::uint32_t record_length = in.u32();
    if (record_length != bytes.size())
        fail(IrisRecordFault::record_length_mismatch, 8,
             "header says " + std::to_string(record_length) + ", have " +
                 std::to_string(bytes.size()));
    const std::uint16_t count = in.u16();
    if (count == 0)
        fail(IrisRecordFault::bad_representation_count, 12, "no representations");
    if (in.u8() != 0)
        fail(IrisRecordFault::bad_certification_flag, 14, "certification flag must be 0");
    const std::size_t eyes_offset = in.offset();
    const std::uint8_t eyes = in.u8();
    if (eyes > 2)
        fail(IrisRecordFault::bad_eye_count, eyes_offset, "more than two eyes");

    IrisImageRecord record;
    for (std::uint16_t index = 1; index <= count; ++index) {
        const std::size_t start = in.offset();
        IrisRepresentation rep;
        const std::uint32_t length = in.u32();
        if (length < representation_fixed_bytes || length - 4 > in.remaining())
            fail(IrisRecordFault::representation_length_mismatch, start,
                 "representation length " + std::to_string(length) + " impossible here");
        rep.capture_time = read_time(in);
        const std::size_t technology_at = in.offset();
        rep.device_technology = in.u8();
        if (rep.device_technology > 1)
            fail(IrisRecordFault::bad_device_technology, technology_at, "must be 0 or 1");
        rep.device_vendor_id = in.u16();
        rep.device_type_id = in.u16();
        const std::uint8_t blocks = in.u8();
        for (std::uint8_t b = 0; b < blocks; ++b) {
            const std::size_t at = in.offset();
            IrisQualityBlock q;
            q.score = in.u8();
            if (q.score > 100 && q.score != 255)
                fail(IrisRecordFault::bad_quality_score, at, "score must be 0..100 or 255");
            q.algorithm_vendor_id = in.u16();
            q.algorithm_id = in.u16();
            rep.quality.push_back(q);
        }
        const std::size_t number_at = in.offset();
        rep.representation_number = in.u16();
        if (rep.representation_number != index)
            fail(IrisRecordFault::bad_representation_number, number_at,
                 "expected " + std::to_string(index));
        const std::size_t label_at = in.offset();
        const std::uint8_t label = in.u8();
        if (label > 2)
            fail(IrisRecordFault::bad_eye_label, label_at, "must be 0, 1 or 2");
        rep.eye_label = static_cast<EyeLabel>(label);
        const std::size_t type_at = in.offset();
        const std::uint8_t type = in.u8();
        if (!valid_image_type(type))
            fail(IrisRecordFault::bad_image_type, type_at, "must be 1, 2, 3 or 7");
        rep.image_type = static_cast<IrisImageType>(type);
        const std::size_t format_at = in.offset();
        if (in.u8() != image_format_mono_raw)
            fail(IrisRecordFault::unsupported_image_format, format_at,
                 "only 2 (mono raw) is supported");
        const std::size_t properties_at = in.offset();
        const std::uint8_t properties = in.u8();
        rep.horizontal_orientation = properties & 0x03;
        rep.vertical_orientation = (properties >> 2) & 0x03;
        rep.compression_history = (properties >> 6) & 0x03;
        if ((properties & 0x30) != 0 || rep.horizontal_orientation == 3 ||
            rep.vertical_orientation == 3 || rep.compression_history == 3)
            fail(IrisRecordFault::bad_image_properties, properties_at,
                 "reserved bits set or value 3 used");
        const std::size_t dimensions_at = in.offset();
        rep.image.width = in.u16();
        rep.image.height = in.u16();
        if (rep.image.width == 0 || rep.image.height == 0)
            fail(IrisRecordFault::bad_dimensions, dimensions_at, "zero width or height");
        const std::size_t depth_at = in.offset();
        if (in.u8() != 8)
            fail(IrisRecordFault::unsupported_bit_depth, depth_at, "only 8-bit grey");
        rep.range_cm = in.u16();
        rep.roll_angle = in.u16();
        rep.roll_angle_uncertainty = in.u16();
        rep.iris_centre_smallest_x = in.u16();
        rep.iris_centre_largest_x = in.u16();
        rep.iris_centre_smallest_y = in.u16();
        rep.iris_centre_largest_y = in.u16();
        rep.iris_diameter_smallest = in.u16();
        rep.iris_diameter_largest = in.u16();
        const std::size_t image_length_at = in.offset();
        const std::uint32_t image_length = in.u32();
        const std::size_t pixels = static_cast<std::size_t>(rep.image.width) * rep.image.height;
        if (image_length != pixels)
            fail(IrisRecordFault::image_length_mismatch, image_length_at,
                 "raw 8-bit image needs " + std::to_string(pixels) + " bytes");
        if (in.offset() - start + image_length != length)
            fail(IrisRecordFault::representation_length_mismatch, start,
                 "fields and image do not add up to the representation length");
        const auto data = in.bytes(image_length);
        rep.image.pixels.assign(data.begin(), data.end());
        record.representations.push_back(std::move(rep));
    }
    if (in.remaining() != 0)
        fail(IrisRecordFault::trailing_bytes, in.offset(), "bytes after the last representation");
    if (eyes != eye_count(record))
        fail(IrisRecordFault::bad_eye_count, eyes_offset, "does not match the eye labels");
    return record;
}

} // namespace ktpel::biometrics::iris
