// SPDX-License-Identifier: Apache-2.0
// matcher_bench: accuracy and speed of the MCC matcher on synthetic
// fingerprints run through the daemon's extractor. See
// docs/fingerprint-matching.md for what it measures and the figures.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <numbers>
#include <numeric>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench_dataset.hpp"
#include "biometrics/fingerprint/iso19794_2_codec.hpp"
#include "biometrics/matcher/match_decision.hpp"
#include "biometrics/matcher/matcher.hpp"
#include "error_rates.hpp"

namespace {

namespace fp = ktpel::biometrics::fingerprint;
namespace mm = ktpel::biometrics::matcher;
namespace sim = ktpel::sim::fingerprint;
using namespace ktpel::bench::matcher;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values)
{
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

std::vector<sim::SkinCondition> parse_conditions(const std::string& list)
{
    std::vector<sim::SkinCondition> conditions;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        conditions.push_back(sim::skin_condition_from_name(list.substr(start, comma - start)));
        start = comma + 1;
    }
    return conditions;
}

void print_repeatability(const std::vector<Sample>& samples,
                         const RepeatabilityTolerance& tolerance)
{
    std::map<std::string, ExtractionCheck> by_condition;
    std::map<std::string, int> impressions;
    ExtractionCheck total;
    std::vector<double> extraction_ms;
    for (const Sample& sample : samples) {
        const std::string name(sim::skin_condition_name(sample.condition));
        for (ExtractionCheck* sum : {&by_condition[name], &total}) {
            sum->ground_truth += sample.check.ground_truth;
            sum->extracted += sample.check.extracted;
            sum->recovered += sample.check.recovered;
            sum->same_type += sample.check.same_type;
        }
        ++impressions[name];
        extraction_ms.push_back(sample.extraction_ms);
    }
    std::printf("\nExtraction repeatability (true minutiae paired one-to-one, closest first,\n"
                "within %.0f px and %.0f degrees; true = visible ground truth of the impression)\n",
                tolerance.distance_px, tolerance.angle_degrees);
    std::printf("  %-9s %6s %10s %10s %10s %10s %10s\n", "condition", "images", "true/img",
                "found/img", "recovered", "spurious", "same type");
    auto row = [](const std::string& name, int count, const ExtractionCheck& c) {
        std::printf("  %-9s %6d %10.1f %10.1f %9.1f%% %9.1f%% %9.1f%%\n", name.c_str(), count,
                    static_cast<double>(c.ground_truth) / count,
                    static_cast<double>(c.extracted) / count,
                    100.0 * c.recovered / std::max(1, c.ground_truth),
                    100.0 * (c.extracted - c.recovered) / std::max(1, c.extracted),
                    100.0 * c.same_type / std::max(1, c.recovered));
    };
    for (const auto& [name, check] : by_condition) {
        row(name, impressions[name], check);
    }
    row("all", static_cast<int>(samples.size()), total);
    std::printf("  extraction time: median %.1f ms per 400x500 image\n", median(extraction_ms));
}

void print_histogram(const ScoreDistributions& scores, int bins)
{
    std::vector<int> genuine(static_cast<std::size_t>(bins), 0);
    std::vector<int> impostor(static_cast<std::size_t>(bins), 0);
    auto bin_of = [bins](double score) {
        return static_cast<std::size_t>(std::clamp(static_cast<int>(score * bins), 0, bins - 1));
    };
    for (double score : scores.genuine()) {
        ++genuine[bin_of(score)];
    }
    for (double score : scores.impostor()) {
        ++impostor[bin_of(score)];
    }
    std::printf("\nScore histogram (share of each distribution per bin; # = 2%%)\n");
    std::printf("  %-11s %9s %9s  %-25s %s\n", "score", "genuine", "impostor", "genuine",
                "impostor");
    for (int bin = 0; bin < bins; ++bin) {
        const double g = 100.0 * genuine[static_cast<std::size_t>(bin)] / scores.genuine().size();
        const double i = 100.0 * impostor[static_cast<std::size_t>(bin)] / scores.impostor().size();
        std::printf("  [%.2f,%.2f) %8.2f%% %8.3f%%  %-25s %s\n", static_cast<double>(bin) / bins,
                    static_cast<double>(bin + 1) / bins, g, i,
                    std::string(static_cast<std::size_t>(std::lround(g / 2)), '#').c_str(),
                    std::string(static_cast<std::size_t>(std::lround(i / 2)), '#').c_str());
    }
}

struct Thresholds
{
    double fmr_1000 = 0.0;
    double fmr_10000 = 0.0;
};

Thresholds print_error_rates(const ScoreDistributions& scores)
{
    const Thresholds thresholds{scores.threshold_at_fmr(1e-3), scores.threshold_at_fmr(1e-4)};
    for (auto [fmr, threshold] :
         {std::pair{1e-3, thresholds.fmr_1000}, std::pair{1e-4, thresholds.fmr_10000}}) {
        std::printf("  FMR %5.2f%%: threshold %.4f, FNMR %5.2f%% (measured FMR %.4f%%)\n",
                    fmr * 100.0, threshold, 100.0 * scores.false_non_match_rate(threshold),
                    100.0 * scores.false_match_rate(threshold));
    }
    const auto eer = scores.equal_error_rate();
    std::printf("  EER %.2f%% at threshold %.4f\n", eer.rate * 100.0, eer.threshold);
    std::printf("  genuine median %.3f, impostor median %.3f, highest impostor %.3f\n",
                median(scores.genuine()), median(scores.impostor()), scores.impostor().back());
    std::printf("  built-in operating points (match_decision.hpp):\n");
    for (const mm::OperatingPoint& point : mm::operating_points) {
        std::printf("    target FMR %.2f%%, threshold %.4f: FMR %.4f%%, FNMR %5.2f%%\n",
                    point.target_fmr * 100.0, point.threshold,
                    100.0 * scores.false_match_rate(point.threshold),
                    100.0 * scores.false_non_match_rate(point.threshold));
    }
    return thresholds;
}

struct Comparison
{
    std::size_t a;
    std::size_t b;
    double score;
};

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"MCC fingerprint matcher benchmark on synthetic impressions"};
    DatasetSpec spec;
    int persons = 100;
    std::uint64_t first_person = 0;
    int impressions = 5;
    std::string conditions = "normal,dry,wet,smudged,partial";
    std::string save_path;
    std::string load_path;
    std::string scores_path;
    int histogram_bins = 20;
    int min_minutiae = 12;
    RepeatabilityTolerance tolerance;
    spec.impression.spread.shift_sd_px = 20.0;
    spec.impression.spread.max_shift_px = 50.0;
    spec.impression.spread.rotation_sd = 0.15;
    spec.impression.spread.max_rotation = 0.45;
    mm::MatcherParameters parameters;
    mm::CylinderParameters& cylinder = parameters.cylinder;
    mm::ConsolidationParameters& consolidation = parameters.consolidation;
    double max_turn_degrees = consolidation.max_direction_difference * 180.0 / std::numbers::pi;

    app.add_option("--persons", persons, "synthetic persons (one finger each)")
        ->check(CLI::Range(2, 100000))
        ->capture_default_str();
    app.add_option("--first-person", first_person,
                   "id of the first person (tune on another range than you report)")
        ->capture_default_str();
    app.add_option("--impressions", impressions, "impressions per person")
        ->check(CLI::Range(2, 50))
        ->capture_default_str();
    app.add_option("--conditions", conditions,
                   "skin conditions cycled over the impressions of each person")
        ->capture_default_str();
    app.add_option("--shift-sd", spec.impression.spread.shift_sd_px, "placement shift sd, px")
        ->capture_default_str();
    app.add_option("--max-shift", spec.impression.spread.max_shift_px, "placement shift limit, px")
        ->capture_default_str();
    app.add_option("--rotation-sd", spec.impression.spread.rotation_sd, "rotation sd, radians")
        ->capture_default_str();
    app.add_option("--max-rotation", spec.impression.spread.max_rotation, "rotation limit, radians")
        ->capture_default_str();
    app.add_option("--save-samples", save_path, "write the extracted records to this file");
    app.add_option("--load-samples", load_path,
                   "compare the records of this file instead of rendering (no repeatability)");
    app.add_option("--scores", scores_path,
                   "write one line per comparison: genuine|impostor, score, then person,\n"
                   "impression, condition, minutiae and valid cylinders of each operand");
    app.add_option("--histogram-bins", histogram_bins)
        ->check(CLI::Range(2, 100))
        ->capture_default_str();
    app.add_option("--min-minutiae", min_minutiae, "quality gate for the second set of error rates")
        ->check(CLI::Range(0, 255))
        ->capture_default_str();
    app.add_option("--tolerance-px", tolerance.distance_px)->capture_default_str();
    app.add_option("--tolerance-degrees", tolerance.angle_degrees)->capture_default_str();
    auto* tuning = app.add_option_group("matcher parameters", "MCC parameters (defaults: ours)");
    tuning->add_option("--radius", cylinder.radius)->capture_default_str();
    tuning->add_option("--sigma-s", cylinder.spatial_sigma)->capture_default_str();
    tuning->add_option("--sigma-d", cylinder.direction_sigma)->capture_default_str();
    tuning->add_option("--mu-psi", cylinder.contribution_threshold)->capture_default_str();
    tuning->add_option("--omega", cylinder.hull_margin)->capture_default_str();
    tuning->add_option("--min-vc", cylinder.min_valid_cell_share)->capture_default_str();
    tuning->add_option("--min-m", cylinder.min_contributing_minutiae)->capture_default_str();
    tuning->add_option("--min-me", consolidation.min_matchable_cell_share)->capture_default_str();
    bool plain_lss = false;
    tuning->add_flag("--plain-lss", plain_lss,
                     "preselect the top n_R pairs as the paper's LSS (not one-to-one)");
    tuning->add_option("--delta-theta", max_turn_degrees, "degrees")->capture_default_str();
    tuning->add_option("--min-np", consolidation.min_pairs)->capture_default_str();
    tuning->add_option("--max-np", consolidation.max_pairs)->capture_default_str();
    tuning->add_option("--mu-p", consolidation.pair_count_mu)->capture_default_str();
    tuning->add_option("--tau-p", consolidation.pair_count_tau)->capture_default_str();
    tuning
        ->add_option("--full-evidence", consolidation.full_evidence_cylinders,
                     "cylinders below which scores are scaled down (0: off)")
        ->capture_default_str();
    tuning->add_option("--nrel", consolidation.relaxation_iterations)->capture_default_str();
    tuning->add_option("--wr", consolidation.relaxation_weight)->capture_default_str();
    tuning->add_option("--mu1", consolidation.distance_mu)->capture_default_str();
    tuning->add_option("--tau1", consolidation.distance_tau)->capture_default_str();
    tuning->add_option("--mu2", consolidation.direction_mu)->capture_default_str();
    tuning->add_option("--tau2", consolidation.direction_tau)->capture_default_str();
    tuning->add_option("--mu3", consolidation.radial_mu)->capture_default_str();
    tuning->add_option("--tau3", consolidation.radial_tau)->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    consolidation.max_direction_difference = max_turn_degrees * std::numbers::pi / 180.0;
    consolidation.one_to_one_pairs = !plain_lss;

    spec.persons = persons;
    spec.first_person = first_person;
    spec.impressions_per_person = impressions;
    try {
        spec.conditions = parse_conditions(conditions);
    } catch (const std::invalid_argument& error) {
        std::cerr << "--conditions: " << error.what() << "\n";
        return 2;
    }

    const auto total_start = Clock::now();
    std::vector<Sample> samples;
    bool rendered = false;
    const auto dataset_start = Clock::now();
    if (!load_path.empty()) {
        samples = load_samples(load_path);
        std::printf("Loaded %zu samples from %s\n", samples.size(), load_path.c_str());
    } else {
        std::printf("Dataset: persons %llu..%llu, finger %s, %d impressions each (conditions %s),\n"
                    "  placement shift sd %.0f px (max %.0f), rotation sd %.2f rad (max %.2f),\n"
                    "  400x500 px at 500 ppi; extracted with the daemon's extractor and stored as\n"
                    "  ISO/IEC 19794-2 records.\n",
                    static_cast<unsigned long long>(first_person),
                    static_cast<unsigned long long>(first_person + persons - 1),
                    std::string(sim::finger_position_name(spec.finger)).c_str(), impressions,
                    conditions.c_str(), spec.impression.spread.shift_sd_px,
                    spec.impression.spread.max_shift_px, spec.impression.spread.rotation_sd,
                    spec.impression.spread.max_rotation);
        samples = build_dataset(spec, tolerance);
        rendered = true;
        std::printf("Rendering + extraction: %.1f s\n", seconds_since(dataset_start));
    }
    if (!save_path.empty()) {
        save_samples(save_path, samples);
    }
    if (rendered) {
        print_repeatability(samples, tolerance);
    }

    // Template preparation, from the decoded records.
    const mm::Matcher matcher(parameters);
    std::vector<mm::MatchTemplate> templates;
    templates.reserve(samples.size());
    std::vector<double> prepare_ms;
    double minutiae_sum = 0.0;
    double cylinders_sum = 0.0;
    for (const Sample& sample : samples) {
        const fp::FingerMinutiaeRecord record = fp::decode_iso19794_2(sample.iso_record);
        const auto started = Clock::now();
        templates.push_back(matcher.prepare(record.views.at(0), mm::geometry_of(record)));
        prepare_ms.push_back(seconds_since(started) * 1000.0);
        minutiae_sum += static_cast<double>(record.views[0].minutiae.size());
        cylinders_sum += static_cast<double>(templates.back().size());
    }
    std::printf("\nTemplates: %zu; minutiae per template %.1f, valid cylinders %.1f\n",
                templates.size(), minutiae_sum / templates.size(),
                cylinders_sum / templates.size());
    std::printf("Template preparation (from a decoded record): median %.2f ms, mean %.2f ms\n",
                median(prepare_ms),
                std::accumulate(prepare_ms.begin(), prepare_ms.end(), 0.0) / prepare_ms.size());

    // Every pair once: same person = genuine, else impostor.
    std::vector<Comparison> comparisons;
    comparisons.reserve(templates.size() * (templates.size() - 1) / 2);
    const auto compare_start = Clock::now();
    for (std::size_t a = 0; a < templates.size(); ++a) {
        for (std::size_t b = a + 1; b < templates.size(); ++b) {
            comparisons.push_back({a, b, matcher.compare(templates[a], templates[b])});
        }
    }
    const double compare_seconds = seconds_since(compare_start);
    std::vector<double> genuine;
    std::vector<double> impostor;
    for (const Comparison& comparison : comparisons) {
        (samples[comparison.a].person == samples[comparison.b].person ? genuine : impostor)
            .push_back(comparison.score);
    }
    std::printf("Comparisons: %zu (%zu genuine, %zu impostor) in %.1f s on one thread: "
                "%.0f comparisons/s\n",
                comparisons.size(), genuine.size(), impostor.size(), compare_seconds,
                comparisons.size() / compare_seconds);

    // Symmetry spot check (duplicate detection relies on it).
    int asymmetric = 0;
    for (std::size_t i = 0; i < comparisons.size(); i += 97) {
        const Comparison& c = comparisons[i];
        asymmetric += matcher.compare(templates[c.b], templates[c.a]) != c.score ? 1 : 0;
    }
    std::printf("Symmetry: %d of %zu sampled comparisons differ when the operands swap\n",
                asymmetric, (comparisons.size() + 96) / 97);

    if (!scores_path.empty()) {
        std::ofstream out(scores_path);
        for (const Comparison& c : comparisons) {
            const Sample& a = samples[c.a];
            const Sample& b = samples[c.b];
            out << (a.person == b.person ? "genuine " : "impostor ") << c.score;
            for (const auto& [sample, prepared] :
                 {std::pair{&a, &templates[c.a]}, std::pair{&b, &templates[c.b]}}) {
                out << ' ' << sample->person << ' ' << sample->impression << ' '
                    << sim::skin_condition_name(sample->condition) << ' '
                    << prepared->input_minutiae << ' ' << prepared->size();
            }
            out << "\n";
        }
    }
    if (genuine.empty() || impostor.empty()) {
        std::cerr << "need at least two persons with two impressions each\n";
        return 1;
    }
    const ScoreDistributions scores(genuine, impostor);
    print_histogram(scores, histogram_bins);

    std::printf("\nError rates over all templates (score >= threshold is a match)\n");
    const Thresholds thresholds = print_error_rates(scores);

    // What a station with a quality gate would see: captures with too few
    // minutiae are taken again instead of compared.
    std::vector<bool> acquired(samples.size());
    std::size_t failed = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        acquired[i] = templates[i].input_minutiae >= static_cast<std::size_t>(min_minutiae);
        failed += acquired[i] ? 0 : 1;
    }
    std::vector<double> gated_genuine;
    std::vector<double> gated_impostor;
    for (const Comparison& c : comparisons) {
        if (acquired[c.a] && acquired[c.b]) {
            (samples[c.a].person == samples[c.b].person ? gated_genuine : gated_impostor)
                .push_back(c.score);
        }
    }
    std::printf("\nError rates with a quality gate: templates with fewer than %d minutiae are\n"
                "failures to acquire (%zu of %zu, %.1f%%) and take no part (%zu genuine, %zu "
                "impostor comparisons left)\n",
                min_minutiae, failed, samples.size(), 100.0 * failed / samples.size(),
                gated_genuine.size(), gated_impostor.size());
    if (!gated_genuine.empty() && !gated_impostor.empty()) {
        print_error_rates(ScoreDistributions(gated_genuine, gated_impostor));
    }

    // Genuine comparisons by the skin conditions of the two impressions,
    // at the all-templates FMR 0.1% threshold.
    std::map<std::pair<std::string, std::string>, std::pair<int, int>> by_pair; // misses, trials
    for (const Comparison& c : comparisons) {
        const Sample& a = samples[c.a];
        const Sample& b = samples[c.b];
        if (a.person != b.person) {
            continue;
        }
        std::string first(sim::skin_condition_name(a.condition));
        std::string second(sim::skin_condition_name(b.condition));
        if (second < first) {
            std::swap(first, second);
        }
        auto& [misses, trials] = by_pair[{first, second}];
        ++trials;
        misses += c.score < thresholds.fmr_1000 ? 1 : 0;
    }
    std::printf("\nFNMR by skin conditions of the two impressions, at the FMR 0.1%% threshold "
                "(all templates)\n");
    for (const auto& [names, counts] : by_pair) {
        std::printf("  %-8s vs %-8s %6.1f%% (%d of %d)\n", names.first.c_str(),
                    names.second.c_str(), 100.0 * counts.first / counts.second, counts.first,
                    counts.second);
    }
    std::printf("\nTotal run time %.1f s\n", seconds_since(total_start));
    return 0;
}
