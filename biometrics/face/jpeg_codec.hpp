// SPDX-License-Identifier: Apache-2.0
// The face checks' JPEG codec is the common one (common/jpeg_codec.hpp);
// the daemon's operations name it as the face checks'.
#pragma once

#include "common/jpeg_codec.hpp"
#include "rgb_image.hpp"

namespace ktpel::biometrics::face {

using ktpel::decode_jpeg;
using ktpel::encode_jpeg;
using ktpel::JpegCodecError;

} // namespace ktpel::biometrics::face
