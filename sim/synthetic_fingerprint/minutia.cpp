// SPDX-License-Identifier: Apache-2.0
#include "minutia.hpp"

#include <cmath>
#include <numbers>

#include "geometry.hpp"

namespace ktpel::sim::fingerprint {

std::string_view minutia_type_name(MinutiaType type)
{
    return type == MinutiaType::RidgeEnding ? "ridge ending" : "bifurcation";
}

int iso_angle_units(const Minutia& minutia)
{
    const double units = wrap_angle(minutia.direction) * 256.0 / (2.0 * std::numbers::pi);
    return static_cast<int>(std::lround(units)) % 256;
}

} // namespace ktpel::sim::fingerprint
