// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/raster_image.hpp"
#include "image_plane.hpp"

namespace ktpel::biometrics::fingerprint {

// Checks the buffer matches the declared size and the image is large enough
// to hold at least one 32x32 analysis block; throws InvalidFingerprintImage.
// A ppi of 0 (unknown) is accepted and treated as 500.
void validate_fingerprint_image(const ktpel::RasterImage& image);

// Resolution the algorithms are tuned for; other resolutions are accepted
// but parameters are not rescaled (see docs/fingerprint-processing.md).
inline constexpr unsigned nominal_ppi = 500;

FloatPlane to_float_plane(const ktpel::RasterImage& image);

// Mean over a (2r+1)^2 window, computed with running sums so the cost does
// not depend on r. Windows are clipped at the border.
FloatPlane box_mean(const FloatPlane& input, int radius);

// Separable Gaussian, kernel truncated at 3 sigma, border replicated.
FloatPlane gaussian_blur(const FloatPlane& input, float sigma);

// Zero local mean, unit local standard deviation over a (2r+1)^2 window,
// and sign flipped so ridges (dark) become positive. Makes the later
// stages independent of pressure and illumination.
FloatPlane normalise_locally(const FloatPlane& grey, int radius);

} // namespace ktpel::biometrics::fingerprint
