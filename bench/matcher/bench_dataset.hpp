// SPDX-License-Identifier: Apache-2.0
// The benchmark's fingerprints: synthetic impressions of one finger per
// person, run through the daemon's extractor and stored as ISO/IEC
// 19794-2 records, as the station would store them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "biometrics/fingerprint/minutia.hpp"
#include "sim/synthetic_fingerprint/impression.hpp"

namespace ktpel::bench::matcher {

struct DatasetSpec
{
    std::uint64_t first_person = 0;
    int persons = 100;
    int impressions_per_person = 5;
    sim::fingerprint::FingerPosition finger = sim::fingerprint::FingerPosition::RightIndex;
    // Impression i gets conditions[i % size].
    std::vector<sim::fingerprint::SkinCondition> conditions;
    sim::fingerprint::ImpressionOptions impression;
};

// Extracted minutiae against the impression's ground truth.
struct ExtractionCheck
{
    int ground_truth = 0; // true minutiae visible in the impression
    int extracted = 0;
    int recovered = 0; // true minutiae paired with an extracted one
    int same_type = 0; // of those, with the same type
};

struct Sample
{
    std::uint64_t person = 0;
    int impression = 0;
    sim::fingerprint::SkinCondition condition = sim::fingerprint::SkinCondition::Normal;
    std::vector<std::uint8_t> iso_record; // one view
    ExtractionCheck check;                // zero when loaded from a file
    double extraction_ms = 0.0;
};

// How far an extracted minutia may lie from a true one to count as it.
struct RepeatabilityTolerance
{
    double distance_px = 15.0;
    double angle_degrees = 30.0;
};

// Greedy one-to-one pairing, closest first, within the tolerance.
ExtractionCheck check_extraction(const std::vector<sim::fingerprint::Minutia>& truth,
                                 const std::vector<biometrics::fingerprint::Minutia>& extracted,
                                 const RepeatabilityTolerance& tolerance);

// Renders, extracts and encodes every impression; prints progress to
// stderr. Deterministic in the spec.
std::vector<Sample> build_dataset(const DatasetSpec& spec, const RepeatabilityTolerance& tolerance);

// A plain binary file of samples (records only, no ground-truth checks),
// so that matcher parameters can be tried without rendering again.
void save_samples(const std::filesystem::path& path, const std::vector<Sample>& samples);
std::vector<Sample> load_samples(const std::filesystem::path& path);

} // namespace ktpel::bench::matcher
