// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "iso19794_2_record.hpp"

namespace ktpel::biometrics::fingerprint {

// Why a byte string is not a valid ISO/IEC 19794-2:2005 record.
enum class IsoRecordDefect
{
    truncated,                // ended before a field it must contain
    bad_format_identifier,    // not "FMR\0"
    bad_version,              // not " 20\0"
    length_mismatch,          // length field differs from the bytes supplied
    bad_header_field,         // zero image size or resolution, reserved byte set
    no_finger_views,          // view count zero
    bad_finger_position,      // position code above 10
    duplicate_view,           // same finger position and view number twice
    bad_impression_type,      // not 0..3 or 8
    bad_quality,              // finger or minutia quality above 100
    bad_minutia_type,         // type bits 11 (reserved)
    reserved_bits_set,        // the two bits above y are not zero
    coordinate_outside_image, // x >= width or y >= height
    too_many_minutiae,        // view count above the decoder's limit
    extended_data_overrun,    // extended data block runs past the record
};

const char* describe(IsoRecordDefect defect);

class IsoRecordDecodeError : public std::runtime_error
{
public:
    IsoRecordDecodeError(IsoRecordDefect defect, std::size_t offset, const std::string& detail);
    IsoRecordDefect defect() const noexcept { return defect_; }
    // Offset of the first byte of the offending field.
    std::size_t offset() const noexcept { return offset_; }

private:
    IsoRecordDefect defect_;
    std::size_t offset_;
};

// The record cannot be represented (more than 255 minutiae or 255 views,
// coordinates above 14 bits or outside the image, qualities above 100).
class IsoRecordEncodeError : public std::invalid_argument
{
public:
    explicit IsoRecordEncodeError(const std::string& reason)
        : std::invalid_argument("cannot encode ISO/IEC 19794-2 record: " + reason)
    {
    }
};

struct IsoDecodeLimits
{
    // Per view. The format allows 255; a card profile or policy may allow
    // fewer, and a record exceeding the policy is rejected, not truncated.
    std::size_t max_minutiae_per_view = 255;
};

std::vector<std::uint8_t> encode_iso19794_2(const FingerMinutiaeRecord& record);

// Strict: every field is checked, the length must match exactly, and
// extended data must be absent or well-formed (blocks are skipped, not
// interpreted).
FingerMinutiaeRecord decode_iso19794_2(std::span<const std::uint8_t> bytes,
                                       const IsoDecodeLimits& limits = {});

} // namespace ktpel::biometrics::fingerprint
