// SPDX-License-Identifier: Apache-2.0
#include "finger_press.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "value_noise.hpp"

namespace ktpel::sim::fingerprint {

namespace {

double smoothstep(double edge0, double edge1, double x)
{
    const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

double clamp_normal(SeededRandom& random, double deviation, double limit)
{
    return std::clamp(random.normal(0.0, deviation), -limit, limit);
}

// Semi-axes of the contact ellipse: a light touch flattens less of the
// fingertip against the glass.
Point2 contact_radii(const MasterFingerprint& master, double pressure)
{
    return {master.shape.half_width * (0.74 + 0.24 * pressure),
            master.shape.half_height * (0.80 + 0.25 * pressure)};
}

// Two passes of a separable box blur: close to a Gaussian of standard
// deviation ~ radius * 0.8, cheap at any radius.
void box_blur(std::vector<float>& values, int width, int height, int radius)
{
    std::vector<float> scratch(values.size());
    const float scale = 1.0F / static_cast<float>(2 * radius + 1);
    for (int pass = 0; pass < 2; ++pass) {
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                float sum = 0.0F;
                for (int k = -radius; k <= radius; ++k) {
                    sum += values[static_cast<std::size_t>(y) * width +
                                  std::clamp(x + k, 0, width - 1)];
                }
                scratch[static_cast<std::size_t>(y) * width + x] = sum * scale;
            }
        }
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                float sum = 0.0F;
                for (int k = -radius; k <= radius; ++k) {
                    sum +=
                        scratch[static_cast<std::size_t>(std::clamp(y + k, 0, height - 1)) * width +
                                x];
                }
                values[static_cast<std::size_t>(y) * width + x] = sum * scale;
            }
        }
    }
}

// A slip while pressing: every point also shows the ink of the points the
// skin passed over, along one direction.
void smear(std::vector<float>& values, int width, int height, double angle, double length)
{
    constexpr int samples = 7;
    const double dx = std::cos(angle) * length / (samples - 1);
    const double dy = -std::sin(angle) * length / (samples - 1);
    std::vector<float> source = values;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            float sum = 0.0F;
            for (int s = 0; s < samples; ++s) {
                const int sx = std::clamp(static_cast<int>(std::lround(x - s * dx)), 0, width - 1);
                const int sy = std::clamp(static_cast<int>(std::lround(y - s * dy)), 0, height - 1);
                sum += source[static_cast<std::size_t>(sy) * width + sx];
            }
            values[static_cast<std::size_t>(y) * width + x] = sum / samples;
        }
    }
}

} // namespace

FingerPlacement random_placement(const MasterFingerprint& master, Point2 nominal_centre,
                                 double nominal_rotation, const PlacementSpread& spread,
                                 SeededRandom& random)
{
    FingerPlacement placement;
    placement.centre = {
        nominal_centre.x + clamp_normal(random, spread.shift_sd_px, spread.max_shift_px),
        nominal_centre.y + clamp_normal(random, spread.shift_sd_px, spread.max_shift_px)};
    placement.rotation =
        nominal_rotation + clamp_normal(random, spread.rotation_sd, spread.max_rotation);
    placement.pressure = random.uniform(0.3, 0.75);
    const double hw = master.shape.half_width;
    const double hh = master.shape.half_height;
    placement.contact_offset = {clamp_normal(random, 0.04 * hw, 0.1 * hw),
                                0.08 * hh + clamp_normal(random, 0.04 * hh, 0.1 * hh)};
    // Draw the distortion even when it is disabled, so switching it off
    // does not change anything else about the impression.
    SkinDistortion distortion;
    distortion.contact_centre = {master.shape.centre.x + placement.contact_offset.x,
                                 master.shape.centre.y + placement.contact_offset.y};
    distortion.contact_radius_x = 0.45 * hw;
    distortion.contact_radius_y = 0.40 * hh;
    distortion.shift_x = clamp_normal(random, 5.0, 12.0);
    distortion.shift_y = clamp_normal(random, 5.0, 12.0);
    distortion.twist = clamp_normal(random, 0.04, 0.08);
    distortion.brake_px = 0.6 * hw;
    placement.distortion = spread.skin_distortion ? distortion : SkinDistortion::none();
    return placement;
}

void make_partial(FingerPlacement& placement, const MasterFingerprint& master, SeededRandom& random)
{
    placement.partial = true;
    placement.partial_angle = random.uniform(0.0, 2.0 * std::numbers::pi);
    const double reach = 0.85 * std::min(master.shape.half_width, master.shape.half_height);
    placement.partial_offset = random.uniform(-0.4, 0.05) * reach;
}

Point2 master_to_image(const MasterFingerprint& master, const FingerPlacement& placement,
                       Point2 master_point)
{
    const Point2 distorted = placement.distortion.apply(master_point);
    const Point2 turned =
        rotate_on_screen({distorted.x - master.shape.centre.x, distorted.y - master.shape.centre.y},
                         placement.rotation);
    return {placement.centre.x + turned.x, placement.centre.y + turned.y};
}

Point2 image_to_master(const MasterFingerprint& master, const FingerPlacement& placement,
                       Point2 image_point)
{
    const Point2 turned =
        rotate_on_screen({image_point.x - placement.centre.x, image_point.y - placement.centre.y},
                         -placement.rotation);
    return placement.distortion.invert(
        {master.shape.centre.x + turned.x, master.shape.centre.y + turned.y});
}

double contact_strength(const MasterFingerprint& master, const FingerPlacement& placement, Point2 p)
{
    const Point2 radii = contact_radii(master, placement.pressure);
    const double cx = master.shape.centre.x + placement.contact_offset.x;
    const double cy = master.shape.centre.y + placement.contact_offset.y;
    const double ellipse = std::hypot((p.x - cx) / radii.x, (p.y - cy) / radii.y);
    // Contact fades out over the last ~12 px: the skin curves away from
    // the glass, so ridges there touch lightly.
    double strength = smoothstep(0.0, 12.0, (1.0 - ellipse) * std::min(radii.x, radii.y));
    if (strength <= 0.0) {
        return 0.0;
    }
    strength *= smoothstep(0.0, 5.0, master.edge_distance_at(p.x, p.y));
    if (placement.partial && strength > 0.0) {
        const double along = (p.x - cx) * std::cos(placement.partial_angle) -
                             (p.y - cy) * std::sin(placement.partial_angle);
        strength *= smoothstep(0.0, 8.0, placement.partial_offset - along);
    }
    return strength;
}

PressedFinger press_finger(InkCanvas& canvas, const MasterFingerprint& master,
                           const FingerPlacement& placement, SkinCondition condition,
                           std::uint64_t condition_seed)
{
    PressedFinger pressed;
    pressed.position = master.position;
    SeededRandom random(condition_seed);

    // Image region that can receive ink: the rotated fingertip rectangle,
    // grown by what the distortion can move.
    const double slack = std::abs(placement.distortion.shift_x) +
                         std::abs(placement.distortion.shift_y) +
                         std::abs(placement.distortion.twist) * master.shape.half_height + 4.0;
    double min_x = 1e9;
    double min_y = 1e9;
    double max_x = -1e9;
    double max_y = -1e9;
    for (int corner = 0; corner < 4; ++corner) {
        const Point2 offset{(corner % 2 == 0 ? -1.0 : 1.0) * master.shape.half_width,
                            (corner / 2 == 0 ? -1.0 : 1.0) * master.shape.half_height};
        const Point2 turned = rotate_on_screen(offset, placement.rotation);
        min_x = std::min(min_x, placement.centre.x + turned.x);
        max_x = std::max(max_x, placement.centre.x + turned.x);
        min_y = std::min(min_y, placement.centre.y + turned.y);
        max_y = std::max(max_y, placement.centre.y + turned.y);
    }
    const int x0 = std::max(0, static_cast<int>(std::floor(min_x - slack)));
    const int y0 = std::max(0, static_cast<int>(std::floor(min_y - slack)));
    const int x1 = std::min(canvas.width(), static_cast<int>(std::ceil(max_x + slack)) + 1);
    const int y1 = std::min(canvas.height(), static_cast<int>(std::ceil(max_y + slack)) + 1);
    if (x1 <= x0 || y1 <= y0) {
        return pressed;
    }
    const int width = x1 - x0;
    const int height = y1 - y0;

    // Inverting the distortion is the costly part of the mapping; it is
    // smooth, so a coarse grid interpolated bilinearly is exact enough.
    constexpr int grid_step = 4;
    const int grid_w = width / grid_step + 2;
    const int grid_h = height / grid_step + 2;
    std::vector<Point2> grid(static_cast<std::size_t>(grid_w) * grid_h);
    for (int gy = 0; gy < grid_h; ++gy) {
        for (int gx = 0; gx < grid_w; ++gx) {
            grid[static_cast<std::size_t>(gy) * grid_w + gx] =
                image_to_master(master, placement,
                                {x0 + gx * static_cast<double>(grid_step),
                                 y0 + gy * static_cast<double>(grid_step)});
        }
    }

    double bias = 0.4 * (placement.pressure - 0.5);
    if (condition == SkinCondition::Dry) {
        bias -= 0.28; // dry skin: thin ridges
    } else if (condition == SkinCondition::Wet) {
        bias += 0.4; // swollen ridges flood the valleys
    }
    const ValueNoise pressure_noise(random.next_u64(), 40.0);
    const ValueNoise dry_breaks(random.next_u64(), 6.0);
    const ValueNoise dry_faintness(random.next_u64(), 25.0);

    std::vector<float> ink(static_cast<std::size_t>(width) * height, 0.0F);
    std::vector<float> contact(ink.size(), 0.0F);
    for (int y = 0; y < height; ++y) {
        const int gy = y / grid_step;
        const double fy = static_cast<double>(y % grid_step) / grid_step;
        for (int x = 0; x < width; ++x) {
            const int gx = x / grid_step;
            const double fx = static_cast<double>(x % grid_step) / grid_step;
            const Point2* g = &grid[static_cast<std::size_t>(gy) * grid_w + gx];
            const Point2 p{(g[0].x * (1 - fx) + g[1].x * fx) * (1 - fy) +
                               (g[grid_w].x * (1 - fx) + g[grid_w + 1].x * fx) * fy,
                           (g[0].y * (1 - fx) + g[1].y * fx) * (1 - fy) +
                               (g[grid_w].y * (1 - fx) + g[grid_w + 1].y * fx) * fy};
            const double strength = contact_strength(master, placement, p);
            if (strength <= 0.0) {
                continue;
            }
            const std::size_t i = static_cast<std::size_t>(y) * width + x;
            contact[i] = static_cast<float>(strength);
            const double ridge = master.ridge_at(p.x, p.y);
            double value = std::clamp(0.5 + 1.6 * (ridge + bias), 0.0, 1.0);
            value *= strength * (0.8 + 0.2 * pressure_noise.at(p.x, p.y));
            if (condition == SkinCondition::Dry) {
                // Dry skin touches in patches: ridges break up and fade.
                value *= smoothstep(0.3, 0.45, dry_breaks.at(p.x, p.y)) *
                         (0.4 + 0.35 * dry_faintness.at(p.x, p.y));
            }
            ink[i] = static_cast<float>(value);
        }
    }
    if (condition == SkinCondition::Wet) {
        box_blur(ink, width, height, 2);
        for (float& value : ink) {
            value = std::min(1.0F, value * 1.25F);
        }
    } else if (condition == SkinCondition::Smudged) {
        smear(ink, width, height, random.uniform(0.0, 2.0 * std::numbers::pi),
              random.uniform(9.0, 16.0));
        box_blur(ink, width, height, 1);
        for (float& value : ink) {
            value *= 0.85F;
        }
    }

    int box_x0 = width;
    int box_y0 = height;
    int box_x1 = -1;
    int box_y1 = -1;
    double weight = 0.0;
    double sum_x = 0.0;
    double sum_y = 0.0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * width + x;
            canvas.deposit(x0 + x, y0 + y, ink[i]);
            if (contact[i] > 0.0F) {
                box_x0 = std::min(box_x0, x);
                box_y0 = std::min(box_y0, y);
                box_x1 = std::max(box_x1, x);
                box_y1 = std::max(box_y1, y);
                weight += contact[i];
                sum_x += contact[i] * (x0 + x);
                sum_y += contact[i] * (y0 + y);
                pressed.contact_area_px += contact[i] >= 0.5F ? 1.0 : 0.0;
            }
        }
    }
    if (box_x1 >= 0) {
        pressed.box = {x0 + box_x0, y0 + box_y0, box_x1 - box_x0 + 1, box_y1 - box_y0 + 1};
        pressed.centre = {sum_x / weight, sum_y / weight};
    }

    constexpr double visible_contact = 0.9;
    constexpr double canvas_margin = 3.0;
    for (const Minutia& minutia : master.minutiae) {
        const Point2 at{minutia.x, minutia.y};
        if (contact_strength(master, placement, at) < visible_contact) {
            continue;
        }
        const Point2 image_at = master_to_image(master, placement, at);
        if (image_at.x < canvas_margin || image_at.y < canvas_margin ||
            image_at.x > canvas.width() - 1 - canvas_margin ||
            image_at.y > canvas.height() - 1 - canvas_margin) {
            continue;
        }
        // Carry the direction through the (locally non-rigid) mapping.
        constexpr double step = 4.0;
        const Point2 ahead = master_to_image(
            master, placement,
            {at.x + step * std::cos(minutia.direction), at.y - step * std::sin(minutia.direction)});
        pressed.minutiae.push_back({image_at.x, image_at.y,
                                    screen_angle(ahead.x - image_at.x, ahead.y - image_at.y),
                                    minutia.type});
    }
    return pressed;
}

} // namespace ktpel::sim::fingerprint
