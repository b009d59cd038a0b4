// SPDX-License-Identifier: Apache-2.0
// A grey image at half its width and height, for a signature that does not
// fit where it must go (the chip's signature data group).
#pragma once

#include "common/raster_image.hpp"

namespace ktpel::biometrics::signature {

// Each output pixel is the mean of a 2x2 block; an odd last row or column
// is dropped. The resolution, when known, halves with the size.
ktpel::RasterImage half_size(const ktpel::RasterImage& image);

} // namespace ktpel::biometrics::signature
