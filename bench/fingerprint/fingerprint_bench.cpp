// SPDX-License-Identifier: Apache-2.0
// Prints the median cost (ms) of fingerprint processing steps on analytic
// 500 ppi images: minutiae extraction and quality per ~400x500 finger, and
// segmentation per 1600x1500 slap. Usage: fingerprint_bench [repetitions]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "analytic_fingerprint_images.hpp"
#include "biometrics/fingerprint/finger_quality.hpp"
#include "biometrics/fingerprint/minutiae_extractor.hpp"
#include "biometrics/fingerprint/slap_segmentation.hpp"

namespace {

using namespace ktpel::biometrics::fingerprint;
using namespace ktpel::tests::fingerprint;

double median_ms(int repetitions, const std::function<void()>& work)
{
    work(); // warm caches and allocator
    std::vector<double> samples;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        samples.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

ktpel::drivers::RasterImage finger(double noise)
{
    FingerPatch patch;
    patch.centre_x = 200;
    patch.centre_y = 250;
    patch.semi_axis_x = 185;
    patch.semi_axis_y = 235;
    patch.curvature_radius = 300;
    patch.minutiae = {{140, 140, MinutiaType::ridge_ending, 1},
                      {260, 160, MinutiaType::ridge_bifurcation, 1},
                      {130, 260, MinutiaType::ridge_bifurcation, -1},
                      {260, 270, MinutiaType::ridge_ending, -1}};
    auto image = render_patches(400, 500, {patch}).image;
    add_noise(image, noise, 7);
    return image;
}

} // namespace

int main(int argc, char** argv)
{
    const int repetitions = argc > 1 ? std::max(1, std::atoi(argv[1])) : 15;
    std::printf("fingerprint_bench: median of %d runs, 500 ppi\n", repetitions);
    for (const double noise : {2.0, 25.0}) {
        const auto image = finger(noise);
        MinutiaeExtraction extraction;
        const double extract =
            median_ms(repetitions, [&] { extraction = extract_minutiae(image); });
        const double quality =
            median_ms(repetitions, [&] { (void)assess_finger_quality(image, extraction); });
        std::printf("400x500 finger, noise sigma %4.1f: extraction %6.1f ms/finger (%zu minutiae), "
                    "quality given extraction %6.1f ms/finger, quality+extraction %6.1f "
                    "ms/finger\n",
                    noise, extract, extraction.minutiae.size(), quality, extract + quality);
    }
    std::vector<FingerPatch> patches;
    for (const auto& [x, drop] :
         std::vector<std::pair<double, double>>{{250, 170}, {600, 35}, {950, 0}, {1300, 70}}) {
        FingerPatch patch;
        patch.centre_x = x;
        patch.centre_y = 150 + drop + 240;
        patch.semi_axis_x = 110;
        patch.semi_axis_y = 240;
        patch.curvature_radius = 260;
        patches.push_back(patch);
    }
    auto slap = render_patches(1600, 1500, patches).image;
    add_noise(slap, 2.0, 8);
    const double segment = median_ms(
        repetitions, [&] { (void)segment_slap(slap, expect_fingers(SlapKind::left_four)); });
    std::printf("1600x1500 slap, 4 fingers: segmentation %6.1f ms/slap (%6.1f ms/finger)\n",
                segment, segment / 4.0);
    return 0;
}
