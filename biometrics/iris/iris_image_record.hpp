// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 19794-6:2011 style iris image data record ("IIR\0", version
// "020\0"): encoder and strict decoder. Only uncompressed 8-bit grey images
// (image format 2, "mono raw") are written or accepted. The exact byte
// layout and the meaning given to each field are in docs/iris-processing.md.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/raster_image.hpp"

namespace ktpel::biometrics::iris {

enum class EyeLabel : std::uint8_t
{
    undefined = 0,
    right = 1,
    left = 2,
};

enum class IrisImageType : std::uint8_t
{
    uncropped = 1,
    vga = 2, // 640 x 480, the dual-eye scanner's native framing
    cropped = 3,
    cropped_and_masked = 7,
};

// 0xFF in every byte on the wire means "unknown"; `known` false encodes that.
struct CaptureDateTime
{
    bool known = true;
    std::uint16_t year = 0;
    std::uint8_t month = 1;
    std::uint8_t day = 1;
    std::uint8_t hour = 0;
    std::uint8_t minute = 0;
    std::uint8_t second = 0;
    std::uint16_t millisecond = 0;

    bool operator==(const CaptureDateTime&) const = default;
};

struct IrisQualityBlock
{
    std::uint8_t score = 255; // 0..100, or 255 = could not be computed
    std::uint16_t algorithm_vendor_id = 0;
    std::uint16_t algorithm_id = 0;

    bool operator==(const IrisQualityBlock&) const = default;
};

inline constexpr std::uint16_t iris_roll_angle_undefined = 0xFFFF;
inline constexpr std::uint16_t iris_range_unassigned = 0;
inline constexpr std::uint16_t iris_coordinate_undefined = 0;

struct IrisRepresentation
{
    CaptureDateTime capture_time;       // UTC
    std::uint8_t device_technology = 1; // 0 unknown, 1 CMOS/CCD
    std::uint16_t device_vendor_id = 0; // 0 = not registered
    std::uint16_t device_type_id = 0;
    std::vector<IrisQualityBlock> quality;   // at most 255
    std::uint16_t representation_number = 0; // 1-based; the encoder numbers them
    EyeLabel eye_label = EyeLabel::undefined;
    IrisImageType image_type = IrisImageType::vga;
    std::uint8_t horizontal_orientation = 1; // 0 undefined, 1 base, 2 flipped
    std::uint8_t vertical_orientation = 1;
    std::uint8_t compression_history = 1; // 0 undefined, 1 lossless/none, 2 lossy
    std::uint16_t range_cm = iris_range_unassigned;
    std::uint16_t roll_angle = iris_roll_angle_undefined; // 360/65536 degree units
    std::uint16_t roll_angle_uncertainty = iris_roll_angle_undefined;
    // Iris centre and diameter as intervals, pixel units, 1-based so that 0
    // keeps meaning "undefined".
    std::uint16_t iris_centre_smallest_x = iris_coordinate_undefined;
    std::uint16_t iris_centre_largest_x = iris_coordinate_undefined;
    std::uint16_t iris_centre_smallest_y = iris_coordinate_undefined;
    std::uint16_t iris_centre_largest_y = iris_coordinate_undefined;
    std::uint16_t iris_diameter_smallest = iris_coordinate_undefined;
    std::uint16_t iris_diameter_largest = iris_coordinate_undefined;
    ktpel::RasterImage image; // 8-bit grey; ppi is not carried by the format
};

struct IrisImageRecord
{
    std::vector<IrisRepresentation> representations; // 1..65535
};

// Throws IrisRecordError(not_encodable) for images that do not fit the format.
std::vector<std::uint8_t> encode_iris_record(const IrisImageRecord& record);

// Strict: any field outside its defined range, any length inconsistency and
// any trailing byte throws IrisRecordError with the offending offset.
IrisImageRecord decode_iris_record(std::span<const std::uint8_t> bytes);

} // namespace ktpel::biometrics::iris
