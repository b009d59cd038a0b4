// SPDX-License-Identifier: Apache-2.0
#include "slap_composer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "finger_press.hpp"
#include "ink_canvas.hpp"
#include "master_fingerprint.hpp"
#include "seeded_random.hpp"

namespace ktpel::sim::fingerprint {

namespace {

enum SlapTag : std::uint64_t
{
    hand_tag = 201,
    finger_tag,
    partial_tag,
    condition_tag,
    sensor_tag,
};

// Where the fingers of a hand converge (the palm, below the image): the
// direction from there to a fingertip gives each finger its fan tilt. It
// sits towards the thumb side, so little fingers splay out the most.
constexpr double fan_origin_y = 3000.0;
constexpr double fan_origin_offset = 120.0;

// Nominal fingertip-centre height per digit: middle highest, little
// lowest (its tip reaches only about the ring finger's last crease).
double nominal_y(Digit digit)
{
    switch (digit) {
    case Digit::Thumb:
        return 780.0;
    case Digit::Index:
        return 690.0;
    case Digit::Middle:
        return 580.0;
    case Digit::Ring:
        return 650.0;
    case Digit::Little:
        return 880.0;
    }
    return 600.0;
}

struct Pose
{
    Point2 centre;
    double rotation = 0.0;
};

// Nominal poses for the fingers of one hand, left to right in the image.
std::vector<Pose> nominal_poses(const std::vector<FingerPosition>& fingers, SlapSlot slot)
{
    std::vector<Pose> poses;
    if (slot == SlapSlot::BothThumbs) {
        // Thumbs side by side, tips leaning slightly towards each other.
        poses.push_back({{470.0, nominal_y(Digit::Thumb)}, -0.18});
        poses.push_back({{1130.0, nominal_y(Digit::Thumb)}, 0.18});
        return poses;
    }
    static constexpr double xs[4] = {265.0, 625.0, 980.0, 1335.0};
    // The thumb side is where the index finger is.
    const bool index_on_left = digit_of(fingers.front()) == Digit::Index;
    const double fan_x =
        slap_width / 2.0 + (index_on_left ? -fan_origin_offset : fan_origin_offset);
    for (std::size_t i = 0; i < fingers.size(); ++i) {
        const Point2 centre{xs[i], nominal_y(digit_of(fingers[i]))};
        // Counter-clockwise (tip to the left) for fingers left of the fan
        // origin, clockwise for those right of it.
        const double tilt = std::atan((fan_x - centre.x) / (fan_origin_y - centre.y));
        poses.push_back({centre, tilt});
    }
    return poses;
}

void require_in_slot(const std::set<FingerPosition>& allowed, FingerPosition position,
                     const char* what)
{
    require_valid(position);
    if (allowed.count(position) == 0) {
        throw std::invalid_argument(std::string("compose_slap: ") + what + " names the " +
                                    std::string(finger_position_name(position)) +
                                    ", which cannot appear in this slot");
    }
}

} // namespace

std::vector<FingerPosition> slap_fingers(SlapSlot slot, bool wrong_hand)
{
    using enum FingerPosition;
    switch (slot) {
    case SlapSlot::LeftFour:
        return wrong_hand ? std::vector{RightIndex, RightMiddle, RightRing, RightLittle}
                          : std::vector{LeftLittle, LeftRing, LeftMiddle, LeftIndex};
    case SlapSlot::RightFour:
        return wrong_hand ? std::vector{LeftLittle, LeftRing, LeftMiddle, LeftIndex}
                          : std::vector{RightIndex, RightMiddle, RightRing, RightLittle};
    case SlapSlot::BothThumbs:
        return wrong_hand ? std::vector{RightThumb, LeftThumb} : std::vector{LeftThumb, RightThumb};
    }
    throw std::invalid_argument("compose_slap: unknown slot");
}

SlapImage compose_slap(const SlapRequest& request, MasterCache& cache)
{
    const std::vector<FingerPosition> fingers = slap_fingers(request.slot, request.wrong_hand);
    std::set<FingerPosition> allowed(fingers.begin(), fingers.end());
    for (FingerPosition other : slap_fingers(request.slot, !request.wrong_hand)) {
        allowed.insert(other);
    }
    for (FingerPosition position : request.missing) {
        require_in_slot(allowed, position, "missing");
    }
    for (const auto& [position, condition] : request.finger_conditions) {
        require_in_slot(allowed, position, "finger_conditions");
        (void)skin_condition_name(condition); // rejects out-of-range values
    }
    (void)skin_condition_name(request.condition);

    const auto slot_code = static_cast<std::uint64_t>(request.slot);
    const auto wrong_code = static_cast<std::uint64_t>(request.wrong_hand ? 1 : 0);
    // The whole hand lands a little off and turned; each finger then
    // strays a little on its own.
    SeededRandom hand(
        derive_seed({request.person, slot_code, wrong_code, request.impression_index, hand_tag}));
    const Point2 hand_shift{std::clamp(hand.normal(0.0, 20.0), -50.0, 50.0),
                            std::clamp(hand.normal(0.0, 20.0), -50.0, 50.0)};
    const double hand_turn = std::clamp(hand.normal(0.0, 0.035), -0.08, 0.08);
    const Point2 hand_pivot{slap_width / 2.0, slap_height / 2.0};

    PlacementSpread finger_spread;
    finger_spread.shift_sd_px = 8.0;
    finger_spread.max_shift_px = 20.0;
    finger_spread.rotation_sd = 0.04;
    finger_spread.max_rotation = 0.1;

    InkCanvas canvas(slap_width, slap_height);
    const std::vector<Pose> poses = nominal_poses(fingers, request.slot);
    SlapImage slap;
    for (std::size_t i = 0; i < fingers.size(); ++i) {
        const FingerPosition position = fingers[i];
        if (request.missing.count(position) != 0) {
            continue;
        }
        const auto code = static_cast<std::uint64_t>(finger_position_code(position));
        const auto found = request.finger_conditions.find(position);
        const SkinCondition condition =
            found != request.finger_conditions.end() ? found->second : request.condition;

        const auto master = cache.get(request.person, position);
        const Point2 turned = rotate_on_screen(
            {poses[i].centre.x - hand_pivot.x, poses[i].centre.y - hand_pivot.y}, hand_turn);
        const Point2 nominal{hand_pivot.x + turned.x + hand_shift.x,
                             hand_pivot.y + turned.y + hand_shift.y};
        SeededRandom random(
            derive_seed({request.person, code, slot_code, request.impression_index, finger_tag}));
        FingerPlacement placement = random_placement(
            *master, nominal, poses[i].rotation + hand_turn, finger_spread, random);
        if (condition == SkinCondition::Partial) {
            SeededRandom lift(derive_seed(
                {request.person, code, slot_code, request.impression_index, partial_tag}));
            make_partial(placement, *master, lift);
        }
        PressedFinger pressed =
            press_finger(canvas, *master, placement, condition,
                         derive_seed({request.person, code, slot_code, request.impression_index,
                                      condition_tag, static_cast<std::uint64_t>(condition)}));
        slap.fingers.push_back(
            {position, pressed.box, pressed.centre, std::move(pressed.minutiae)});
    }
    slap.image = canvas.develop(
        derive_seed({request.person, slot_code, wrong_code, request.impression_index, sensor_tag}),
        master_ppi);
    return slap;
}

} // namespace ktpel::sim::fingerprint
