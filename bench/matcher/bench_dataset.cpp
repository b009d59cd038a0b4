// SPDX-License-Identifier: Apache-2.0
#include "bench_dataset.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <numbers>
#include <stdexcept>

#include "biometrics/fingerprint/iso19794_2_codec.hpp"
#include "biometrics/fingerprint/minutiae_extractor.hpp"
#include "sim/synthetic_fingerprint/master_cache.hpp"

namespace ktpel::bench::matcher {

namespace fp = biometrics::fingerprint;
namespace sim = sim::fingerprint;

namespace {

double angle_between(double a, double b)
{
    const double d = std::fmod(std::abs(a - b), 2.0 * std::numbers::pi);
    return std::min(d, 2.0 * std::numbers::pi - d);
}

bool same_type(sim::MinutiaType truth, fp::MinutiaType extracted)
{
    return (truth == sim::MinutiaType::RidgeEnding) == (extracted == fp::MinutiaType::ridge_ending);
}

constexpr char file_magic[8] = {'K', 'T', 'P', 'M', 'B', 'S', '0', '1'};

void write_u32(std::ofstream& out, std::uint32_t value)
{
    const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                           static_cast<char>(value >> 8), static_cast<char>(value)};
    out.write(bytes, 4);
}

std::uint32_t read_u32(std::ifstream& in)
{
    unsigned char bytes[4];
    if (!in.read(reinterpret_cast<char*>(bytes), 4)) {
        throw std::runtime_error("sample file truncated");
    }
    return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
           (std::uint32_t{bytes[2]} << 8) | bytes[3];
}

} // namespace

ExtractionCheck check_extraction(const std::vector<sim::Minutia>& truth,
                                 const std::vector<fp::Minutia>& extracted,
                                 const RepeatabilityTolerance& tolerance)
{
    struct Candidate
    {
        double distance;
        std::size_t truth;
        std::size_t extracted;
    };
    const double max_angle = tolerance.angle_degrees * std::numbers::pi / 180.0;
    std::vector<Candidate> candidates;
    for (std::size_t t = 0; t < truth.size(); ++t) {
        for (std::size_t e = 0; e < extracted.size(); ++e) {
            const double distance =
                std::hypot(truth[t].x - extracted[e].x, truth[t].y - extracted[e].y);
            if (distance <= tolerance.distance_px &&
                angle_between(truth[t].direction, extracted[e].angle_radians) <= max_angle) {
                candidates.push_back({distance, t, e});
            }
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        if (a.distance != b.distance) {
            return a.distance < b.distance;
        }
        return a.truth != b.truth ? a.truth < b.truth : a.extracted < b.extracted;
    });
    std::vector<bool> truth_used(truth.size(), false);
    std::vector<bool> extracted_used(extracted.size(), false);
    ExtractionCheck check;
    check.ground_truth = static_cast<int>(truth.size());
    check.extracted = static_cast<int>(extracted.size());
    for (const Candidate& candidate : candidates) {
        if (truth_used[candidate.truth] || extracted_used[candidate.extracted]) {
            continue;
        }
        truth_used[candidate.truth] = true;
        extracted_used[candidate.extracted] = true;
        ++check.recovered;
        if (same_type(truth[candidate.truth].type, extracted[candidate.extracted].type)) {
            ++check.same_type;
        }
    }
    return check;
}

std::vector<Sample> build_dataset(const DatasetSpec& spec, const RepeatabilityTolerance& tolerance)
{
    if (spec.conditions.empty()) {
        throw std::invalid_argument("no skin conditions given");
    }
    // Each master is used for all its impressions right away, so a small
    // cache suffices.
    sim::MasterCache masters(4);
    std::vector<Sample> samples;
    samples.reserve(static_cast<std::size_t>(spec.persons * spec.impressions_per_person));
    for (int p = 0; p < spec.persons; ++p) {
        const std::uint64_t person = spec.first_person + static_cast<std::uint64_t>(p);
        const auto master = masters.get(person, spec.finger);
        for (int i = 0; i < spec.impressions_per_person; ++i) {
            Sample sample;
            sample.person = person;
            sample.impression = i;
            sample.condition =
                spec.conditions[static_cast<std::size_t>(i) % spec.conditions.size()];
            const sim::Impression impression = sim::render_impression(
                *master, static_cast<std::uint64_t>(i), sample.condition, spec.impression);

            const auto started = std::chrono::steady_clock::now();
            const fp::MinutiaeExtraction extraction = fp::extract_minutiae(impression.image);
            sample.extraction_ms = std::chrono::duration<double, std::milli>(
                                       std::chrono::steady_clock::now() - started)
                                       .count();
            sample.check = check_extraction(impression.minutiae, extraction.minutiae, tolerance);

            fp::FingerMinutiaeRecord record;
            record.image_width = static_cast<std::uint16_t>(impression.image.width);
            record.image_height = static_cast<std::uint16_t>(impression.image.height);
            record.x_resolution_ppcm = fp::pixels_per_centimetre(impression.image.ppi);
            record.y_resolution_ppcm = record.x_resolution_ppcm;
            fp::IsoFingerView view;
            view.position = static_cast<fp::FingerPosition>(static_cast<int>(spec.finger));
            // The record holds at most 255; the extractor never gets close on
            // a single finger, but keep the best if it ever does.
            std::vector<fp::Minutia> minutiae = extraction.minutiae;
            if (minutiae.size() > 255) {
                std::stable_sort(minutiae.begin(), minutiae.end(),
                                 [](const fp::Minutia& a, const fp::Minutia& b) {
                                     return a.quality > b.quality;
                                 });
                minutiae.resize(255);
            }
            for (const fp::Minutia& minutia : minutiae) {
                view.minutiae.push_back(fp::to_iso_minutia(minutia));
            }
            record.views.push_back(std::move(view));
            sample.iso_record = fp::encode_iso19794_2(record);
            samples.push_back(std::move(sample));
        }
        if ((p + 1) % 10 == 0 || p + 1 == spec.persons) {
            std::cerr << "\rrendered and extracted " << (p + 1) << "/" << spec.persons << " persons"
                      << std::flush;
        }
    }
    std::cerr << "\n";
    return samples;
}

void save_samples(const std::filesystem::path& path, const std::vector<Sample>& samples)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
    out.write(file_magic, sizeof file_magic);
    write_u32(out, static_cast<std::uint32_t>(samples.size()));
    for (const Sample& sample : samples) {
        write_u32(out, static_cast<std::uint32_t>(sample.person));
        write_u32(out, static_cast<std::uint32_t>(sample.impression));
        write_u32(out, static_cast<std::uint32_t>(sample.condition));
        write_u32(out, static_cast<std::uint32_t>(sample.iso_record.size()));
        out.write(reinterpret_cast<const char*>(sample.iso_record.data()),
                  static_cast<std::streamsize>(sample.iso_record.size()));
    }
    if (!out) {
        throw std::runtime_error("write to " + path.string() + " failed");
    }
}

std::vector<Sample> load_samples(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    char magic[sizeof file_magic];
    if (!in.read(magic, sizeof magic) || !std::equal(magic, magic + sizeof magic, file_magic)) {
        throw std::runtime_error(path.string() + " is not a matcher_bench sample file");
    }
    const std::uint32_t count = read_u32(in);
    std::vector<Sample> samples(count);
    for (Sample& sample : samples) {
        sample.person = read_u32(in);
        sample.impression = static_cast<int>(read_u32(in));
        const std::uint32_t condition = read_u32(in);
        if (condition > static_cast<std::uint32_t>(sim::SkinCondition::Partial)) {
            throw std::runtime_error("bad skin condition in " + path.string());
        }
        sample.condition = static_cast<sim::SkinCondition>(condition);
        const std::uint32_t size = read_u32(in);
        if (size > (1u << 20)) {
            throw std::runtime_error("implausible record size in " + path.string());
        }
        sample.iso_record.resize(size);
        if (!in.read(reinterpret_cast<char*>(sample.iso_record.data()), size)) {
            throw std::runtime_error("sample file truncated");
        }
    }
    return samples;
}

} // namespace ktpel::bench::matcher
