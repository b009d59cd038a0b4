// SPDX-License-Identifier: Apache-2.0
#include "test_minutiae.hpp"

#include <cmath>
#include <numbers>

#include "biometrics/fingerprint/minutiae_extractor.hpp"
#include "sim/synthetic_fingerprint/impression.hpp"
#include "sim/synthetic_fingerprint/master_cache.hpp"

namespace ktpel::biometrics::matcher::testing {

namespace {

// SplitMix64 (Steele, Lea, Flood 2014): tiny, well mixed, portable.
class SplitMix
{
public:
    explicit SplitMix(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

sim::fingerprint::MasterCache& masters()
{
    static sim::fingerprint::MasterCache cache(16);
    return cache;
}

} // namespace

std::vector<fingerprint::Minutia> extracted_minutiae(std::uint64_t person, int impression,
                                                     sim::fingerprint::SkinCondition condition)
{
    const sim::fingerprint::Impression rendered = sim::fingerprint::render_impression(
        masters(), person, sim::fingerprint::FingerPosition::RightIndex,
        static_cast<std::uint64_t>(impression), condition);
    return fingerprint::extract_minutiae(rendered.image).minutiae;
}

std::vector<fingerprint::Minutia> random_minutiae(std::uint64_t seed, int count, int width,
                                                  int height)
{
    SplitMix random(seed);
    std::vector<fingerprint::Minutia> minutiae;
    for (int i = 0; i < count; ++i) {
        fingerprint::Minutia minutia;
        minutia.x = static_cast<int>(random.unit() * width);
        minutia.y = static_cast<int>(random.unit() * height);
        minutia.angle_radians = random.unit() * 2.0 * std::numbers::pi;
        minutia.type = random.unit() < 0.5 ? fingerprint::MinutiaType::ridge_ending
                                           : fingerprint::MinutiaType::ridge_bifurcation;
        minutia.quality = 60;
        minutiae.push_back(minutia);
    }
    return minutiae;
}

std::vector<fingerprint::Minutia> rotated_and_shifted(const std::vector<fingerprint::Minutia>& set,
                                                      double radians, double centre_x,
                                                      double centre_y, int dx, int dy)
{
    std::vector<fingerprint::Minutia> moved;
    const double c = std::cos(radians);
    const double s = std::sin(radians);
    for (fingerprint::Minutia minutia : set) {
        // Counter-clockwise on screen with y down: the y offset turns the
        // other way than in a y-up frame.
        const double ox = minutia.x - centre_x;
        const double oy = minutia.y - centre_y;
        minutia.x = static_cast<int>(std::lround(centre_x + c * ox + s * oy)) + dx;
        minutia.y = static_cast<int>(std::lround(centre_y - s * ox + c * oy)) + dy;
        minutia.angle_radians = std::fmod(minutia.angle_radians + radians + 2.0 * std::numbers::pi,
                                          2.0 * std::numbers::pi);
        moved.push_back(minutia);
    }
    return moved;
}

} // namespace ktpel::biometrics::matcher::testing
