// SPDX-License-Identifier: Apache-2.0
#include "match_template.hpp"

#include <bit>
#include <cmath>
#include <optional>
#include <string>

#include "angles.hpp"
#include "cylinder_builder.hpp"
#include "matcher_error.hpp"

namespace ktpel::biometrics::matcher {

namespace {

constexpr double reference_ppi = 500.0;
constexpr double centimetres_per_inch = 2.54;

double ppi_from_ppcm(std::uint16_t ppcm)
{
    const double ppi = ppcm * centimetres_per_inch;
    const double nearest_ten = std::round(ppi / 10.0) * 10.0;
    // The record rounds to whole ppcm: half a ppcm either way.
    return std::abs(ppi - nearest_ten) <= 0.5 * centimetres_per_inch ? nearest_ten : ppi;
}

// FNV-1a: only has to be deterministic and spread well, not be secure.
class Digest
{
public:
    void add(std::uint64_t value)
    {
        for (int byte = 0; byte < 8; ++byte) {
            state_ ^= (value >> (8 * byte)) & 0xff;
            state_ *= 0x100000001b3ULL;
        }
    }
    void add(double value) { add(std::bit_cast<std::uint64_t>(value)); }
    void add(float value) { add(static_cast<std::uint64_t>(std::bit_cast<std::uint32_t>(value))); }
    std::uint64_t value() const { return state_; }

private:
    std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

std::uint64_t digest_of(const MatchTemplate& prepared)
{
    Digest digest;
    const CylinderParameters& p = prepared.cylinder_parameters;
    for (double value : {p.radius, p.spatial_sigma, p.direction_sigma, p.contribution_threshold,
                         p.hull_margin, p.min_valid_cell_share}) {
        digest.add(value);
    }
    digest.add(static_cast<std::uint64_t>(p.min_contributing_minutiae));
    digest.add(static_cast<std::uint64_t>(prepared.input_minutiae));
    for (const TemplateMinutia& minutia : prepared.minutiae) {
        digest.add(minutia.x);
        digest.add(minutia.y);
        digest.add(minutia.angle);
    }
    for (const CylinderCode& code : prepared.cylinders) {
        for (std::uint64_t word : code.cells) {
            digest.add(word);
        }
        for (std::uint64_t word : code.valid) {
            digest.add(word);
        }
    }
    return digest.value();
}

void check_geometry(const TemplateGeometry& geometry)
{
    if (!(geometry.x_ppi > 0.0) || !(geometry.y_ppi > 0.0) || !std::isfinite(geometry.x_ppi) ||
        !std::isfinite(geometry.y_ppi)) {
        throw MatcherInputError("resolution must be positive, got " +
                                std::to_string(geometry.x_ppi) + " x " +
                                std::to_string(geometry.y_ppi) + " ppi");
    }
    if (geometry.width < 0 || geometry.height < 0) {
        throw MatcherInputError("negative image size");
    }
}

// To the matcher's frame: 500 ppi, y up. Anisotropic resolutions turn
// angles too (a direction is a vector in pixel units).
PlacedMinutia place(double x, double y, double angle, const TemplateGeometry& geometry)
{
    const double sx = reference_ppi / geometry.x_ppi;
    const double sy = reference_ppi / geometry.y_ppi;
    PlacedMinutia placed;
    placed.x = x * sx;
    placed.y = -y * sy;
    placed.angle =
        wrap_positive(sx == sy ? angle : std::atan2(std::sin(angle) * sy, std::cos(angle) * sx));
    return placed;
}

MatchTemplate assemble(const std::vector<PlacedMinutia>& placed, const TemplateGeometry& geometry,
                       const CylinderParameters& parameters)
{
    std::optional<ImageBounds> bounds;
    if (geometry.width > 0 && geometry.height > 0) {
        bounds = ImageBounds{0.0, geometry.width * reference_ppi / geometry.x_ppi,
                             -geometry.height * reference_ppi / geometry.y_ppi, 0.0};
    }
    BuiltCylinders built = build_cylinders(placed, bounds, parameters);

    MatchTemplate prepared;
    prepared.cylinder_parameters = parameters;
    prepared.input_minutiae = placed.size();
    prepared.cylinders = std::move(built.codes);
    for (std::size_t owner : built.owners) {
        const PlacedMinutia& minutia = placed[owner];
        prepared.minutiae.push_back({static_cast<float>(minutia.x), static_cast<float>(minutia.y),
                                     static_cast<float>(minutia.angle)});
    }

    const std::size_t count = prepared.minutiae.size();
    prepared.distances.assign(count * count, 0.0f);
    prepared.direction_changes.assign(count * count, 0.0f);
    prepared.radial_angles.assign(count * count, 0.0f);
    for (std::size_t i = 0; i < count; ++i) {
        const PlacedMinutia& from = placed[built.owners[i]];
        for (std::size_t k = 0; k < count; ++k) {
            if (k == i) {
                continue;
            }
            const PlacedMinutia& to = placed[built.owners[k]];
            const double dx = to.x - from.x;
            const double dy = to.y - from.y;
            const std::size_t entry = i * count + k;
            prepared.distances[entry] = static_cast<float>(std::hypot(dx, dy));
            prepared.direction_changes[entry] =
                static_cast<float>(wrap_signed(to.angle - from.angle));
            prepared.radial_angles[entry] =
                static_cast<float>(wrap_signed(std::atan2(dy, dx) - from.angle));
        }
    }
    prepared.digest = digest_of(prepared);
    return prepared;
}

void check_count(std::size_t count)
{
    if (count > max_template_minutiae) {
        throw MatcherInputError(std::to_string(count) + " minutiae, at most " +
                                std::to_string(max_template_minutiae) + " allowed");
    }
}

} // namespace

TemplateGeometry geometry_of(const fingerprint::FingerMinutiaeRecord& record)
{
    TemplateGeometry geometry;
    geometry.width = record.image_width;
    geometry.height = record.image_height;
    geometry.x_ppi = ppi_from_ppcm(record.x_resolution_ppcm);
    geometry.y_ppi = ppi_from_ppcm(record.y_resolution_ppcm);
    return geometry;
}

MatchTemplate prepare_template(const std::vector<fingerprint::Minutia>& minutiae,
                               const TemplateGeometry& geometry,
                               const CylinderParameters& parameters)
{
    check_geometry(geometry);
    check_count(minutiae.size());
    std::vector<PlacedMinutia> placed;
    placed.reserve(minutiae.size());
    for (const fingerprint::Minutia& minutia : minutiae) {
        if (!std::isfinite(minutia.angle_radians)) {
            throw MatcherInputError("minutia angle is not a finite number");
        }
        placed.push_back(place(minutia.x, minutia.y, minutia.angle_radians, geometry));
    }
    return assemble(placed, geometry, parameters);
}

MatchTemplate prepare_template(const fingerprint::IsoFingerView& view,
                               const TemplateGeometry& geometry,
                               const CylinderParameters& parameters)
{
    check_geometry(geometry);
    check_count(view.minutiae.size());
    std::vector<PlacedMinutia> placed;
    placed.reserve(view.minutiae.size());
    for (const fingerprint::IsoMinutia& iso : view.minutiae) {
        const fingerprint::Minutia minutia = fingerprint::from_iso_minutia(iso);
        placed.push_back(place(minutia.x, minutia.y, minutia.angle_radians, geometry));
    }
    return assemble(placed, geometry, parameters);
}

} // namespace ktpel::biometrics::matcher
