// SPDX-License-Identifier: Apache-2.0
#include "iris_representation_builder.hpp"

#include <algorithm>
#include <cmath>

namespace ktpel::biometrics::iris {

namespace {

// 1-based pixel coordinate, clamped into the u16 field (0 stays "undefined").
std::uint16_t coordinate(double zero_based)
{
    return static_cast<std::uint16_t>(std::clamp(zero_based + 1.0, 1.0, 65535.0));
}

} // namespace

IrisRepresentation make_iris_representation(const ktpel::RasterImage& image, EyeLabel eye,
                                            const CaptureDateTime& capture_time,
                                            const IrisQualityReport& report)
{
    IrisRepresentation rep;
    rep.capture_time = capture_time;
    rep.device_technology = 1;
    rep.quality.push_back({static_cast<std::uint8_t>(std::clamp(report.score.overall, 0, 100)),
                           ktpel_quality_vendor_id, ktpel_quality_algorithm_id});
    rep.eye_label = eye;
    rep.image_type =
        image.width == 640 && image.height == 480 ? IrisImageType::vga : IrisImageType::uncropped;
    rep.horizontal_orientation = 1;
    rep.vertical_orientation = 1;
    rep.compression_history = 1;
    // The segmentation localises the centre to about a pixel: publish the
    // centre and diameter as a +-1 pixel interval rather than a false point.
    const Circle& iris = report.segmentation.iris;
    rep.iris_centre_smallest_x = coordinate(std::floor(iris.x - 1.0));
    rep.iris_centre_largest_x = coordinate(std::ceil(iris.x + 1.0));
    rep.iris_centre_smallest_y = coordinate(std::floor(iris.y - 1.0));
    rep.iris_centre_largest_y = coordinate(std::ceil(iris.y + 1.0));
    rep.iris_diameter_smallest =
        static_cast<std::uint16_t>(std::clamp(std::floor(2.0 * iris.radius - 2.0), 1.0, 65535.0));
    rep.iris_diameter_largest =
        static_cast<std::uint16_t>(std::clamp(std::ceil(2.0 * iris.radius + 2.0), 1.0, 65535.0));
    rep.image = image;
    return rep;
}

} // namespace ktpel::biometrics::iris
