// SPDX-License-Identifier: Apache-2.0
// The numbers of ISO 15740 (PTP) this driver uses (the emulator keeps its
// own copy of those it answers with): container
// types, operation, response and event codes, object formats, device
// properties. Names are the standard's, so logs match the specification.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ktpel::ptp {

enum class ContainerType : std::uint16_t
{
    command = 1,
    data = 2,
    response = 3,
    event = 4,
};

enum class OperationCode : std::uint16_t
{
    get_device_info = 0x1001,
    open_session = 0x1002,
    close_session = 0x1003,
    get_storage_ids = 0x1004,
    get_storage_info = 0x1005,
    get_num_objects = 0x1006,
    get_object_handles = 0x1007,
    get_object_info = 0x1008,
    get_object = 0x1009,
    get_thumb = 0x100a,
    delete_object = 0x100b,
    send_object_info = 0x100c,
    send_object = 0x100d,
    initiate_capture = 0x100e,
    format_store = 0x100f,
    reset_device = 0x1010,
    power_down = 0x1013,
    get_device_prop_desc = 0x1014,
    get_device_prop_value = 0x1015,
    set_device_prop_value = 0x1016,
};

enum class ResponseCode : std::uint16_t
{
    ok = 0x2001,
    general_error = 0x2002,
    session_not_open = 0x2003,
    invalid_transaction_id = 0x2004,
    operation_not_supported = 0x2005,
    parameter_not_supported = 0x2006,
    incomplete_transfer = 0x2007,
    invalid_storage_id = 0x2008,
    invalid_object_handle = 0x2009,
    device_prop_not_supported = 0x200a,
    invalid_object_format_code = 0x200b,
    store_full = 0x200c,
    object_write_protected = 0x200d,
    store_read_only = 0x200e,
    access_denied = 0x200f,
    no_thumbnail_present = 0x2010,
    self_test_failed = 0x2011,
    partial_deletion = 0x2012,
    store_not_available = 0x2013,
    specification_by_format_unsupported = 0x2014,
    no_valid_object_info = 0x2015,
    invalid_code_format = 0x2016,
    unknown_vendor_code = 0x2017,
    capture_already_terminated = 0x2018,
    device_busy = 0x2019,
    invalid_parent_object = 0x201a,
    invalid_device_prop_format = 0x201b,
    invalid_device_prop_value = 0x201c,
    invalid_parameter = 0x201d,
    session_already_open = 0x201e,
    transaction_cancelled = 0x201f,
    specification_of_destination_unsupported = 0x2020,
};

enum class EventCode : std::uint16_t
{
    cancel_transaction = 0x4001,
    object_added = 0x4002,
    object_removed = 0x4003,
    store_added = 0x4004,
    store_removed = 0x4005,
    device_prop_changed = 0x4006,
    object_info_changed = 0x4007,
    device_info_changed = 0x4008,
    request_object_transfer = 0x4009,
    store_full = 0x400a,
    device_reset = 0x400b,
    storage_info_changed = 0x400c,
    capture_complete = 0x400d,
    unreported_status = 0x400e,
};

enum class ObjectFormat : std::uint16_t
{
    undefined = 0x3000,
    association = 0x3001, // a folder
    exif_jpeg = 0x3801,
};

enum class DevicePropCode : std::uint16_t
{
    battery_level = 0x5001,
};

// Type codes of device property values (Table 3 of the standard).
enum class DataType : std::uint16_t
{
    uint8 = 0x0002,
    uint16 = 0x0004,
    uint32 = 0x0006,
    string = 0xffff,
};

// ObjectHandle/StorageID wildcards.
inline constexpr std::uint32_t kAllStorages = 0xffffffff;
inline constexpr std::uint32_t kRootFolder = 0xffffffff;

// The name as the standard writes it, e.g. "Device_Busy"; "Response_0x2abc"
// for codes it does not define (vendor codes included).
std::string name_of(ResponseCode code);
// A stable machine word, e.g. "device_busy".
std::string snake_name_of(ResponseCode code);
std::string name_of(OperationCode code);
std::string name_of(EventCode code);

std::string hex4(std::uint16_t value);

} // namespace ktpel::ptp
