// SPDX-License-Identifier: Apache-2.0
#include "slap_analysis.hpp"

#include "biometrics/fingerprint/finger_quality.hpp"
#include "biometrics/fingerprint/iso19794_2_codec.hpp"
#include "biometrics/fingerprint/minutiae_extractor.hpp"
#include "biometrics/fingerprint/slap_segmentation.hpp"

namespace ktpel::daemon {
namespace {

namespace fp = biometrics::fingerprint;

fp::SlapKind kind_of(drivers::SlapSlot slot)
{
    switch (slot) {
    case drivers::SlapSlot::left_four:
        return fp::SlapKind::left_four;
    case drivers::SlapSlot::right_four:
        return fp::SlapKind::right_four;
    case drivers::SlapSlot::thumbs:
        return fp::SlapKind::thumbs;
    case drivers::SlapSlot::single:
        break;
    }
    return fp::SlapKind::single_finger;
}

const char* status_name(fp::FingerCountStatus status)
{
    switch (status) {
    case fp::FingerCountStatus::as_expected:
        return "as_expected";
    case fp::FingerCountStatus::fewer_than_expected:
        return "fewer_than_expected";
    case fp::FingerCountStatus::more_than_expected:
        return "more_than_expected";
    }
    return "unknown";
}

std::vector<std::uint8_t> template_of(const fp::SegmentedFinger& finger,
                                      const fp::MinutiaeExtraction& extraction, int quality)
{
    fp::FingerMinutiaeRecord record;
    record.image_width = static_cast<std::uint16_t>(finger.crop.width);
    record.image_height = static_cast<std::uint16_t>(finger.crop.height);
    const auto ppcm = fp::pixels_per_centimetre(finger.crop.ppi ? finger.crop.ppi : 500);
    record.x_resolution_ppcm = record.y_resolution_ppcm = ppcm;
    fp::IsoFingerView view;
    view.position = finger.position;
    view.finger_quality = static_cast<std::uint8_t>(quality);
    for (const auto& minutia : extraction.minutiae)
        view.minutiae.push_back(fp::to_iso_minutia(minutia));
    record.views.push_back(std::move(view));
    return fp::encode_iso19794_2(record);
}

} // namespace

std::optional<fp::FingerPosition> finger_position_from_name(const std::string& name)
{
    for (int code = 1; code <= 10; ++code) {
        const auto position = static_cast<fp::FingerPosition>(code);
        if (fp::finger_position_name(position) == name)
            return position;
    }
    return std::nullopt;
}

SlapAnalysis analyse_slap(const drivers::RasterImage& image, drivers::SlapSlot slot,
                          const std::vector<fp::FingerPosition>& missing,
                          fp::FingerPosition single_finger)
{
    const auto expectation = slot == drivers::SlapSlot::single
                                 ? fp::SlapExpectation{fp::SlapKind::single_finger, {single_finger}}
                                 : fp::expect_fingers(kind_of(slot), missing);
    const auto segmentation = fp::segment_slap(image, expectation);
    SlapAnalysis analysis;
    nlohmann::json declared = nlohmann::json::array();
    for (const auto position : missing)
        declared.push_back(fp::finger_position_name(position));
    analysis.summary = {{"expected", segmentation.expected_count},
                        {"found", segmentation.found_count},
                        {"count", status_name(segmentation.count_status)},
                        {"wrong_hand_suspected", segmentation.wrong_hand_suspected},
                        {"missing_declared", declared}};
    for (const auto& finger : segmentation.fingers) {
        const auto extraction = fp::extract_minutiae(finger.crop);
        const auto quality = fp::assess_finger_quality(finger.crop, extraction);
        AnalysedFinger analysed;
        analysed.position = finger.position;
        analysed.summary = {
            {"position", fp::finger_position_name(finger.position)},
            {"iso_position", static_cast<int>(finger.position)},
            {"box",
             {{"x", finger.box.left},
              {"y", finger.box.top},
              {"width", finger.box.width},
              {"height", finger.box.height}}},
            {"quality", quality.score},
            {"features",
             {{"orientation_certainty", quality.features.orientation_certainty},
              {"local_clarity", quality.features.local_clarity},
              {"frequency_domain", quality.features.frequency_domain},
              {"ridge_valley_uniformity", quality.features.ridge_valley_uniformity},
              {"orientation_flow_degrees", quality.features.orientation_flow_degrees},
              {"ridge_contrast", quality.features.ridge_contrast},
              {"foreground_area_mm2", quality.features.foreground_area_mm2}}},
            {"minutiae", extraction.minutiae.size()}};
        analysed.iso_template = template_of(finger, extraction, quality.score);
        analysed.crop = finger.crop;
        analysis.fingers.push_back(std::move(analysed));
    }
    return analysis;
}

} // namespace ktpel::daemon
