// SPDX-License-Identifier: Apache-2.0
#include "slap_segmentation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <string>

#include "fingerprint_error.hpp"
#include "foreground_mask.hpp"
#include "image_filters.hpp"
#include "orientation_field.hpp"

namespace ktpel::biometrics::fingerprint {

namespace {

// Fingers of each slot in the order they appear on the image, left to
// right, as seen from the scanner: the left hand lies little finger
// leftmost, the right hand is its mirror, and thumbs keep their side.
std::vector<FingerPosition> display_order(SlapKind kind)
{
    using enum FingerPosition;
    switch (kind) {
    case SlapKind::left_four:
        return {left_little, left_ring, left_middle, left_index};
    case SlapKind::right_four:
        return {right_index, right_middle, right_ring, right_little};
    case SlapKind::thumbs:
        return {left_thumb, right_thumb};
    case SlapKind::single_finger:
        break;
    }
    return {};
}

// Same digit on the other hand.
FingerPosition mirror(FingerPosition position)
{
    const int code = static_cast<int>(position);
    if (code >= 1 && code <= 5) {
        return static_cast<FingerPosition>(code + 5);
    }
    if (code >= 6 && code <= 10) {
        return static_cast<FingerPosition>(code - 5);
    }
    return position;
}

struct FoundFinger
{
    PixelBox box;
    int tip_y = 0;
    int centre_x = 0;
};

struct Assignment
{
    double cost = std::numeric_limits<double>::infinity();
    std::vector<int> expected_index; // per found finger; -1 = unassigned
};

class LayoutModel
{
public:
    LayoutModel(SlapKind kind, const SlapParameters& parameters, double scale)
        : kind_(kind), parameters_(parameters), scale_(scale)
    {
    }

    double tip_drop(FingerPosition position) const
    {
        switch (digit_of(position)) {
        case 1:
            return parameters_.index_drop * scale_;
        case 3:
            return parameters_.ring_drop * scale_;
        case 4:
            return parameters_.little_drop * scale_;
        default:
            return 0.0;
        }
    }

    // How badly fingers (left to right) fit positions (left to right):
    // residual tip heights after removing the common offset, plus, for four
    // finger slaps, residual of a straight-line fit of centre x against the
    // slot, which is what places a gap where a finger is missing.
    double cost(const std::vector<const FoundFinger*>& fingers,
                const std::vector<FingerPosition>& positions,
                const std::vector<FingerPosition>& slots) const
    {
        const std::size_t n = fingers.size();
        if (n == 0) {
            return 0.0;
        }
        const double height_unit = 30.0 * scale_;
        double offset = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            offset += fingers[i]->tip_y - tip_drop(positions[i]);
        }
        offset /= static_cast<double>(n);
        double total = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const double residual = fingers[i]->tip_y - tip_drop(positions[i]) - offset;
            total += residual * residual / (height_unit * height_unit);
        }
        if (kind_ == SlapKind::thumbs || n < 3) {
            return total;
        }
        double mean_slot = 0.0;
        double mean_x = 0.0;
        std::vector<double> slot(n);
        for (std::size_t i = 0; i < n; ++i) {
            slot[i] = static_cast<double>(std::find(slots.begin(), slots.end(), positions[i]) -
                                          slots.begin());
            mean_slot += slot[i] / static_cast<double>(n);
            mean_x += fingers[i]->centre_x / static_cast<double>(n);
        }
        double sxy = 0.0;
        double sxx = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            sxy += (slot[i] - mean_slot) * (fingers[i]->centre_x - mean_x);
            sxx += (slot[i] - mean_slot) * (slot[i] - mean_slot);
        }
        const double pitch = sxx > 0.0 ? sxy / sxx : 0.0;
        const double spacing_unit = 40.0 * scale_;
        for (std::size_t i = 0; i < n; ++i) {
            const double residual = fingers[i]->centre_x - (mean_x + pitch * (slot[i] - mean_slot));
            total += residual * residual / (spacing_unit * spacing_unit);
        }
        return total;
    }

private:
    SlapKind kind_;
    SlapParameters parameters_;
    double scale_;
};

// Calls visit with every increasing choice of `choose` indices from 0..n-1.
void for_each_combination(std::size_t n, std::size_t choose,
                          const std::function<void(const std::vector<std::size_t>&)>& visit)
{
    std::vector<std::size_t> chosen(choose);
    std::function<void(std::size_t, std::size_t)> recurse = [&](std::size_t depth,
                                                                std::size_t from) {
        if (depth == choose) {
            visit(chosen);
            return;
        }
        for (std::size_t i = from; i + (choose - depth) <= n; ++i) {
            chosen[depth] = i;
            recurse(depth + 1, i + 1);
        }
    };
    recurse(0, 0);
}

// Order-preserving matching of found fingers (left to right) to expected
// positions (left to right) with the lowest layout cost.
Assignment best_assignment(const std::vector<FoundFinger>& found,
                           const std::vector<FingerPosition>& expected,
                           const std::vector<FingerPosition>& slots, const LayoutModel& model)
{
    Assignment best;
    best.expected_index.assign(found.size(), -1);
    if (found.empty() || expected.empty()) {
        best.cost = 0.0;
        return best;
    }
    if (found.size() <= expected.size()) {
        std::vector<const FoundFinger*> fingers;
        for (const FoundFinger& finger : found) {
            fingers.push_back(&finger);
        }
        for_each_combination(expected.size(), found.size(),
                             [&](const std::vector<std::size_t>& chosen) {
                                 std::vector<FingerPosition> positions;
                                 for (const std::size_t index : chosen) {
                                     positions.push_back(expected[index]);
                                 }
                                 const double cost = model.cost(fingers, positions, slots);
                                 if (cost < best.cost) {
                                     best.cost = cost;
                                     for (std::size_t i = 0; i < chosen.size(); ++i) {
                                         best.expected_index[i] = static_cast<int>(chosen[i]);
                                     }
                                 }
                             });
    } else {
        for_each_combination(
            found.size(), expected.size(), [&](const std::vector<std::size_t>& chosen) {
                std::vector<const FoundFinger*> fingers;
                for (const std::size_t index : chosen) {
                    fingers.push_back(&found[index]);
                }
                const double cost = model.cost(fingers, expected, slots);
                if (cost < best.cost) {
                    best.cost = cost;
                    std::fill(best.expected_index.begin(), best.expected_index.end(), -1);
                    for (std::size_t i = 0; i < chosen.size(); ++i) {
                        best.expected_index[chosen[i]] = static_cast<int>(i);
                    }
                }
            });
    }
    return best;
}

ktpel::RasterImage crop_image(const ktpel::RasterImage& image, const PixelBox& box)
{
    ktpel::RasterImage crop;
    crop.width = static_cast<std::uint32_t>(box.width);
    crop.height = static_cast<std::uint32_t>(box.height);
    crop.ppi = image.ppi;
    crop.pixels.reserve(static_cast<std::size_t>(box.width) * static_cast<std::size_t>(box.height));
    for (int y = box.top; y < box.top + box.height; ++y) {
        const auto row = image.pixels.begin() + static_cast<std::ptrdiff_t>(y) * image.width;
        crop.pixels.insert(crop.pixels.end(), row + box.left, row + box.left + box.width);
    }
    return crop;
}

void validate_expectation(const SlapExpectation& expectation)
{
    std::set<FingerPosition> seen;
    const std::vector<FingerPosition> allowed = display_order(expectation.kind);
    for (const FingerPosition position : expectation.present) {
        if (!seen.insert(position).second) {
            throw InvalidFingerprintRequest(
                "finger " + std::string(finger_position_name(position)) + " expected twice");
        }
        if (expectation.kind == SlapKind::single_finger) {
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), position) == allowed.end()) {
            throw InvalidFingerprintRequest("finger " +
                                            std::string(finger_position_name(position)) +
                                            " cannot appear in this slap");
        }
    }
    if (expectation.kind == SlapKind::single_finger && expectation.present.size() != 1) {
        throw InvalidFingerprintRequest("single-finger mode expects exactly one finger position");
    }
}

} // namespace

SlapExpectation expect_fingers(SlapKind kind, const std::vector<FingerPosition>& declared_absent)
{
    SlapExpectation expectation{kind, {}};
    for (const FingerPosition position : display_order(kind)) {
        if (std::find(declared_absent.begin(), declared_absent.end(), position) ==
            declared_absent.end()) {
            expectation.present.push_back(position);
        }
    }
    return expectation;
}

SlapSegmentation segment_slap(const ktpel::RasterImage& image, const SlapExpectation& expectation,
                              const SlapParameters& parameters)
{
    validate_fingerprint_image(image);
    validate_expectation(expectation);
    const FloatPlane grey = to_float_plane(image);
    const OrientationField orientation = estimate_orientation(grey);
    ForegroundParameters foreground_parameters;
    foreground_parameters.block_size = parameters.block_size;
    foreground_parameters.keep_largest_component_only = expectation.kind == SlapKind::single_finger;
    foreground_parameters.minimum_component_blocks = parameters.minimum_finger_blocks;
    const ForegroundMask mask = segment_foreground(grey, orientation, foreground_parameters);
    const ComponentLabels components = label_components(mask.blocks);

    const int block = parameters.block_size;
    const int width = static_cast<int>(image.width);
    const int height = static_cast<int>(image.height);
    std::vector<FoundFinger> found;
    for (int label = 1; label <= components.count; ++label) {
        // Row extents of the component, top down.
        int top_row = -1;
        int bottom_row = -1;
        std::vector<std::pair<int, int>> row_extent(static_cast<std::size_t>(mask.blocks.height),
                                                    {-1, -1});
        for (int by = 0; by < mask.blocks.height; ++by) {
            for (int bx = 0; bx < mask.blocks.width; ++bx) {
                if (components.labels.at(bx, by) != label) {
                    continue;
                }
                auto& extent = row_extent[static_cast<std::size_t>(by)];
                extent.first = extent.first < 0 ? bx : std::min(extent.first, bx);
                extent.second = std::max(extent.second, bx);
                top_row = top_row < 0 ? by : top_row;
                bottom_row = by;
            }
        }
        if (top_row < 0) {
            continue;
        }
        // Finger width: widest row within the first 20 block rows (about
        // 16 mm), which reaches the distal phalanx but not the palm.
        int widest = 1;
        for (int by = top_row; by <= std::min(bottom_row, top_row + 19); ++by) {
            const auto& extent = row_extent[static_cast<std::size_t>(by)];
            if (extent.first >= 0) {
                widest = std::max(widest, extent.second - extent.first + 1);
            }
        }
        const int distal_rows =
            std::max(1, static_cast<int>(std::lround(parameters.distal_length_per_width *
                                                     static_cast<double>(widest))));
        const int last_row = std::min(bottom_row, top_row + distal_rows - 1);
        int left_block = mask.blocks.width;
        int right_block = -1;
        for (int by = top_row; by <= last_row; ++by) {
            const auto& extent = row_extent[static_cast<std::size_t>(by)];
            if (extent.first >= 0) {
                left_block = std::min(left_block, extent.first);
                right_block = std::max(right_block, extent.second);
            }
        }
        const int left = std::max(0, left_block * block - parameters.crop_margin);
        const int top = std::max(0, top_row * block - parameters.crop_margin);
        const int right = std::min(width, (right_block + 1) * block + parameters.crop_margin);
        const int bottom = std::min(height, (last_row + 1) * block + parameters.crop_margin);
        FoundFinger finger;
        finger.box = {left, top, right - left, bottom - top};
        finger.tip_y = top_row * block;
        finger.centre_x = (left_block * block + (right_block + 1) * block) / 2;
        found.push_back(finger);
    }
    std::sort(found.begin(), found.end(),
              [](const FoundFinger& a, const FoundFinger& b) { return a.centre_x < b.centre_x; });

    SlapSegmentation result;
    result.expected_count = static_cast<int>(expectation.present.size());
    result.found_count = static_cast<int>(found.size());
    result.count_status =
        found.size() == expectation.present.size()  ? FingerCountStatus::as_expected
        : found.size() < expectation.present.size() ? FingerCountStatus::fewer_than_expected
                                                    : FingerCountStatus::more_than_expected;

    if (expectation.kind == SlapKind::single_finger) {
        // The whole image is the finger; the box is its foreground extent,
        // or the whole image when no foreground was found.
        SegmentedFinger finger;
        finger.position = expectation.present.front();
        finger.box = found.empty() ? PixelBox{0, 0, width, height} : found.front().box;
        if (!found.empty()) {
            finger.tip_y = found.front().tip_y;
            finger.centre_x = found.front().centre_x;
        }
        finger.crop = crop_image(image, finger.box);
        result.fingers.push_back(std::move(finger));
        result.found_count = found.empty() ? 0 : 1;
        result.count_status =
            found.empty() ? FingerCountStatus::fewer_than_expected : FingerCountStatus::as_expected;
        return result;
    }

    const double scale = (image.ppi == 0 ? 500.0 : static_cast<double>(image.ppi)) / 500.0;
    const LayoutModel model(expectation.kind, parameters, scale);
    const std::vector<FingerPosition> slots = display_order(expectation.kind);
    std::vector<FingerPosition> expected;
    for (const FingerPosition position : slots) {
        if (std::find(expectation.present.begin(), expectation.present.end(), position) !=
            expectation.present.end()) {
            expected.push_back(position);
        }
    }
    const Assignment declared = best_assignment(found, expected, slots, model);
    result.declared_hand_misfit = declared.cost;

    if (expectation.kind == SlapKind::left_four || expectation.kind == SlapKind::right_four) {
        // The other hand's layout with the same digits present.
        const SlapKind other =
            expectation.kind == SlapKind::left_four ? SlapKind::right_four : SlapKind::left_four;
        const std::vector<FingerPosition> other_slots = display_order(other);
        std::vector<FingerPosition> mirrored;
        for (const FingerPosition position : other_slots) {
            if (std::find(expected.begin(), expected.end(), mirror(position)) != expected.end()) {
                mirrored.push_back(position);
            }
        }
        const LayoutModel other_model(other, parameters, scale);
        const Assignment alternative = best_assignment(found, mirrored, other_slots, other_model);
        result.mirrored_hand_misfit = alternative.cost;
        result.wrong_hand_suspected =
            std::min(found.size(), expected.size()) >= 2 &&
            alternative.cost + parameters.wrong_hand_margin < declared.cost;
    } else {
        result.mirrored_hand_misfit = declared.cost;
    }

    for (std::size_t i = 0; i < found.size(); ++i) {
        SegmentedFinger finger;
        const int index = declared.expected_index[i];
        finger.position =
            index >= 0 ? expected[static_cast<std::size_t>(index)] : FingerPosition::unknown;
        finger.box = found[i].box;
        finger.tip_y = found[i].tip_y;
        finger.centre_x = found[i].centre_x;
        finger.crop = crop_image(image, finger.box);
        result.fingers.push_back(std::move(finger));
    }
    return result;
}

} // namespace ktpel::biometrics::fingerprint
