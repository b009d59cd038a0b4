// SPDX-License-Identifier: Apache-2.0
#include "image_filters.hpp"

#include <cmath>
#include <string>

#include "fingerprint_error.hpp"

namespace ktpel::biometrics::fingerprint {

void validate_fingerprint_image(const ktpel::RasterImage& image)
{
    if (image.width < 32 || image.height < 32) {
        throw InvalidFingerprintImage("image is " + std::to_string(image.width) + "x" +
                                      std::to_string(image.height) +
                                      ", smaller than one 32x32 analysis block");
    }
    // Guard the multiplication below against absurd headers.
    if (image.width > 20000 || image.height > 20000) {
        throw InvalidFingerprintImage("image dimensions exceed 20000 pixels");
    }
    const std::size_t expected = static_cast<std::size_t>(image.width) * image.height;
    if (image.pixels.size() != expected) {
        throw InvalidFingerprintImage("pixel buffer holds " + std::to_string(image.pixels.size()) +
                                      " bytes, width*height is " + std::to_string(expected));
    }
    if (image.ppi != 0 && (image.ppi < 250 || image.ppi > 1000)) {
        throw InvalidFingerprintImage("resolution " + std::to_string(image.ppi) +
                                      " ppi is outside 250..1000");
    }
}

FloatPlane to_float_plane(const ktpel::RasterImage& image)
{
    FloatPlane plane(static_cast<int>(image.width), static_cast<int>(image.height));
    for (std::size_t i = 0; i < image.pixels.size(); ++i) {
        plane.values[i] = static_cast<float>(image.pixels[i]);
    }
    return plane;
}

namespace {

// One horizontal pass of a clipped box mean; applied to rows then columns.
void box_mean_rows(const float* input, float* output, int length, int stride, int radius)
{
    double sum = 0.0;
    int count = 0;
    for (int i = 0; i <= std::min(radius, length - 1); ++i) {
        sum += input[static_cast<std::ptrdiff_t>(i) * stride];
        ++count;
    }
    for (int i = 0; i < length; ++i) {
        output[static_cast<std::ptrdiff_t>(i) * stride] = static_cast<float>(sum / count);
        const int entering = i + radius + 1;
        const int leaving = i - radius;
        if (entering < length) {
            sum += input[static_cast<std::ptrdiff_t>(entering) * stride];
            ++count;
        }
        if (leaving >= 0) {
            sum -= input[static_cast<std::ptrdiff_t>(leaving) * stride];
            --count;
        }
    }
}

} // namespace

FloatPlane box_mean(const FloatPlane& input, int radius)
{
    FloatPlane horizontal(input.width, input.height);
    for (int y = 0; y < input.height; ++y) {
        box_mean_rows(&input.values[input.index(0, y)], &horizontal.values[input.index(0, y)],
                      input.width, 1, radius);
    }
    FloatPlane output(input.width, input.height);
    for (int x = 0; x < input.width; ++x) {
        box_mean_rows(&horizontal.values[static_cast<std::size_t>(x)],
                      &output.values[static_cast<std::size_t>(x)], input.height, input.width,
                      radius);
    }
    return output;
}

FloatPlane gaussian_blur(const FloatPlane& input, float sigma)
{
    if (sigma <= 0.0f) {
        return input;
    }
    const int radius = static_cast<int>(std::ceil(3.0f * sigma));
    std::vector<float> kernel(static_cast<std::size_t>(2 * radius + 1));
    float total = 0.0f;
    for (int i = -radius; i <= radius; ++i) {
        const float weight = std::exp(-0.5f * static_cast<float>(i * i) / (sigma * sigma));
        kernel[static_cast<std::size_t>(i + radius)] = weight;
        total += weight;
    }
    for (float& weight : kernel) {
        weight /= total;
    }
    // Clamped reads only near the border; the interior takes the direct
    // path, which the compiler can vectorise.
    FloatPlane horizontal(input.width, input.height);
    for (int y = 0; y < input.height; ++y) {
        const float* row = &input.values[input.index(0, y)];
        for (int x = 0; x < input.width; ++x) {
            float sum = 0.0f;
            if (x >= radius && x + radius < input.width) {
                for (int i = -radius; i <= radius; ++i) {
                    sum += kernel[static_cast<std::size_t>(i + radius)] * row[x + i];
                }
            } else {
                for (int i = -radius; i <= radius; ++i) {
                    sum += kernel[static_cast<std::size_t>(i + radius)] * input.clamped(x + i, y);
                }
            }
            horizontal.at(x, y) = sum;
        }
    }
    FloatPlane output(input.width, input.height);
    for (int y = 0; y < input.height; ++y) {
        if (y >= radius && y + radius < input.height) {
            float* out = &output.values[output.index(0, y)];
            for (int i = -radius; i <= radius; ++i) {
                const float weight = kernel[static_cast<std::size_t>(i + radius)];
                const float* source = &horizontal.values[horizontal.index(0, y + i)];
                for (int x = 0; x < input.width; ++x) {
                    out[x] += weight * source[x];
                }
            }
            continue;
        }
        for (int x = 0; x < input.width; ++x) {
            float sum = 0.0f;
            for (int i = -radius; i <= radius; ++i) {
                sum += kernel[static_cast<std::size_t>(i + radius)] * horizontal.clamped(x, y + i);
            }
            output.at(x, y) = sum;
        }
    }
    return output;
}

FloatPlane normalise_locally(const FloatPlane& grey, int radius)
{
    const FloatPlane mean = box_mean(grey, radius);
    FloatPlane squares(grey.width, grey.height);
    for (std::size_t i = 0; i < grey.values.size(); ++i) {
        squares.values[i] = grey.values[i] * grey.values[i];
    }
    const FloatPlane mean_of_squares = box_mean(squares, radius);
    FloatPlane output(grey.width, grey.height);
    for (std::size_t i = 0; i < grey.values.size(); ++i) {
        const float variance =
            std::max(0.0f, mean_of_squares.values[i] - mean.values[i] * mean.values[i]);
        // The floor keeps flat background from being amplified into noise.
        const float deviation = std::sqrt(variance) + 2.0f;
        output.values[i] = (mean.values[i] - grey.values[i]) / deviation;
    }
    return output;
}

} // namespace ktpel::biometrics::fingerprint
