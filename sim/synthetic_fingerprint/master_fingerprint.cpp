// SPDX-License-Identifier: Apache-2.0
#include "master_fingerprint.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "edge_distance.hpp"
#include "minutiae_extraction.hpp"
#include "seeded_random.hpp"
#include "skeleton_thinning.hpp"

namespace ktpel::sim::fingerprint {

namespace {

// Purpose tags so each stage draws from its own stream: changing one
// stage's draws leaves the others' results alone.
enum StageTag : std::uint64_t
{
    shape_stage = 1,
    pattern_stage,
    singular_stage,
    orientation_stage,
    period_stage,
    growth_stage,
};

float bilinear(const std::vector<float>& values, int width, int height, double x, double y,
               float outside)
{
    if (!(x >= 0.0) || !(y >= 0.0) || x > width - 1.0 || y > height - 1.0) {
        return outside;
    }
    const int x0 = std::min(static_cast<int>(x), width - 2);
    const int y0 = std::min(static_cast<int>(y), height - 2);
    const auto fx = static_cast<float>(x - x0);
    const auto fy = static_cast<float>(y - y0);
    const float* row = values.data() + static_cast<std::size_t>(y0) * width + x0;
    const float top = row[0] + (row[1] - row[0]) * fx;
    const float bottom = row[width] + (row[width + 1] - row[width]) * fx;
    return top + (bottom - top) * fy;
}

} // namespace

float MasterFingerprint::ridge_at(double x, double y) const
{
    return bilinear(ridge_field, width, height, x, y, -1.0F);
}

float MasterFingerprint::edge_distance_at(double x, double y) const
{
    return bilinear(edge_distance, width, height, x, y, 0.0F);
}

drivers::RasterImage MasterFingerprint::render() const
{
    drivers::RasterImage image;
    image.width = static_cast<std::uint32_t>(width);
    image.height = static_cast<std::uint32_t>(height);
    image.ppi = master_ppi;
    image.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 255);
    for (std::size_t i = 0; i < image.pixels.size(); ++i) {
        if (edge_distance[i] > 0.0F) {
            const float ink = std::clamp(0.5F + 1.5F * ridge_field[i], 0.0F, 1.0F);
            image.pixels[i] = static_cast<std::uint8_t>(std::lround(250.0F - 215.0F * ink));
        }
    }
    return image;
}

MasterFingerprint generate_master_fingerprint(std::uint64_t person, FingerPosition position,
                                              const MasterParams& params)
{
    require_valid(position);
    if (!(params.min_ridge_period_px >= 3.0) ||
        !(params.max_ridge_period_px >= params.min_ridge_period_px) ||
        params.max_ridge_period_px > 14.0) {
        // The filter bank's support (15 px) limits usable periods.
        throw std::invalid_argument(
            "generate_master_fingerprint: ridge period range must lie within 3..14 px");
    }
    const auto code = static_cast<std::uint64_t>(finger_position_code(position));
    auto stage = [&](StageTag tag) {
        return SeededRandom(derive_seed({person, code, tag}));
    };

    MasterFingerprint master;
    master.person = person;
    master.position = position;
    {
        SeededRandom random = stage(shape_stage);
        master.shape = fingertip_shape_for(position, random);
    }
    master.width = static_cast<int>(std::ceil(master.shape.centre.x + master.shape.half_width)) +
                   master_margin_px;
    master.height = static_cast<int>(std::ceil(master.shape.centre.y + master.shape.half_height)) +
                    master_margin_px;
    {
        SeededRandom random = stage(pattern_stage);
        master.pattern = choose_pattern_class(position, random);
    }
    {
        SeededRandom random = stage(singular_stage);
        master.singular_points = place_singular_points(master.pattern, master.shape, random);
    }
    {
        SeededRandom random = stage(orientation_stage);
        master.orientation =
            OrientationField::from_pattern(master.width, master.height, master.pattern,
                                           master.singular_points, master.shape, random);
    }
    {
        SeededRandom random = stage(period_stage);
        master.ridge_period =
            RidgePeriodMap::generate(master.width, master.height, params.min_ridge_period_px,
                                     params.max_ridge_period_px, master.singular_points, random);
    }

    const std::size_t size =
        static_cast<std::size_t>(master.width) * static_cast<std::size_t>(master.height);
    std::vector<std::uint8_t> inside(size, 0);
    std::vector<std::uint8_t> growth_mask(size, 0);
    for (int y = 0; y < master.height; ++y) {
        for (int x = 0; x < master.width; ++x) {
            const double r =
                master.shape.normalised_radius({static_cast<double>(x), static_cast<double>(y)});
            const std::size_t i = static_cast<std::size_t>(y) * master.width + x;
            inside[i] = r < 1.0 ? 1 : 0;
            // Grow a little beyond the outline so ridges reach the rim
            // undisturbed by the growth boundary.
            growth_mask[i] = r < 1.06 ? 1 : 0;
        }
    }
    {
        SeededRandom random = stage(growth_stage);
        master.ridge_field = grow_ridges(master.orientation, master.ridge_period, growth_mask,
                                         params.growth, random);
    }
    master.edge_distance = distance_to_outside(inside, master.width, master.height);

    std::vector<std::uint8_t> ridges(size, 0);
    for (std::size_t i = 0; i < size; ++i) {
        ridges[i] = inside[i] != 0 && master.ridge_field[i] > 0.0F ? 1 : 0;
    }
    const std::vector<std::uint8_t> skeleton =
        thin_to_skeleton(ridges, master.width, master.height);
    MinutiaeExtractionParams extraction;
    extraction.ridge_period = 0.5 * (params.min_ridge_period_px + params.max_ridge_period_px);
    extraction.border_margin_px = 1.2 * extraction.ridge_period;
    master.minutiae =
        extract_minutiae(skeleton, master.edge_distance, master.width, master.height, extraction);
    return master;
}

} // namespace ktpel::sim::fingerprint
