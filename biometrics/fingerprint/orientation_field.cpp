// SPDX-License-Identifier: Apache-2.0
#include "orientation_field.hpp"

#include <cmath>
#include <numbers>

#include "image_filters.hpp"

namespace ktpel::biometrics::fingerprint {

GradientPlanes sobel_gradients(const FloatPlane& grey)
{
    GradientPlanes gradients{FloatPlane(grey.width, grey.height),
                             FloatPlane(grey.width, grey.height)};
    for (int y = 0; y < grey.height; ++y) {
        for (int x = 0; x < grey.width; ++x) {
            const float top_left = grey.clamped(x - 1, y - 1);
            const float top = grey.clamped(x, y - 1);
            const float top_right = grey.clamped(x + 1, y - 1);
            const float left = grey.clamped(x - 1, y);
            const float right = grey.clamped(x + 1, y);
            const float bottom_left = grey.clamped(x - 1, y + 1);
            const float bottom = grey.clamped(x, y + 1);
            const float bottom_right = grey.clamped(x + 1, y + 1);
            gradients.dx.at(x, y) =
                (top_right + 2.0f * right + bottom_right - top_left - 2.0f * left - bottom_left) /
                8.0f;
            gradients.dy.at(x, y) =
                (bottom_left + 2.0f * bottom + bottom_right - top_left - 2.0f * top - top_right) /
                8.0f;
        }
    }
    return gradients;
}

OrientationField estimate_orientation(const FloatPlane& grey,
                                      const OrientationParameters& parameters)
{
    const GradientPlanes gradients =
        sobel_gradients(gaussian_blur(grey, parameters.gradient_presmoothing_sigma));
    FloatPlane gxx(grey.width, grey.height);
    FloatPlane gyy(grey.width, grey.height);
    FloatPlane gxy(grey.width, grey.height);
    for (std::size_t i = 0; i < grey.values.size(); ++i) {
        const float gx = gradients.dx.values[i];
        const float gy = gradients.dy.values[i];
        gxx.values[i] = gx * gx;
        gyy.values[i] = gy * gy;
        gxy.values[i] = gx * gy;
    }
    // Two box passes approximate a Gaussian at a fraction of the cost.
    const int radius = parameters.tensor_window_radius;
    gxx = box_mean(box_mean(gxx, radius), radius);
    gyy = box_mean(box_mean(gyy, radius), radius);
    gxy = box_mean(box_mean(gxy, radius), radius);

    OrientationField field{FloatPlane(grey.width, grey.height), FloatPlane(grey.width, grey.height),
                           FloatPlane(grey.width, grey.height)};
    for (std::size_t i = 0; i < grey.values.size(); ++i) {
        const float difference = gxx.values[i] - gyy.values[i];
        const float cross = 2.0f * gxy.values[i];
        const float trace = gxx.values[i] + gyy.values[i];
        // Dominant gradient direction is half the doubled angle; ridges run
        // perpendicular to it.
        float angle = 0.5f * std::atan2(cross, difference) + std::numbers::pi_v<float> / 2.0f;
        if (angle >= std::numbers::pi_v<float>) {
            angle -= std::numbers::pi_v<float>;
        }
        field.ridge_angle.values[i] = angle;
        field.coherence.values[i] =
            trace > 1e-6f ? std::sqrt(difference * difference + cross * cross) / trace : 0.0f;
        field.energy.values[i] = trace;
    }
    return field;
}

} // namespace ktpel::biometrics::fingerprint
