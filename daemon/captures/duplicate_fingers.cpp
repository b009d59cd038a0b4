// SPDX-License-Identifier: Apache-2.0
#include "duplicate_fingers.hpp"

#include <cmath>

#include <sodium.h>

namespace ktpel::daemon {
namespace {

namespace fp = biometrics::fingerprint;

constexpr std::string_view kTemplatePrefix = "template_";

// "template_7" -> left_index; unknown for any other part name.
fp::FingerPosition position_of_part(const std::string& name)
{
    if (!name.starts_with(kTemplatePrefix))
        return fp::FingerPosition::unknown;
    const auto digits = name.substr(kTemplatePrefix.size());
    for (int code = 1; code <= 10; ++code) {
        if (digits == std::to_string(code))
            return static_cast<fp::FingerPosition>(code);
    }
    return fp::FingerPosition::unknown;
}

} // namespace

HeldFingerTemplate::HeldFingerTemplate(fp::FingerPosition position, std::string capture,
                                       std::vector<std::uint8_t> record)
    : position(position), capture(std::move(capture)), record(std::move(record))
{
}

HeldFingerTemplate::~HeldFingerTemplate()
{
    if (!record.empty())
        sodium_memzero(record.data(), record.size());
}

std::vector<HeldFingerTemplate> held_finger_templates(const CaptureStore& store,
                                                      const std::string& application,
                                                      const std::string& slot)
{
    std::vector<HeldFingerTemplate> held;
    for (const auto* capture : store.of_application(application)) {
        // The same rule as record_and_hold_capture's: a capture of the same
        // operation and slot is the one this capture supersedes.
        if (capture->operation != "fingerprint.capture" ||
            capture->metadata.value("slot", "") == slot)
            continue;
        for (const auto& part : capture->parts) {
            const auto position = position_of_part(part.name);
            if (position != fp::FingerPosition::unknown)
                held.emplace_back(position, capture->id, part.bytes);
        }
    }
    return held;
}

std::vector<DuplicateFinger> find_duplicate_fingers(const std::vector<NewFingerTemplate>& fresh,
                                                    const std::vector<HeldFingerTemplate>& held,
                                                    double threshold)
{
    std::vector<DuplicateFinger> duplicates;
    for (const auto& finger : fresh) {
        if (finger.position == fp::FingerPosition::unknown || finger.record == nullptr)
            continue;
        for (const auto& earlier : held) {
            // The same position is a retake of that finger, not a duplicate.
            if (earlier.position == finger.position)
                continue;
            const double score = compare_finger_records(*finger.record, earlier.record);
            if (score >= threshold)
                duplicates.push_back({finger.position, earlier.position, earlier.capture, score});
        }
    }
    return duplicates;
}

nlohmann::json to_json(const DuplicateFinger& duplicate)
{
    return {{"position", fp::finger_position_name(duplicate.position)},
            {"matches", fp::finger_position_name(duplicate.matches)},
            {"capture", duplicate.capture},
            {"score", std::round(duplicate.score * 1000.0) / 1000.0}};
}

} // namespace ktpel::daemon
