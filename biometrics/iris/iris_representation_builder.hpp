// SPDX-License-Identifier: Apache-2.0
// Fills an ISO/IEC 19794-6 representation from a capture and its
// assessment, so every caller writes the same fields the same way.
#pragma once

#include <cstdint>

#include "eye_assessment.hpp"
#include "iris_image_record.hpp"

namespace ktpel::biometrics::iris {

// The quality block carries our 0-100 score under this vendor/algorithm
// pair (not registered with the IBIA; 0 vendor = unregistered).
inline constexpr std::uint16_t ktpel_quality_vendor_id = 0x0000;
inline constexpr std::uint16_t ktpel_quality_algorithm_id = 0x0001;

IrisRepresentation make_iris_representation(const ktpel::RasterImage& image, EyeLabel eye,
                                            const CaptureDateTime& capture_time,
                                            const IrisQualityReport& report);

} // namespace ktpel::biometrics::iris
