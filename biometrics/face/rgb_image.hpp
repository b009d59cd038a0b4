// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/rgb_image.hpp"

namespace ktpel::biometrics::face {
// The face checks name it as one of their own (it is what they measure).
using ktpel::RgbImage;
} // namespace ktpel::biometrics::face
