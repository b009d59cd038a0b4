// SPDX-License-Identifier: Apache-2.0
#include "iso19794_2_codec.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <set>
#include <string>
#include <utility>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace ktpel::biometrics::fingerprint {

namespace {

constexpr std::array<std::uint8_t, 4> format_identifier{'F', 'M', 'R', 0};
constexpr std::array<std::uint8_t, 4> version_2005{' ', '2', '0', 0};
constexpr std::size_t header_size = 24;
constexpr std::size_t view_header_size = 4;
constexpr std::size_t minutia_size = 6;
constexpr std::size_t extended_length_size = 2;
constexpr std::uint16_t coordinate_limit = 1u << 14;

bool valid_impression(std::uint8_t value)
{
    return value <= 3 || value == 8;
}

// A record that ends early is an IsoRecordDecodeError(truncated) at the
// offset the shortfall begins.
struct RecordUnderrun
{
    [[noreturn]] static void raise(std::size_t offset, std::size_t wanted, std::size_t left)
    {
        throw IsoRecordDecodeError(IsoRecordDefect::truncated, offset,
                                   "needs " + std::to_string(wanted) + " bytes, " +
                                       std::to_string(left) + " left");
    }
};

} // namespace

const char* describe(IsoRecordDefect defect)
{
    switch (defect) {
    case IsoRecordDefect::truncated:
        return "truncated";
    case IsoRecordDefect::bad_format_identifier:
        return "bad format identifier";
    case IsoRecordDefect::bad_version:
        return "bad version";
    case IsoRecordDefect::length_mismatch:
        return "record length mismatch";
    case IsoRecordDefect::bad_header_field:
        return "bad header field";
    case IsoRecordDefect::no_finger_views:
        return "no finger views";
    case IsoRecordDefect::bad_finger_position:
        return "bad finger position";
    case IsoRecordDefect::duplicate_view:
        return "duplicate finger view";
    case IsoRecordDefect::bad_impression_type:
        return "bad impression type";
    case IsoRecordDefect::bad_quality:
        return "bad quality";
    case IsoRecordDefect::bad_minutia_type:
        return "bad minutia type";
    case IsoRecordDefect::reserved_bits_set:
        return "reserved bits set";
    case IsoRecordDefect::coordinate_outside_image:
        return "coordinate outside image";
    case IsoRecordDefect::too_many_minutiae:
        return "too many minutiae";
    case IsoRecordDefect::extended_data_overrun:
        return "extended data overrun";
    }
    return "unknown defect";
}

IsoRecordDecodeError::IsoRecordDecodeError(IsoRecordDefect defect, std::size_t offset,
                                           const std::string& detail)
    : std::runtime_error(std::string("ISO/IEC 19794-2 record rejected at byte ") +
                         std::to_string(offset) + ": " + describe(defect) + " (" + detail + ")"),
      defect_(defect), offset_(offset)
{
}

std::uint16_t pixels_per_centimetre(unsigned ppi)
{
    return static_cast<std::uint16_t>(std::lround(static_cast<double>(ppi) / 2.54));
}

IsoMinutia to_iso_minutia(const Minutia& minutia)
{
    if (minutia.x < 0 || minutia.y < 0 || minutia.x >= coordinate_limit ||
        minutia.y >= coordinate_limit) {
        throw IsoRecordEncodeError("minutia coordinate outside 0..16383");
    }
    double turns = minutia.angle_radians / (2.0 * std::numbers::pi);
    turns -= std::floor(turns);
    IsoMinutia iso;
    iso.type = minutia.type == MinutiaType::ridge_ending ? IsoMinutiaType::ridge_ending
                                                         : IsoMinutiaType::ridge_bifurcation;
    iso.x = static_cast<std::uint16_t>(minutia.x);
    iso.y = static_cast<std::uint16_t>(minutia.y);
    iso.angle = static_cast<std::uint8_t>(static_cast<long>(std::lround(turns * 256.0)) % 256);
    iso.quality = static_cast<std::uint8_t>(std::clamp(minutia.quality, 0, 100));
    return iso;
}

Minutia from_iso_minutia(const IsoMinutia& minutia)
{
    Minutia plain;
    plain.x = minutia.x;
    plain.y = minutia.y;
    plain.angle_radians = minutia.angle * 2.0 * std::numbers::pi / 256.0;
    plain.type = minutia.type == IsoMinutiaType::ridge_bifurcation ? MinutiaType::ridge_bifurcation
                                                                   : MinutiaType::ridge_ending;
    plain.quality = minutia.quality;
    return plain;
}

std::vector<std::uint8_t> encode_iso19794_2(const FingerMinutiaeRecord& record)
{
    if (record.capture_equipment_certification > 0x0f || record.capture_device_type > 0x0fff) {
        throw IsoRecordEncodeError("capture equipment fields exceed 4/12 bits");
    }
    if (record.image_width == 0 || record.image_height == 0 || record.x_resolution_ppcm == 0 ||
        record.y_resolution_ppcm == 0) {
        throw IsoRecordEncodeError("image size and resolution must be non-zero");
    }
    if (record.views.empty() || record.views.size() > 255) {
        throw IsoRecordEncodeError("a record holds 1..255 finger views");
    }
    std::size_t length = header_size + extended_length_size * record.views.size();
    std::set<std::pair<int, int>> seen;
    for (const IsoFingerView& view : record.views) {
        if (static_cast<int>(view.position) > 10 || view.view_number > 15 ||
            !valid_impression(static_cast<std::uint8_t>(view.impression)) ||
            view.finger_quality > 100) {
            throw IsoRecordEncodeError("finger view field out of range");
        }
        if (!seen.emplace(static_cast<int>(view.position), view.view_number).second) {
            throw IsoRecordEncodeError("finger position and view number repeated");
        }
        if (view.minutiae.size() > 255) {
            throw IsoRecordEncodeError("more than 255 minutiae in one view");
        }
        for (const IsoMinutia& minutia : view.minutiae) {
            if (minutia.x >= record.image_width || minutia.y >= record.image_height) {
                throw IsoRecordEncodeError("minutia outside the image");
            }
            if (minutia.quality > 100 || static_cast<int>(minutia.type) > 2) {
                throw IsoRecordEncodeError("minutia quality or type out of range");
            }
        }
        length += view_header_size + minutia_size * view.minutiae.size();
    }
    BigEndianWriter writer(length);
    writer.bytes(format_identifier);
    writer.bytes(version_2005);
    writer.u32(static_cast<std::uint32_t>(length));
    writer.u16(static_cast<std::uint16_t>((record.capture_equipment_certification << 12) |
                                          record.capture_device_type));
    writer.u16(record.image_width);
    writer.u16(record.image_height);
    writer.u16(record.x_resolution_ppcm);
    writer.u16(record.y_resolution_ppcm);
    writer.u8(static_cast<std::uint8_t>(record.views.size()));
    writer.u8(0); // reserved
    for (const IsoFingerView& view : record.views) {
        writer.u8(static_cast<std::uint8_t>(view.position));
        writer.u8(static_cast<std::uint8_t>((view.view_number << 4) |
                                            static_cast<std::uint8_t>(view.impression)));
        writer.u8(view.finger_quality);
        writer.u8(static_cast<std::uint8_t>(view.minutiae.size()));
        for (const IsoMinutia& minutia : view.minutiae) {
            writer.u16(static_cast<std::uint16_t>((static_cast<unsigned>(minutia.type) << 14) |
                                                  minutia.x));
            writer.u16(minutia.y);
            writer.u8(minutia.angle);
            writer.u8(minutia.quality);
        }
        writer.u16(0); // no extended data
    }
    return writer.take();
}

FingerMinutiaeRecord decode_iso19794_2(std::span<const std::uint8_t> bytes,
                                       const IsoDecodeLimits& limits)
{
    BigEndianReader<RecordUnderrun> reader(bytes);
    const auto identifier = reader.bytes(4);
    if (!std::equal(format_identifier.begin(), format_identifier.end(), identifier.begin())) {
        throw IsoRecordDecodeError(IsoRecordDefect::bad_format_identifier, 0,
                                   "expected \"FMR\\0\"");
    }
    const auto version = reader.bytes(4);
    if (!std::equal(version_2005.begin(), version_2005.end(), version.begin())) {
        throw IsoRecordDecodeError(IsoRecordDefect::bad_version, 4, "expected \" 20\\0\"");
    }
    const std::uint32_t length = reader.u32();
    if (length != bytes.size()) {
        throw IsoRecordDecodeError(IsoRecordDefect::length_mismatch, 8,
                                   "length field says " + std::to_string(length) + ", record has " +
                                       std::to_string(bytes.size()) + " bytes");
    }
    FingerMinutiaeRecord record;
    const std::uint16_t equipment = reader.u16();
    record.capture_equipment_certification = static_cast<std::uint8_t>(equipment >> 12);
    record.capture_device_type = equipment & 0x0fff;
    const std::size_t size_offset = reader.offset();
    record.image_width = reader.u16();
    record.image_height = reader.u16();
    record.x_resolution_ppcm = reader.u16();
    record.y_resolution_ppcm = reader.u16();
    if (record.image_width == 0 || record.image_height == 0) {
        throw IsoRecordDecodeError(IsoRecordDefect::bad_header_field, size_offset,
                                   "image size is zero");
    }
    if (record.x_resolution_ppcm == 0 || record.y_resolution_ppcm == 0) {
        throw IsoRecordDecodeError(IsoRecordDefect::bad_header_field, size_offset + 4,
                                   "resolution is zero");
    }
    const std::size_t count_offset = reader.offset();
    const std::uint8_t view_count = reader.u8();
    if (view_count == 0) {
        throw IsoRecordDecodeError(IsoRecordDefect::no_finger_views, count_offset,
                                   "view count is zero");
    }
    if (reader.u8() != 0) {
        throw IsoRecordDecodeError(IsoRecordDefect::bad_header_field, count_offset + 1,
                                   "reserved byte not zero");
    }
    std::set<std::pair<int, int>> seen;
    for (std::uint8_t v = 0; v < view_count; ++v) {
        IsoFingerView view;
        const std::size_t view_offset = reader.offset();
        const std::uint8_t position = reader.u8();
        if (position > 10) {
            throw IsoRecordDecodeError(IsoRecordDefect::bad_finger_position, view_offset,
                                       "code " + std::to_string(position));
        }
        view.position = static_cast<FingerPosition>(position);
        const std::uint8_t view_and_impression = reader.u8();
        view.view_number = view_and_impression >> 4;
        if (!valid_impression(view_and_impression & 0x0f)) {
            throw IsoRecordDecodeError(IsoRecordDefect::bad_impression_type, view_offset + 1,
                                       "code " + std::to_string(view_and_impression & 0x0f));
        }
        view.impression = static_cast<IsoImpressionType>(view_and_impression & 0x0f);
        if (!seen.emplace(position, view.view_number).second) {
            throw IsoRecordDecodeError(IsoRecordDefect::duplicate_view, view_offset,
                                       "position " + std::to_string(position) + " view " +
                                           std::to_string(view.view_number));
        }
        view.finger_quality = reader.u8();
        if (view.finger_quality > 100) {
            throw IsoRecordDecodeError(IsoRecordDefect::bad_quality, view_offset + 2,
                                       "finger quality " + std::to_string(view.finger_quality));
        }
        const std::uint8_t minutiae_count = reader.u8();
        if (minutiae_count > limits.max_minutiae_per_view) {
            throw IsoRecordDecodeError(IsoRecordDefect::too_many_minutiae, view_offset + 3,
                                       std::to_string(minutiae_count) + " minutiae, limit " +
                                           std::to_string(limits.max_minutiae_per_view));
        }
        reader.need(minutia_size * minutiae_count);
        for (std::uint8_t m = 0; m < minutiae_count; ++m) {
            const std::size_t minutia_offset = reader.offset();
            const std::uint16_t type_and_x = reader.u16();
            const std::uint16_t reserved_and_y = reader.u16();
            IsoMinutia minutia;
            const unsigned type = type_and_x >> 14;
            if (type == 3) {
                throw IsoRecordDecodeError(IsoRecordDefect::bad_minutia_type, minutia_offset,
                                           "type bits 11");
            }
            if ((reserved_and_y >> 14) != 0) {
                throw IsoRecordDecodeError(IsoRecordDefect::reserved_bits_set, minutia_offset + 2,
                                           "bits above y not zero");
            }
            minutia.type = static_cast<IsoMinutiaType>(type);
            minutia.x = type_and_x & 0x3fff;
            minutia.y = reserved_and_y & 0x3fff;
            if (minutia.x >= record.image_width || minutia.y >= record.image_height) {
                throw IsoRecordDecodeError(
                    IsoRecordDefect::coordinate_outside_image, minutia_offset,
                    "(" + std::to_string(minutia.x) + ", " + std::to_string(minutia.y) + ") in a " +
                        std::to_string(record.image_width) + "x" +
                        std::to_string(record.image_height) + " image");
            }
            minutia.angle = reader.u8();
            minutia.quality = reader.u8();
            if (minutia.quality > 100) {
                throw IsoRecordDecodeError(IsoRecordDefect::bad_quality, minutia_offset + 5,
                                           "minutia quality " + std::to_string(minutia.quality));
            }
            view.minutiae.push_back(minutia);
        }
        const std::size_t extended_offset = reader.offset();
        const std::uint16_t extended_length = reader.u16();
        if (extended_length != 0) {
            // The length counts the whole extended data area after this
            // field; its blocks are not interpreted here.
            if (bytes.size() - reader.offset() < extended_length) {
                throw IsoRecordDecodeError(IsoRecordDefect::extended_data_overrun, extended_offset,
                                           std::to_string(extended_length) + " bytes announced, " +
                                               std::to_string(bytes.size() - reader.offset()) +
                                               " left");
            }
            reader.skip(extended_length);
        }
        record.views.push_back(std::move(view));
    }
    if (reader.offset() != bytes.size()) {
        throw IsoRecordDecodeError(IsoRecordDefect::length_mismatch, reader.offset(),
                                   std::to_string(bytes.size() - reader.offset()) +
                                       " bytes after the last view");
    }
    return record;
}

} // namespace ktpel::biometrics::fingerprint
