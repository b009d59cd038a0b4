// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "biometrics/fingerprint/iso19794_2_record.hpp"
#include "biometrics/fingerprint/minutia.hpp"
#include "cylinder_code.hpp"
#include "matcher_parameters.hpp"

namespace ktpel::biometrics::matcher {

// Where the minutiae came from: the image size bounds the area a template
// knows about, the resolution rescales everything to the 500 ppi the
// parameters are tuned for.
struct TemplateGeometry
{
    int width = 0; // pixels; 0 when unknown (then only the hull bounds the area)
    int height = 0;
    double x_ppi = 500.0;
    double y_ppi = 500.0;
};

// Image size and resolution of an ISO/IEC 19794-2 record. The record stores
// pixels per centimetre rounded to an integer, so 500 ppi arrives as 197
// ppcm (500.38 ppi); a value within that rounding (1.27 ppi) of a multiple
// of 10 ppi is taken as that multiple.
TemplateGeometry geometry_of(const fingerprint::FingerMinutiaeRecord& record);

// A minutia as the matcher sees it: 500 ppi pixels in a frame with y up
// (so that angles are plain counter-clockwise angles), direction in
// radians, [0, 2 pi).
struct TemplateMinutia
{
    float x = 0.0f;
    float y = 0.0f;
    float angle = 0.0f;
};

// Everything a comparison needs, computed once per finger: the cylinders
// of the minutiae that have a valid one, and their pairwise geometry for
// the relaxation. Build it with prepare_template(); the fields are exposed
// for inspection and tests, not for assembly by hand.
struct MatchTemplate
{
    CylinderParameters cylinder_parameters;
    // Minutiae handed to prepare_template (all of them are used as
    // neighbours in the cylinders).
    std::size_t input_minutiae = 0;
    // The minutiae that own a valid cylinder, and their cylinders, in
    // input order.
    std::vector<TemplateMinutia> minutiae;
    std::vector<CylinderCode> cylinders;
    // Row-major n x n tables over `minutiae`, entry (i, k) from i to k:
    // distance in pixels; direction of k minus direction of i; angle of the
    // vector i -> k relative to the direction of i. Angles in [-pi, pi).
    std::vector<float> distances;
    std::vector<float> direction_changes;
    std::vector<float> radial_angles;
    // Hash of the normalised minutiae and the parameters; orders the two
    // operands of a comparison so that compare(a, b) == compare(b, a)
    // exactly.
    std::uint64_t digest = 0;

    std::size_t size() const { return cylinders.size(); }
};

// The most minutiae one template may have (the ISO record allows 255 per
// view); more throws MatcherInputError rather than allocating n^2 tables.
inline constexpr std::size_t max_template_minutiae = 1024;

// Throws MatcherInputError for a non-positive resolution, a negative image
// size or more than max_template_minutiae minutiae. Any number of minutiae
// from 0 is accepted; with fewer than a handful no cylinder is valid and
// every comparison scores 0.
MatchTemplate prepare_template(const std::vector<fingerprint::Minutia>& minutiae,
                               const TemplateGeometry& geometry,
                               const CylinderParameters& parameters = {});

// The same from one finger view of a decoded ISO/IEC 19794-2 record, with
// the record's geometry (geometry_of(record)). Angles are the record's
// 1.40625 degree steps.
MatchTemplate prepare_template(const fingerprint::IsoFingerView& view,
                               const TemplateGeometry& geometry,
                               const CylinderParameters& parameters = {});

} // namespace ktpel::biometrics::matcher
