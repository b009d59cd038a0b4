// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "biometrics/fingerprint/iso19794_2_codec.hpp"
#include "biometrics/matcher/matcher.hpp"
#include "test_minutiae.hpp"

namespace ktpel::biometrics::matcher {
namespace {

using testing::extracted_minutiae;
using testing::impression_geometry;

fingerprint::FingerMinutiaeRecord record_of(const std::vector<fingerprint::Minutia>& minutiae)
{
    fingerprint::FingerMinutiaeRecord record;
    record.image_width = 400;
    record.image_height = 500;
    record.x_resolution_ppcm = fingerprint::pixels_per_centimetre(500);
    record.y_resolution_ppcm = record.x_resolution_ppcm;
    fingerprint::IsoFingerView view;
    view.position = fingerprint::FingerPosition::right_index;
    for (const fingerprint::Minutia& minutia : minutiae) {
        view.minutiae.push_back(fingerprint::to_iso_minutia(minutia));
    }
    record.views.push_back(view);
    return record;
}

TEST(IsoRecord, GeometryOfA500PpiRecordIs500Ppi)
{
    const auto record = record_of({});
    EXPECT_EQ(record.x_resolution_ppcm, 197);
    const TemplateGeometry geometry = geometry_of(record);
    EXPECT_EQ(geometry.width, 400);
    EXPECT_EQ(geometry.height, 500);
    EXPECT_EQ(geometry.x_ppi, 500.0);
    EXPECT_EQ(geometry.y_ppi, 500.0);
    fingerprint::FingerMinutiaeRecord fine = record;
    fine.x_resolution_ppcm = fine.y_resolution_ppcm = fingerprint::pixels_per_centimetre(1000);
    EXPECT_EQ(geometry_of(fine).x_ppi, 1000.0);
    // Not near a multiple of 10 ppi: taken as stored.
    fine.x_resolution_ppcm = 155; // 393.7 ppi
    EXPECT_NEAR(geometry_of(fine).x_ppi, 393.7, 1e-9);
    fine.x_resolution_ppcm = 150; // 381 ppi: within rounding of 380
    EXPECT_EQ(geometry_of(fine).x_ppi, 380.0);
}

TEST(IsoRecord, EncodeDecodeKeepsTheScore)
{
    const fingerprint::FingerMinutiaeRecord enrolled = record_of(extracted_minutiae(8, 0));
    const fingerprint::FingerMinutiaeRecord live = record_of(extracted_minutiae(8, 1));
    const auto stored = fingerprint::decode_iso19794_2(fingerprint::encode_iso19794_2(enrolled));
    ASSERT_EQ(stored, enrolled);

    const MatchTemplate live_template = prepare_template(live.views[0], geometry_of(live));
    const MatchTemplate before = prepare_template(enrolled.views[0], geometry_of(enrolled));
    const MatchTemplate after = prepare_template(stored.views[0], geometry_of(stored));
    EXPECT_EQ(before.digest, after.digest);
    EXPECT_EQ(compare(before, live_template), compare(after, live_template));
    EXPECT_GT(compare(after, live_template), 0.1);
}

TEST(IsoRecord, RecordPathScoresLikeThePlainMinutiae)
{
    // The record rounds directions to 1.4 degree steps; the score barely
    // moves.
    const auto enrolled = extracted_minutiae(8, 0);
    const auto live = extracted_minutiae(8, 1);
    const double plain = compare(prepare_template(enrolled, impression_geometry),
                                 prepare_template(live, impression_geometry));
    const auto enrolled_record = record_of(enrolled);
    const auto live_record = record_of(live);
    const double via_record =
        compare(prepare_template(enrolled_record.views[0], geometry_of(enrolled_record)),
                prepare_template(live_record.views[0], geometry_of(live_record)));
    EXPECT_NEAR(via_record, plain, 0.15 * plain);
}

} // namespace
} // namespace ktpel::biometrics::matcher
