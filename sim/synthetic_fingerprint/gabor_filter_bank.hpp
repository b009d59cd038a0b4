// SPDX-License-Identifier: Apache-2.0
// Precomputed even-symmetric Gabor kernels tuned to quantised ridge
// orientations and periods: ridge growth filters every pixel with the
// kernel of its local orientation and period, and recomputing kernels per
// pixel would dominate the cost.
#pragma once

#include <vector>

namespace ktpel::sim::fingerprint {

class GaborFilterBank
{
public:
    static constexpr int radius = 7;
    static constexpr int side = 2 * radius + 1;
    // Kernel rows are padded with zeros to 16 floats so the inner filter
    // loop is a fixed, vectorisable length.
    static constexpr int row_stride = 16;
    static constexpr int taps = side * row_stride;

    // Kernels for periods min_period..max_period in steps of period_step
    // and orientation_bins orientations over [0, pi). The envelope's
    // standard deviations are sigma_across * period across the ridges and
    // sigma_along * period along them. Throws std::invalid_argument on
    // non-positive values or min_period > max_period.
    GaborFilterBank(double min_period, double max_period, double sigma_across, double sigma_along,
                    int orientation_bins = 36, double period_step = 0.25);

    int kernel_count() const { return static_cast<int>(kernels_.size() / taps); }
    int index_for(double orientation, double period) const;
    // `taps` coefficients, rows of row_stride over (dy, dx) in
    // [-radius, radius]; the last entry of each row is 0.
    // Zero mean; unit gain for a unit-amplitude sinusoid at the tuned
    // period and orientation.
    const float* kernel(int index) const { return kernels_.data() + index * taps; }

private:
    double min_period_;
    double period_step_;
    int period_bins_;
    int orientation_bins_;
    std::vector<float> kernels_;
};

} // namespace ktpel::sim::fingerprint
