// SPDX-License-Identifier: Apache-2.0
// PTP data sets: the payloads of data phases. Primitive codecs (integers,
// PTP strings, arrays) and the three data sets this station reads:
// DeviceInfo, StorageInfo and ObjectInfo (ISO 15740 clause 5.5).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace ktpel::ptp {

// A data set that ends early or holds an impossible value.
class DataSetError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class DataWriter
{
public:
    DataWriter& u8(std::uint8_t value)
    {
        out_.u8(value);
        return *this;
    }
    DataWriter& u16(std::uint16_t value)
    {
        out_.u16(value);
        return *this;
    }
    DataWriter& u32(std::uint32_t value)
    {
        out_.u32(value);
        return *this;
    }
    DataWriter& u64(std::uint64_t value)
    {
        out_.u64(value);
        return *this;
    }
    // A PTP string: u8 count of UTF-16 code units including the
    // terminating NUL, then the units; "" is the single byte 0. UTF-8 in,
    // cut to the 254 units the count allows.
    DataWriter& string(const std::string& utf8);
    DataWriter& u16_array(std::span<const std::uint16_t> values);
    DataWriter& u32_array(std::span<const std::uint32_t> values);
    std::vector<std::uint8_t> take() { return out_.take(); }

private:
    LittleEndianWriter out_;
};

// A data set that ends early is a DataSetError, PTP's own.
struct DataSetUnderrun
{
    [[noreturn]] static void raise(std::size_t offset, std::size_t wanted, std::size_t left);
};

class DataReader
{
public:
    explicit DataReader(std::span<const std::uint8_t> bytes) : in_(bytes) {}

    std::uint8_t u8() { return in_.u8(); }
    std::uint16_t u16() { return in_.u16(); }
    std::uint32_t u32() { return in_.u32(); }
    std::uint64_t u64() { return in_.u64(); }
    std::string string(); // to UTF-8
    std::vector<std::uint16_t> u16_array();
    std::vector<std::uint32_t> u32_array();
    std::size_t remaining() const { return in_.remaining(); }

private:
    LittleEndianReader<DataSetUnderrun> in_;
};

struct DeviceInfo
{
    std::uint16_t standard_version = 100; // 1.00
    std::uint32_t vendor_extension_id = 0;
    std::uint16_t vendor_extension_version = 0;
    std::string vendor_extension_desc;
    std::uint16_t functional_mode = 0;
    std::vector<std::uint16_t> operations_supported;
    std::vector<std::uint16_t> events_supported;
    std::vector<std::uint16_t> device_properties_supported;
    std::vector<std::uint16_t> capture_formats;
    std::vector<std::uint16_t> image_formats;
    std::string manufacturer;
    std::string model;
    std::string device_version;
    std::string serial_number;

    bool operator==(const DeviceInfo&) const = default;
};

struct StorageInfo
{
    std::uint16_t storage_type = 4;    // removable RAM: a memory card
    std::uint16_t filesystem_type = 3; // DCF
    std::uint16_t access_capability = 0;
    std::uint64_t max_capacity = 0;
    std::uint64_t free_space_in_bytes = 0;
    std::uint32_t free_space_in_images = 0;
    std::string storage_description;
    std::string volume_label;

    bool operator==(const StorageInfo&) const = default;
};

struct ObjectInfo
{
    std::uint32_t storage_id = 0;
    std::uint16_t object_format = 0;
    std::uint16_t protection_status = 0;
    std::uint32_t object_compressed_size = 0;
    std::uint16_t thumb_format = 0;
    std::uint32_t thumb_compressed_size = 0;
    std::uint32_t thumb_pix_width = 0;
    std::uint32_t thumb_pix_height = 0;
    std::uint32_t image_pix_width = 0;
    std::uint32_t image_pix_height = 0;
    std::uint32_t image_bit_depth = 0;
    std::uint32_t parent_object = 0;
    std::uint16_t association_type = 0;
    std::uint32_t association_desc = 0;
    std::uint32_t sequence_number = 0;
    std::string filename;
    std::string capture_date; // "YYYYMMDDThhmmss"
    std::string modification_date;
    std::string keywords;

    bool operator==(const ObjectInfo&) const = default;
};

std::vector<std::uint8_t> encode(const DeviceInfo& info);
std::vector<std::uint8_t> encode(const StorageInfo& info);
std::vector<std::uint8_t> encode(const ObjectInfo& info);
DeviceInfo decode_device_info(std::span<const std::uint8_t> bytes);
StorageInfo decode_storage_info(std::span<const std::uint8_t> bytes);
ObjectInfo decode_object_info(std::span<const std::uint8_t> bytes);

} // namespace ktpel::ptp
