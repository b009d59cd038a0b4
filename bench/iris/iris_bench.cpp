// SPDX-License-Identifier: Apache-2.0
// Per-eye cost of assess_eye (segmentation + quality measures + score) on
// 640x480 synthetic eyes, normal and impaired. Usage: iris_bench [eyes]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "biometrics/iris/eye_assessment.hpp"
#include "sim/synthetic_iris/eye_renderer.hpp"

namespace {

namespace sim = ktpel::sim::iris;
namespace iris = ktpel::biometrics::iris;

struct Case
{
    const char* name;
    sim::EyeImpairments impairments;
};

} // namespace

int main(int argc, char** argv)
{
    const int eyes = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    const std::vector<Case> cases = {
        {"normal", {}},
        {"defocus_2.5px", {.defocus_sigma_px = 2.5}},
        {"occluded_40%", {.eyelid_occlusion = 0.4}},
        {"closed", {.presence = sim::EyePresence::closed}},
    };
    std::printf("%-14s %6s %8s %8s %8s %8s %6s\n", "case", "eyes", "mean_ms", "p50_ms", "max_ms",
                "score", "noeye");
    for (const auto& c : cases) {
        std::vector<double> ms;
        double score_sum = 0.0;
        int scored = 0;
        int no_eye = 0;
        for (int i = 0; i < eyes; ++i) {
            sim::ImpressionOptions options;
            options.impression = static_cast<std::uint64_t>(i);
            options.impairments = c.impairments;
            const auto eye =
                sim::render_eye(static_cast<std::uint64_t>(1000 + i),
                                i % 2 ? sim::EyeSide::left : sim::EyeSide::right, options);
            const auto start = std::chrono::steady_clock::now();
            const auto result = iris::assess_eye(eye.image);
            const auto stop = std::chrono::steady_clock::now();
            ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
            if (const auto* r = std::get_if<iris::IrisQualityReport>(&result)) {
                score_sum += r->score.overall;
                ++scored;
            } else {
                ++no_eye;
            }
        }
        std::sort(ms.begin(), ms.end());
        double mean = 0.0;
        for (double v : ms)
            mean += v;
        mean /= static_cast<double>(ms.size());
        std::printf("%-14s %6d %8.1f %8.1f %8.1f %8.1f %6d\n", c.name, eyes, mean,
                    ms[ms.size() / 2], ms.back(), scored ? score_sum / scored : 0.0, no_eye);
    }
    return 0;
}
