// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <numbers>

namespace ktpel::biometrics::matcher {

// Parameters of Minutia Cylinder-Code (R. Cappelli, M. Ferrara, D. Maltoni,
// "Minutia Cylinder-Code: a new representation and matching technique for
// fingerprint recognition", IEEE TPAMI 32(12), 2010). The defaults are the
// paper's values for 500 ppi images (its Table 1 and the LSS-R parameters of
// its section 5); docs/fingerprint-matching.md says which of them our
// benchmark moved and why. Distances are pixels at 500 ppi: templates from
// other resolutions are rescaled before these apply.

// How a cylinder is built (template preparation). The cell grid itself,
// 16 x 16 spatial cells by 6 direction cells, is fixed by the bit layout of
// CylinderCode.
struct CylinderParameters
{
    double radius = 70.0;                                // R
    double spatial_sigma = 28.0 / 3.0;                   // sigma_S
    double direction_sigma = 2.0 * std::numbers::pi / 9; // sigma_D
    // A cell's bit is set when the summed contribution reaches this
    // (mu_psi; the bit-based variant thresholds where the paper's sigmoid
    // Psi is centred).
    double contribution_threshold = 0.01;
    // Cells further than this outside the convex hull of the minutiae are
    // invalid: nothing is known about the finger there (Omega).
    double hull_margin = 80.0;
    // A cylinder is kept only when this share of its in-circle cells is
    // valid (minVC) and at least this many other minutiae lie within
    // R + 3 sigma_S of its centre (minM).
    double min_valid_cell_share = 0.75;
    int min_contributing_minutiae = 2;

    bool operator==(const CylinderParameters&) const = default;
};

// How two templates are compared: local similarity, pair preselection,
// relaxation and the final score.
struct ConsolidationParameters
{
    // Two cylinders are comparable only when their minutiae directions
    // differ by at most this (delta_theta) and this share of the in-circle
    // cells is valid in both (minME).
    double max_direction_difference = std::numbers::pi / 2;
    double min_matchable_cell_share = 0.60;
    // Preselect the n_R pairs one-to-one (each minutia in at most one
    // pair) instead of the paper's plain top n_R (LSS).
    bool one_to_one_pairs = true;

    // Number of pairs averaged into the final score:
    // n_P = min_pairs + round(Z(min(n_A, n_B), pair_count_mu, pair_count_tau)
    //       * (max_pairs - min_pairs)),
    // with Z the logistic function below.
    int min_pairs = 4;
    int max_pairs = 12;
    double pair_count_mu = 20.0;
    double pair_count_tau = 0.4;

    // Not in the paper: the score is multiplied by
    // min(1, min(n_A, n_B) / full_evidence_cylinders). A handful of
    // minutiae agree by chance far more often than a whole finger does, and
    // without this the thresholds for a low false-match rate are set by the
    // near-empty captures (see docs/fingerprint-matching.md). 0 disables it.
    double full_evidence_cylinders = 16.0;

    // Relaxation (LSS-R): lambda_t <- w lambda_t + (1 - w)/(n_R - 1)
    // sum_k rho(t, k) lambda_k, repeated this many times.
    int relaxation_iterations = 5;
    double relaxation_weight = 0.5;
    // rho(t, k) is the product of three logistic functions
    // Z(d, mu, tau) = 1 / (1 + exp(-tau (d - mu))) of how differently the two
    // pairs sit in the two templates: distance (pixels), relative direction
    // and radial angle (radians).
    double distance_mu = 5.0;
    double distance_tau = -8.0 / 5.0;
    double direction_mu = std::numbers::pi / 12;
    double direction_tau = -30.0;
    double radial_mu = std::numbers::pi / 12;
    double radial_tau = -30.0;

    bool operator==(const ConsolidationParameters&) const = default;
};

struct MatcherParameters
{
    CylinderParameters cylinder;
    ConsolidationParameters consolidation;
    bool operator==(const MatcherParameters&) const = default;
};

} // namespace ktpel::biometrics::matcher
