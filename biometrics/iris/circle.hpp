// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace ktpel::biometrics::iris {

// Image coordinates; pixel (i, j) has its centre at x = i, y = j.
struct Circle
{
    double x = 0.0;
    double y = 0.0;
    double radius = 0.0;
};

} // namespace ktpel::biometrics::iris
