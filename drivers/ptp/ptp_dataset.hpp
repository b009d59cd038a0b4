// SPDX-License-Identifier: Apache-2.0
// PTP data sets: the payloads of data phases. Primitive codecs (integers,
// PTP strings, arrays) and the three data sets this station reads:
// DeviceInfo, StorageInfo and ObjectInfo (ISO 15740 clause 5.5).
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

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
    DataWriter& u8(std::uint8_t value);
    DataWriter& u16(std::uint16_t value);
    DataWriter& u32(std::uint32_t value);
    DataWriter& u64(std::uint64_t value);
    // A PTP string: u8 count of UTF-16 code units including the
    // terminating NUL, then the units; "" is the single byte 0. UTF-8 in,
    // cut to the 254 units the count allows.
    DataWriter& string(const std::string& utf8);
    DataWriter& u16_array(std::span<const std::uint16_t> values);
    DataWriter& u32_array(std::span<const std::uint32_t> values);
    std::vector<std::uint8_t> take() { return std::move(bytes_); }

private:
    std::vector<std::uint8_t> bytes_;
};

class DataReader
{
public:
    explicit DataReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::uint64_t u64();
    std::string string(); // to UTF-8
    std::vector<std::uint16_t> u16_array();
    std::vector<std::uint32_t> u32_array();
    std::size_t remaining() const { return bytes_.size() - offset_; }

private:
    std::span<const std::uint8_t> take(std::size_t count);

    std::span<const std::uint8_t> bytes_;
    std::size_t offset_ = 0;
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
