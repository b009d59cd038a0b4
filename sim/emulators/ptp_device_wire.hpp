// SPDX-License-Identifier: Apache-2.0
// The PTP (ISO 15740) wire format as the camera speaks it
// (docs/drivers/ptp.md): it cuts the host's bulk stream into containers
// and keeps the commands; it writes data, response and event containers
// and the data sets a camera sends (DeviceInfo, StorageInfo, ObjectInfo,
// arrays). The driver writes the other half (drivers/ptp), so the codec
// tests can put one against the other.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/byte_writer.hpp"

namespace ktpel::sim::ptp_wire {

// The numbers of the standard this camera answers to, by the standard's
// names.
enum class Operation : std::uint16_t
{
    // The session.
    open_session = 0x1002,
    close_session = 0x1003,
    power_down = 0x1013,
    // What the camera is, and what it holds.
    get_device_info = 0x1001,
    get_device_prop_value = 0x1015,
    get_storage_ids = 0x1004,
    get_storage_info = 0x1005,
    // The photos on the card.
    get_num_objects = 0x1006,
    get_object_handles = 0x1007,
    get_object_info = 0x1008,
    get_object = 0x1009,
    delete_object = 0x100b,
    // The shutter.
    initiate_capture = 0x100e,
};

enum class Response : std::uint16_t
{
    ok = 0x2001,
    device_busy = 0x2019,
    // Out of step with the session.
    session_not_open = 0x2003,
    session_already_open = 0x201e,
    invalid_transaction_id = 0x2004,
    // Asked for what the camera does not have.
    operation_not_supported = 0x2005,
    device_prop_not_supported = 0x200a,
    invalid_storage_id = 0x2008,
    invalid_object_handle = 0x2009,
    invalid_parent_object = 0x201a,
    invalid_object_format_code = 0x200b,
    invalid_parameter = 0x201d,
};

enum class Event : std::uint16_t
{
    object_added = 0x4002,
    store_full = 0x400a,
    capture_complete = 0x400d,
};

inline constexpr std::uint16_t kExifJpeg = 0x3801;
inline constexpr std::uint16_t kBatteryLevel = 0x5001;
// The "all" wildcard of a storage id or parent handle.
inline constexpr std::uint32_t kEverything = 0xffffffff;
// Type, length, code and transaction id before a container's body.
inline constexpr std::size_t kContainerHeadSize = 12;

// Host bytes that are not a container the camera takes: a length that
// cannot be, a container type the host never sends, a command with a
// torn parameter or more than five.
class BadContainer : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A command from the host. Data the host sends (for operations this
// camera does not support) is read past and dropped.
struct Command
{
    std::uint16_t code = 0;
    std::uint32_t transaction_id = 0;
    std::vector<std::uint32_t> params;

    // The n-th parameter; 0 when the host left it out, as the standard says.
    std::uint32_t param(std::size_t index) const;
};

// The camera's receive buffer: bulk OUT transfers in, commands out.
// take() throws BadContainer on a header that cannot be right; the camera
// clears the buffer then (and halts its IN pipe).
class CommandStream
{
public:
    void append(std::span<const std::uint8_t> bytes);
    std::optional<Command> take();
    void clear() noexcept { pending_.clear(); }

private:
    std::vector<std::uint8_t> pending_;
};

std::vector<std::uint8_t> response(Response code, std::uint32_t transaction_id,
                                   std::span<const std::uint32_t> params = {});
std::vector<std::uint8_t> event(Event code, std::uint32_t transaction_id,
                                std::span<const std::uint32_t> params = {});
// A data phase whole, or only its header when the payload is streamed
// after it in pieces.
std::vector<std::uint8_t> data(std::uint16_t operation, std::uint32_t transaction_id,
                               std::span<const std::uint8_t> payload);
std::vector<std::uint8_t> data_head(std::uint16_t operation, std::uint32_t transaction_id,
                                    std::size_t payload_size);

// Writes a data set's fields in order.
class DataSetWriter
{
public:
    DataSetWriter& u16(std::uint16_t value);
    DataSetWriter& u32(std::uint32_t value);
    DataSetWriter& u64(std::uint64_t value);
    // UTF-8 in, a PTP string out: a count byte (NUL included; 0 for "")
    // and UTF-16 units, cut to what the count byte can say.
    DataSetWriter& text(const std::string& utf8);
    DataSetWriter& u16_list(std::span<const std::uint16_t> values);
    DataSetWriter& u32_list(std::span<const std::uint32_t> values);
    std::vector<std::uint8_t> take() { return out_.take(); }

private:
    LittleEndianWriter out_;
};

// What DeviceInfo tells the host about this camera.
struct CameraDescription
{
    std::vector<std::uint16_t> operations;
    std::vector<std::uint16_t> events;
    std::vector<std::uint16_t> properties;
    std::vector<std::uint16_t> formats; // what it captures, and what it stores
    std::string manufacturer;
    std::string model;
    std::string firmware;
    std::string serial;
};

// The card's StorageInfo: a removable DCF memory card.
struct CardStorage
{
    std::uint64_t capacity_bytes = 0;
    std::uint64_t free_bytes = 0;
    std::uint32_t free_images = 0;
    std::string description;
    std::string label;
};

// A photo on the card, as ObjectInfo describes it; the rest of the data
// set (thumbnail, association, keywords) a camera leaves 0 or empty.
struct Photo
{
    std::uint32_t storage_id = 0;
    std::uint16_t format = kExifJpeg;
    std::uint32_t size_bytes = 0;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::uint32_t bit_depth = 24;
    std::uint32_t sequence_number = 0;
    std::string filename;
    std::string taken_at; // "YYYYMMDDThhmmss", also the modification date
};

std::vector<std::uint8_t> device_info(const CameraDescription& camera);
std::vector<std::uint8_t> storage_info(const CardStorage& card);
std::vector<std::uint8_t> object_info(const Photo& photo);

} // namespace ktpel::sim::ptp_wire
