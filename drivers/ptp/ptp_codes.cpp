// SPDX-License-Identifier: Apache-2.0
#include "ptp_codes.hpp"

#include <cctype>

namespace ktpel::ptp {
namespace {

std::string_view known_response_name(ResponseCode code)
{
    switch (code) {
    case ResponseCode::ok:
        return "OK";
    case ResponseCode::general_error:
        return "General_Error";
    case ResponseCode::session_not_open:
        return "Session_Not_Open";
    case ResponseCode::invalid_transaction_id:
        return "Invalid_TransactionID";
    case ResponseCode::operation_not_supported:
        return "Operation_Not_Supported";
    case ResponseCode::parameter_not_supported:
        return "Parameter_Not_Supported";
    case ResponseCode::incomplete_transfer:
        return "Incomplete_Transfer";
    case ResponseCode::invalid_storage_id:
        return "Invalid_StorageID";
    case ResponseCode::invalid_object_handle:
        return "Invalid_ObjectHandle";
    case ResponseCode::device_prop_not_supported:
        return "DeviceProp_Not_Supported";
    case ResponseCode::invalid_object_format_code:
        return "Invalid_ObjectFormatCode";
    case ResponseCode::store_full:
        return "Store_Full";
    case ResponseCode::object_write_protected:
        return "Object_WriteProtected";
    case ResponseCode::store_read_only:
        return "Store_Read_Only";
    case ResponseCode::access_denied:
        return "Access_Denied";
    case ResponseCode::no_thumbnail_present:
        return "No_Thumbnail_Present";
    case ResponseCode::self_test_failed:
        return "SelfTest_Failed";
    case ResponseCode::partial_deletion:
        return "Partial_Deletion";
    case ResponseCode::store_not_available:
        return "Store_Not_Available";
    case ResponseCode::specification_by_format_unsupported:
        return "Specification_By_Format_Unsupported";
    case ResponseCode::no_valid_object_info:
        return "No_Valid_ObjectInfo";
    case ResponseCode::invalid_code_format:
        return "Invalid_Code_Format";
    case ResponseCode::unknown_vendor_code:
        return "Unknown_Vendor_Code";
    case ResponseCode::capture_already_terminated:
        return "Capture_Already_Terminated";
    case ResponseCode::device_busy:
        return "Device_Busy";
    case ResponseCode::invalid_parent_object:
        return "Invalid_ParentObject";
    case ResponseCode::invalid_device_prop_format:
        return "Invalid_DeviceProp_Format";
    case ResponseCode::invalid_device_prop_value:
        return "Invalid_DeviceProp_Value";
    case ResponseCode::invalid_parameter:
        return "Invalid_Parameter";
    case ResponseCode::session_already_open:
        return "Session_Already_Open";
    case ResponseCode::transaction_cancelled:
        return "Transaction_Cancelled";
    case ResponseCode::specification_of_destination_unsupported:
        return "Specification_of_Destination_Unsupported";
    }
    return {};
}

} // namespace

std::string hex4(std::uint16_t value)
{
    constexpr char digits[] = "0123456789abcdef";
    std::string text = "0x";
    for (int shift = 12; shift >= 0; shift -= 4)
        text += digits[(value >> shift) & 0xf];
    return text;
}

std::string name_of(ResponseCode code)
{
    const auto known = known_response_name(code);
    if (!known.empty())
        return std::string(known);
    return "Response_" + hex4(static_cast<std::uint16_t>(code));
}

std::string snake_name_of(ResponseCode code)
{
    std::string word;
    const std::string name = name_of(code);
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        // "TransactionID" -> "transaction_id", "SelfTest" -> "self_test".
        if (std::isupper(static_cast<unsigned char>(c)) && i > 0 && name[i - 1] != '_' &&
            (std::islower(static_cast<unsigned char>(name[i - 1])) ||
             (i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1])))))
            word += '_';
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return word;
}

std::string name_of(OperationCode code)
{
    switch (code) {
    case OperationCode::get_device_info:
        return "GetDeviceInfo";
    case OperationCode::open_session:
        return "OpenSession";
    case OperationCode::close_session:
        return "CloseSession";
    case OperationCode::get_storage_ids:
        return "GetStorageIDs";
    case OperationCode::get_storage_info:
        return "GetStorageInfo";
    case OperationCode::get_num_objects:
        return "GetNumObjects";
    case OperationCode::get_object_handles:
        return "GetObjectHandles";
    case OperationCode::get_object_info:
        return "GetObjectInfo";
    case OperationCode::get_object:
        return "GetObject";
    case OperationCode::get_thumb:
        return "GetThumb";
    case OperationCode::delete_object:
        return "DeleteObject";
    case OperationCode::send_object_info:
        return "SendObjectInfo";
    case OperationCode::send_object:
        return "SendObject";
    case OperationCode::initiate_capture:
        return "InitiateCapture";
    case OperationCode::format_store:
        return "FormatStore";
    case OperationCode::reset_device:
        return "ResetDevice";
    case OperationCode::power_down:
        return "PowerDown";
    case OperationCode::get_device_prop_desc:
        return "GetDevicePropDesc";
    case OperationCode::get_device_prop_value:
        return "GetDevicePropValue";
    case OperationCode::set_device_prop_value:
        return "SetDevicePropValue";
    }
    return "Operation_" + hex4(static_cast<std::uint16_t>(code));
}

std::string name_of(EventCode code)
{
    switch (code) {
    case EventCode::cancel_transaction:
        return "CancelTransaction";
    case EventCode::object_added:
        return "ObjectAdded";
    case EventCode::object_removed:
        return "ObjectRemoved";
    case EventCode::store_added:
        return "StoreAdded";
    case EventCode::store_removed:
        return "StoreRemoved";
    case EventCode::device_prop_changed:
        return "DevicePropChanged";
    case EventCode::object_info_changed:
        return "ObjectInfoChanged";
    case EventCode::device_info_changed:
        return "DeviceInfoChanged";
    case EventCode::request_object_transfer:
        return "RequestObjectTransfer";
    case EventCode::store_full:
        return "StoreFull";
    case EventCode::device_reset:
        return "DeviceReset";
    case EventCode::storage_info_changed:
        return "StorageInfoChanged";
    case EventCode::capture_complete:
        return "CaptureComplete";
    case EventCode::unreported_status:
        return "UnreportedStatus";
    }
    return "Event_" + hex4(static_cast<std::uint16_t>(code));
}

} // namespace ktpel::ptp
