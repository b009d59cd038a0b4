// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "finger_position.hpp"
#include "minutia.hpp"

namespace ktpel::biometrics::fingerprint {

// In-memory form of an ISO/IEC 19794-2:2005 finger minutiae record (the
// record format, not the card formats). Field values are the encoded
// values, so decode(encode(r)) == r exactly.

// Minutia type as encoded in the top two bits of the x coordinate.
enum class IsoMinutiaType : std::uint8_t
{
    other = 0,
    ridge_ending = 1,
    ridge_bifurcation = 2,
};

enum class IsoImpressionType : std::uint8_t
{
    live_scan_plain = 0,
    live_scan_rolled = 1,
    non_live_scan_plain = 2,
    non_live_scan_rolled = 3,
    swipe = 8,
};

struct IsoMinutia
{
    IsoMinutiaType type = IsoMinutiaType::ridge_ending;
    std::uint16_t x = 0; // pixels, 14 bits
    std::uint16_t y = 0; // pixels, 14 bits
    // Units of 360/256 = 1.40625 degrees, counter-clockwise from the
    // horizontal axis pointing right, as the image is displayed (the
    // Minutia convention; see minutia.hpp).
    std::uint8_t angle = 0;
    std::uint8_t quality = 0; // 0..100
    bool operator==(const IsoMinutia&) const = default;
};

struct IsoFingerView
{
    FingerPosition position = FingerPosition::unknown;
    std::uint8_t view_number = 0; // 0..15
    IsoImpressionType impression = IsoImpressionType::live_scan_plain;
    std::uint8_t finger_quality = 0; // 0..100
    std::vector<IsoMinutia> minutiae;
    bool operator==(const IsoFingerView&) const = default;
};

struct FingerMinutiaeRecord
{
    std::uint8_t capture_equipment_certification = 0; // 4 bits
    std::uint16_t capture_device_type = 0;            // 12 bits, 0 = unreported
    std::uint16_t image_width = 0;
    std::uint16_t image_height = 0;
    std::uint16_t x_resolution_ppcm = 197; // pixels per centimetre; 500 ppi = 197
    std::uint16_t y_resolution_ppcm = 197;
    std::vector<IsoFingerView> views;
    bool operator==(const FingerMinutiaeRecord&) const = default;
};

// Minutia <-> record form. Angles are rounded to the nearest 1.40625 degree
// step; ISO "other" minutiae cannot be produced by this library.
IsoMinutia to_iso_minutia(const Minutia& minutia);
Minutia from_iso_minutia(const IsoMinutia& minutia);

// 500 ppi -> 197 ppcm; rounds to nearest.
std::uint16_t pixels_per_centimetre(unsigned ppi);

} // namespace ktpel::biometrics::fingerprint
