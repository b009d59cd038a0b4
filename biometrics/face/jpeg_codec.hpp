// SPDX-License-Identifier: Apache-2.0
// JPEG in and out through libjpeg-turbo's TurboJPEG API.
#pragma once

#include <span>
#include <stdexcept>

#include "rgb_image.hpp"

namespace ktpel::biometrics::face {

// Bytes that are not a JPEG this library can decode, or an encode failure.
class JpegCodecError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

RgbImage decode_jpeg(std::span<const std::uint8_t> jpeg);
// quality 1..100; 4:2:0 chroma.
std::vector<std::uint8_t> encode_jpeg(const RgbImage& image, int quality);

} // namespace ktpel::biometrics::face
