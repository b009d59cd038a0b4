// SPDX-License-Identifier: Apache-2.0
#include "cylinder_builder.hpp"

#include <array>
#include <cmath>
#include <numbers>

#include "angles.hpp"
#include "enlarged_hull.hpp"

namespace ktpel::biometrics::matcher {

namespace {

constexpr double cell_centre_offset = (spatial_cells_per_side - 1) / 2.0; // 7.5

bool centre_in_disc(int i, int j)
{
    const double u = i - cell_centre_offset;
    const double v = j - cell_centre_offset;
    const double half = spatial_cells_per_side / 2.0;
    return u * u + v * v <= half * half;
}

// Share of a zero-mean Gaussian (sigma_D) over the direction cell centred
// `alpha` away from the neighbour's relative direction.
double direction_share(double alpha, double direction_sigma)
{
    const double half_cell = std::numbers::pi / direction_cells;
    const double scale = 1.0 / (std::numbers::sqrt2 * direction_sigma);
    return 0.5 * (std::erf((alpha + half_cell) * scale) - std::erf((alpha - half_cell) * scale));
}

struct Neighbour
{
    double x;
    double y;
    std::array<double, direction_cells> direction_weight;
};

bool inside(const std::optional<ImageBounds>& bounds, double x, double y)
{
    return !bounds ||
           (x >= bounds->min_x && x <= bounds->max_x && y >= bounds->min_y && y <= bounds->max_y);
}

} // namespace

int cells_in_disc()
{
    int count = 0;
    for (int j = 0; j < spatial_cells_per_side; ++j) {
        for (int i = 0; i < spatial_cells_per_side; ++i) {
            count += centre_in_disc(i, j) ? 1 : 0;
        }
    }
    return count;
}

BuiltCylinders build_cylinders(const std::vector<PlacedMinutia>& minutiae,
                               const std::optional<ImageBounds>& bounds,
                               const CylinderParameters& parameters)
{
    BuiltCylinders built;
    if (minutiae.empty()) {
        return built;
    }
    std::vector<EnlargedHull::Point> points;
    points.reserve(minutiae.size());
    for (const PlacedMinutia& minutia : minutiae) {
        points.emplace_back(minutia.x, minutia.y);
    }
    const EnlargedHull hull(points, parameters.hull_margin);

    const double radius = parameters.radius;
    const double cell_size = 2.0 * radius / spatial_cells_per_side;
    const double sigma = parameters.spatial_sigma;
    const double reach = 3.0 * sigma; // contributions beyond 3 sigma are dropped
    const double neighbourhood = radius + reach;
    const double spatial_norm = 1.0 / (sigma * std::sqrt(2.0 * std::numbers::pi));
    const double min_valid_cells = parameters.min_valid_cell_share * cells_in_disc();
    const double direction_cell = two_pi / direction_cells;

    std::vector<Neighbour> neighbours;
    for (std::size_t owner = 0; owner < minutiae.size(); ++owner) {
        const PlacedMinutia& centre = minutiae[owner];
        neighbours.clear();
        for (std::size_t other = 0; other < minutiae.size(); ++other) {
            const PlacedMinutia& candidate = minutiae[other];
            if (other == owner ||
                std::hypot(candidate.x - centre.x, candidate.y - centre.y) > neighbourhood) {
                continue;
            }
            Neighbour neighbour{candidate.x, candidate.y, {}};
            const double relative = wrap_signed(candidate.angle - centre.angle);
            for (int k = 0; k < direction_cells; ++k) {
                const double cell_angle = -std::numbers::pi + (k + 0.5) * direction_cell;
                neighbour.direction_weight[k] =
                    direction_share(wrap_signed(cell_angle - relative), parameters.direction_sigma);
            }
            neighbours.push_back(neighbour);
        }
        if (static_cast<int>(neighbours.size()) < parameters.min_contributing_minutiae) {
            continue;
        }

        CylinderCode code;
        int valid_cells = 0;
        const double cos_angle = std::cos(centre.angle);
        const double sin_angle = std::sin(centre.angle);
        for (int j = 0; j < spatial_cells_per_side; ++j) {
            for (int i = 0; i < spatial_cells_per_side; ++i) {
                if (!centre_in_disc(i, j)) {
                    continue;
                }
                const double u = (i - cell_centre_offset) * cell_size;
                const double v = (j - cell_centre_offset) * cell_size;
                const double x = centre.x + u * cos_angle - v * sin_angle;
                const double y = centre.y + u * sin_angle + v * cos_angle;
                if (!inside(bounds, x, y) || !hull.contains({x, y})) {
                    continue;
                }
                const int cell = j * spatial_cells_per_side + i;
                code.valid[cell / 64] |= std::uint64_t{1} << (cell % 64);
                ++valid_cells;

                std::array<double, direction_cells> sums{};
                for (const Neighbour& neighbour : neighbours) {
                    const double dx = neighbour.x - x;
                    const double dy = neighbour.y - y;
                    const double squared = dx * dx + dy * dy;
                    if (squared > reach * reach) {
                        continue;
                    }
                    const double spatial =
                        spatial_norm * std::exp(-squared / (2.0 * sigma * sigma));
                    for (int k = 0; k < direction_cells; ++k) {
                        sums[k] += spatial * neighbour.direction_weight[k];
                    }
                }
                for (int k = 0; k < direction_cells; ++k) {
                    if (sums[k] >= parameters.contribution_threshold) {
                        const int bit = k * cells_per_layer + cell;
                        code.cells[bit / 64] |= std::uint64_t{1} << (bit % 64);
                    }
                }
            }
        }
        if (valid_cells < min_valid_cells) {
            continue;
        }
        built.owners.push_back(owner);
        built.codes.push_back(code);
    }
    return built;
}

} // namespace ktpel::biometrics::matcher
