// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "image_plane.hpp"
#include "orientation_field.hpp"

namespace ktpel::biometrics::fingerprint {

// Which blocks of the image hold ridge structure. Decided per block from
// grey-level deviation (ridges modulate the grey level, background does
// not) and orientation coherence (noise and smudges modulate it without a
// consistent direction), then cleaned morphologically.
struct ForegroundMask
{
    int block_size = 16;
    BytePlane blocks; // 1 = foreground, one entry per block
    // Grey-level standard deviation of each block, kept for quality and
    // slap segmentation so they need not recompute it.
    FloatPlane block_deviation;
    // The deviation a block needed to count as foreground; the extractor
    // applies it per pixel to trace the print's edge more finely than the
    // 16-pixel blocks can.
    float deviation_threshold = 0.0f;

    bool contains_pixel(int x, int y) const
    {
        const int bx = x / block_size;
        const int by = y / block_size;
        return blocks.contains(bx, by) && blocks.at(bx, by) != 0;
    }
    int foreground_blocks() const;
    // Full-resolution 0/1 mask clipped to width x height.
    BytePlane pixel_mask(int width, int height) const;
};

struct ForegroundParameters
{
    int block_size = 16;
    // A block is foreground when its deviation reaches this fraction of the
    // 90th percentile block deviation: relative, so light-pressure prints
    // are still found, ...
    float relative_deviation = 0.3f;
    // ... but never below this absolute floor (grey levels), which is above
    // the sensor noise of a flat platen.
    float minimum_deviation = 4.0f;
    float minimum_coherence = 0.3f;
    // Components smaller than this (blocks) are dirt or latent residue.
    int minimum_component_blocks = 16;
    // Single-finger images: keep only the largest component.
    bool keep_largest_component_only = true;
};

ForegroundMask segment_foreground(const FloatPlane& grey, const OrientationField& orientation,
                                  const ForegroundParameters& parameters = {});

// Chamfer (3-4) distance in pixels from every foreground pixel to the
// nearest background pixel or image border; 0 on background.
FloatPlane distance_to_background(const BytePlane& pixel_mask);

// 8-connected components of non-zero entries. Returns a plane of labels
// (0 = background, 1..n) and the number of components.
struct ComponentLabels
{
    ImagePlane<int> labels;
    int count = 0;
};
ComponentLabels label_components(const BytePlane& plane);

} // namespace ktpel::biometrics::fingerprint
