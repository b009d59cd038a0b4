// SPDX-License-Identifier: Apache-2.0
// Simple, independent measurements on generated images, so the tests judge
// the pictures rather than the generator's own bookkeeping.
#pragma once

#include "common/raster_image.hpp"
#include "sim/synthetic_fingerprint/geometry.hpp"
#include "sim/synthetic_fingerprint/master_cache.hpp"

namespace ktpel::sim::fingerprint::testing {

// Dominant ridge period (pixels) of the size x size block at (x, y): the
// peak of the block's Hann-windowed 2-D Fourier spectrum, refined to a
// tenth of a frequency bin.
double dominant_period(const drivers::RasterImage& image, int x, int y, int size = 64);

struct RegionStats
{
    double mean = 0.0;
    double deviation = 0.0;  // contrast
    double dark_share = 0.0; // share of pixels below the dark threshold
};

RegionStats region_stats(const drivers::RasterImage& image, const BoundingBox& box,
                         int dark_threshold = 128);

// Mean absolute 4-neighbour Laplacian: falls when an image is blurred.
double sharpness(const drivers::RasterImage& image, const BoundingBox& box);

// Pixels clearly darker than the (light) background: a measure of the area
// the finger left a mark on.
double marked_share(const drivers::RasterImage& image, int threshold = 170);

// One cache for the whole test program: masters are the expensive part.
MasterCache& test_cache();

// Writes a sample into the test's build directory for a human to inspect.
void save_sample(const drivers::RasterImage& image, const char* name);

} // namespace ktpel::sim::fingerprint::testing
