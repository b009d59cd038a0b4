// SPDX-License-Identifier: Apache-2.0
#include "ptp_dataset.hpp"

namespace ktpel::ptp {
namespace {

// A count no real data set comes near: a bigger one is corruption, and
// must not make the reader reserve gigabytes.
constexpr std::uint32_t kMaxArrayLength = 65536;
constexpr std::size_t kMaxStringUnits = 255; // the u8 count, NUL included
constexpr char32_t kReplacement = 0xfffd;

std::vector<char32_t> code_points_of(const std::string& utf8)
{
    std::vector<char32_t> points;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        std::size_t extra = 0;
        char32_t point = 0;
        if (lead < 0x80) {
            point = lead;
        } else if ((lead & 0xe0) == 0xc0) {
            extra = 1;
            point = lead & 0x1f;
        } else if ((lead & 0xf0) == 0xe0) {
            extra = 2;
            point = lead & 0x0f;
        } else if ((lead & 0xf8) == 0xf0) {
            extra = 3;
            point = lead & 0x07;
        } else {
            points.push_back(kReplacement);
            ++i;
            continue;
        }
        if (i + extra >= utf8.size()) { // truncated sequence at the end
            points.push_back(kReplacement);
            break;
        }
        bool valid = true;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(utf8[i + k]);
            if ((next & 0xc0) != 0x80) {
                valid = false;
                break;
            }
            point = (point << 6) | (next & 0x3f);
        }
        points.push_back(valid ? point : kReplacement);
        i += valid ? extra + 1 : 1;
    }
    return points;
}

void append_utf8(std::string& out, char32_t point)
{
    if (point < 0x80) {
        out += static_cast<char>(point);
    } else if (point < 0x800) {
        out += static_cast<char>(0xc0 | (point >> 6));
        out += static_cast<char>(0x80 | (point & 0x3f));
    } else if (point < 0x10000) {
        out += static_cast<char>(0xe0 | (point >> 12));
        out += static_cast<char>(0x80 | ((point >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (point & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (point >> 18));
        out += static_cast<char>(0x80 | ((point >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((point >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (point & 0x3f));
    }
}

} // namespace

DataWriter& DataWriter::string(const std::string& utf8)
{
    std::vector<std::uint16_t> units;
    for (const char32_t point : code_points_of(utf8)) {
        const std::size_t needed = point >= 0x10000 ? 2 : 1;
        if (units.size() + needed > kMaxStringUnits - 1)
            break;
        if (point >= 0x10000) {
            const char32_t offset = point - 0x10000;
            units.push_back(static_cast<std::uint16_t>(0xd800 + (offset >> 10)));
            units.push_back(static_cast<std::uint16_t>(0xdc00 + (offset & 0x3ff)));
        } else {
            units.push_back(static_cast<std::uint16_t>(point));
        }
    }
    if (units.empty())
        return u8(0);
    u8(static_cast<std::uint8_t>(units.size() + 1));
    for (const auto unit : units)
        u16(unit);
    return u16(0);
}

DataWriter& DataWriter::u16_array(std::span<const std::uint16_t> values)
{
    u32(static_cast<std::uint32_t>(values.size()));
    for (const auto value : values)
        u16(value);
    return *this;
}

DataWriter& DataWriter::u32_array(std::span<const std::uint32_t> values)
{
    u32(static_cast<std::uint32_t>(values.size()));
    for (const auto value : values)
        u32(value);
    return *this;
}

void DataSetUnderrun::raise(std::size_t, std::size_t wanted, std::size_t left)
{
    throw DataSetError("data set ends " + std::to_string(wanted - left) + " bytes early");
}

std::string DataReader::string()
{
    const std::uint8_t count = u8();
    if (count == 0)
        return {};
    std::vector<std::uint16_t> units(count);
    for (auto& unit : units)
        unit = u16();
    if (units.back() != 0)
        throw DataSetError("PTP string is not NUL-terminated");
    units.pop_back();
    std::string utf8;
    for (std::size_t i = 0; i < units.size(); ++i) {
        const std::uint16_t unit = units[i];
        if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < units.size() && units[i + 1] >= 0xdc00 &&
            units[i + 1] < 0xe000) {
            append_utf8(utf8, 0x10000 + ((char32_t{unit} - 0xd800) << 10) +
                                  (char32_t{units[i + 1]} - 0xdc00));
            ++i;
        } else if (unit >= 0xd800 && unit < 0xe000) {
            append_utf8(utf8, kReplacement); // a lone surrogate
        } else {
            append_utf8(utf8, unit);
        }
    }
    return utf8;
}

std::vector<std::uint16_t> DataReader::u16_array()
{
    const std::uint32_t count = u32();
    if (count > kMaxArrayLength || std::size_t{count} * 2 > remaining())
        throw DataSetError("array of " + std::to_string(count) +
                           " elements does not fit its data set");
    std::vector<std::uint16_t> values(count);
    for (auto& value : values)
        value = u16();
    return values;
}

std::vector<std::uint32_t> DataReader::u32_array()
{
    const std::uint32_t count = u32();
    if (count > kMaxArrayLength || std::size_t{count} * 4 > remaining())
        throw DataSetError("array of " + std::to_string(count) +
                           " elements does not fit its data set");
    std::vector<std::uint32_t> values(count);
    for (auto& value : values)
        value = u32();
    return values;
}

std::vector<std::uint8_t> encode(const DeviceInfo& info)
{
    return DataWriter{}
        .u16(info.standard_version)
        .u32(info.vendor_extension_id)
        .u16(info.vendor_extension_version)
        .string(info.vendor_extension_desc)
        .u16(info.functional_mode)
        .u16_array(info.operations_supported)
        .u16_array(info.events_supported)
        .u16_array(info.device_properties_supported)
        .u16_array(info.capture_formats)
        .u16_array(info.image_formats)
        .string(info.manufacturer)
        .string(info.model)
        .string(info.device_version)
        .string(info.serial_number)
        .take();
}

std::vector<std::uint8_t> encode(const StorageInfo& info)
{
    return DataWriter{}
        .u16(info.storage_type)
        .u16(info.filesystem_type)
        .u16(info.access_capability)
        .u64(info.max_capacity)
        .u64(info.free_space_in_bytes)
        .u32(info.free_space_in_images)
        .string(info.storage_description)
        .string(info.volume_label)
        .take();
}

std::vector<std::uint8_t> encode(const ObjectInfo& info)
{
    return DataWriter{}
        .u32(info.storage_id)
        .u16(info.object_format)
        .u16(info.protection_status)
        .u32(info.object_compressed_size)
        .u16(info.thumb_format)
        .u32(info.thumb_compressed_size)
        .u32(info.thumb_pix_width)
        .u32(info.thumb_pix_height)
        .u32(info.image_pix_width)
        .u32(info.image_pix_height)
        .u32(info.image_bit_depth)
        .u32(info.parent_object)
        .u16(info.association_type)
        .u32(info.association_desc)
        .u32(info.sequence_number)
        .string(info.filename)
        .string(info.capture_date)
        .string(info.modification_date)
        .string(info.keywords)
        .take();
}

DeviceInfo decode_device_info(std::span<const std::uint8_t> bytes)
{
    DataReader reader(bytes);
    DeviceInfo info;
    info.standard_version = reader.u16();
    info.vendor_extension_id = reader.u32();
    info.vendor_extension_version = reader.u16();
    info.vendor_extension_desc = reader.string();
    info.functional_mode = reader.u16();
    info.operations_supported = reader.u16_array();
    info.events_supported = reader.u16_array();
    info.device_properties_supported = reader.u16_array();
    info.capture_formats = reader.u16_array();
    info.image_formats = reader.u16_array();
    info.manufacturer = reader.string();
    info.model = reader.string();
    info.device_version = reader.string();
    info.serial_number = reader.string();
    return info;
}

StorageInfo decode_storage_info(std::span<const std::uint8_t> bytes)
{
    DataReader reader(bytes);
    StorageInfo info;
    info.storage_type = reader.u16();
    info.filesystem_type = reader.u16();
    info.access_capability = reader.u16();
    info.max_capacity = reader.u64();
    info.free_space_in_bytes = reader.u64();
    info.free_space_in_images = reader.u32();
    info.storage_description = reader.string();
    info.volume_label = reader.string();
    return info;
}

ObjectInfo decode_object_info(std::span<const std::uint8_t> bytes)
{
    DataReader reader(bytes);
    ObjectInfo info;
    info.storage_id = reader.u32();
    info.object_format = reader.u16();
    info.protection_status = reader.u16();
    info.object_compressed_size = reader.u32();
    info.thumb_format = reader.u16();
    info.thumb_compressed_size = reader.u32();
    info.thumb_pix_width = reader.u32();
    info.thumb_pix_height = reader.u32();
    info.image_pix_width = reader.u32();
    info.image_pix_height = reader.u32();
    info.image_bit_depth = reader.u32();
    info.parent_object = reader.u32();
    info.association_type = reader.u16();
    info.association_desc = reader.u32();
    info.sequence_number = reader.u32();
    info.filename = reader.string();
    info.capture_date = reader.string();
    info.modification_date = reader.string();
    info.keywords = reader.string();
    return info;
}

} // namespace ktpel::ptp
