// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ktpel::biometrics::iris {

enum class IrisRecordFault : std::uint8_t
{
    truncated,
    bad_format_identifier,
    bad_version,
    record_length_mismatch,
    bad_representation_count,
    bad_certification_flag,
    bad_eye_count,
    representation_length_mismatch,
    bad_capture_time,
    bad_device_technology,
    bad_quality_score,
    bad_representation_number,
    bad_eye_label,
    bad_image_type,
    unsupported_image_format,
    bad_image_properties,
    bad_dimensions,
    unsupported_bit_depth,
    image_length_mismatch,
    trailing_bytes,
    not_encodable, // the encoder was handed something the format cannot hold
};

std::string_view to_string(IrisRecordFault fault);

// Thrown by the encoder and the strict decoder. `offset` is the byte offset
// in the record where the offending field starts (0 for encoder faults).
class IrisRecordError : public std::runtime_error
{
public:
    IrisRecordError(IrisRecordFault fault, std::size_t offset, const std::string& detail);

    IrisRecordFault fault() const { return fault_; }
    std::size_t offset() const { return offset_; }

private:
    IrisRecordFault fault_;
    std::size_t offset_;
};

} // namespace ktpel::biometrics::iris
