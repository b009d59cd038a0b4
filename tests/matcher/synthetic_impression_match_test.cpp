// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "biometrics/matcher/match_decision.hpp"
#include "biometrics/matcher/matcher.hpp"
#include "test_minutiae.hpp"

namespace ktpel::biometrics::matcher {
namespace {

using sim::fingerprint::SkinCondition;
using testing::extracted_minutiae;
using testing::impression_geometry;

struct Capture
{
    std::uint64_t person;
    MatchTemplate prepared;
};

// Fixed persons, three impressions each (two normal, one dry), rendered
// and extracted exactly as the station would.
std::vector<Capture> captures()
{
    std::vector<Capture> all;
    for (std::uint64_t person : {11u, 22u, 33u, 44u, 55u}) {
        int impression = 0;
        for (SkinCondition condition :
             {SkinCondition::Normal, SkinCondition::Normal, SkinCondition::Dry}) {
            all.push_back(
                {person, prepare_template(extracted_minutiae(person, impression++, condition),
                                          impression_geometry)});
        }
    }
    return all;
}

TEST(SyntheticImpressions, GenuineScoresAboveEveryImpostor)
{
    const std::vector<Capture> all = captures();
    double lowest_genuine = 1.0;
    double highest_impostor = 0.0;
    for (std::size_t a = 0; a < all.size(); ++a) {
        for (std::size_t b = a + 1; b < all.size(); ++b) {
            const double score = compare(all[a].prepared, all[b].prepared);
            if (all[a].person == all[b].person) {
                lowest_genuine = std::min(lowest_genuine, score);
            } else {
                highest_impostor = std::max(highest_impostor, score);
            }
        }
    }
    EXPECT_GT(lowest_genuine, highest_impostor);
    // And on the right side of the calibrated thresholds.
    EXPECT_GE(lowest_genuine, fmr_one_in_1000.threshold);
    EXPECT_LT(highest_impostor, fmr_one_in_1000.threshold);
}

} // namespace
} // namespace ktpel::biometrics::matcher
