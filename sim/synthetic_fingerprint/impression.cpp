// SPDX-License-Identifier: Apache-2.0
#include "impression.hpp"

#include <stdexcept>

#include "ink_canvas.hpp"
#include "seeded_random.hpp"

namespace ktpel::sim::fingerprint {

namespace {

enum ImpressionTag : std::uint64_t
{
    placement_tag = 101,
    partial_tag,
    condition_tag,
    sensor_tag,
};

std::uint64_t impression_seed(const MasterFingerprint& master, std::uint64_t impression_index,
                              std::uint64_t tag, std::uint64_t extra = 0)
{
    return derive_seed({master.person,
                        static_cast<std::uint64_t>(finger_position_code(master.position)),
                        impression_index, tag, extra});
}

void require_size(const ImpressionOptions& options)
{
    if (options.width <= 0 || options.height <= 0) {
        throw std::invalid_argument("impression size must be positive");
    }
}

} // namespace

FingerPlacement impression_placement(const MasterFingerprint& master,
                                     std::uint64_t impression_index, SkinCondition condition,
                                     const ImpressionOptions& options)
{
    require_size(options);
    SeededRandom random(impression_seed(master, impression_index, placement_tag));
    FingerPlacement placement = random_placement(
        master, {options.width / 2.0, options.height / 2.0}, 0.0, options.spread, random);
    if (condition == SkinCondition::Partial) {
        SeededRandom lift(impression_seed(master, impression_index, partial_tag));
        make_partial(placement, master, lift);
    }
    return placement;
}

Impression render_impression_at(const MasterFingerprint& master, const FingerPlacement& placement,
                                std::uint64_t impression_index, SkinCondition condition,
                                const ImpressionOptions& options)
{
    require_size(options);
    const auto condition_code = static_cast<std::uint64_t>(condition);
    InkCanvas canvas(options.width, options.height);
    PressedFinger pressed =
        press_finger(canvas, master, placement, condition,
                     impression_seed(master, impression_index, condition_tag, condition_code));
    Impression impression;
    impression.image = canvas.develop(
        impression_seed(master, impression_index, sensor_tag, condition_code), master_ppi);
    impression.person = master.person;
    impression.position = master.position;
    impression.impression_index = impression_index;
    impression.condition = condition;
    impression.placement = placement;
    impression.contact_box = pressed.box;
    impression.contact_area_px = pressed.contact_area_px;
    impression.minutiae = std::move(pressed.minutiae);
    return impression;
}

Impression render_impression(const MasterFingerprint& master, std::uint64_t impression_index,
                             SkinCondition condition, const ImpressionOptions& options)
{
    return render_impression_at(master,
                                impression_placement(master, impression_index, condition, options),
                                impression_index, condition, options);
}

Impression render_impression(MasterCache& cache, std::uint64_t person, FingerPosition position,
                             std::uint64_t impression_index, SkinCondition condition,
                             const ImpressionOptions& options)
{
    const auto master = cache.get(person, position);
    return render_impression(*master, impression_index, condition, options);
}

} // namespace ktpel::sim::fingerprint
