// SPDX-License-Identifier: Apache-2.0
// The evidence a step may declare (config/sop/*.yaml, `evidence:`): a fixed
// vocabulary, because each kind is read from register facts that the
// daemon's services record. The loader refuses any other name.
#pragma once

#include <array>
#include <string_view>

namespace ktpel::sop {

struct EvidenceKind
{
    std::string_view name;
    std::string_view meaning; // for docs/sop.md and the loader's message
};

inline constexpr std::array kEvidenceKinds{
    EvidenceKind{"fingerprints", "four-four-two slaps, every absent finger declared missing"},
    EvidenceKind{"irises", "both irises, or a declared missing eye"},
    EvidenceKind{"face_photo", "a face photo that passed its checks"},
    EvidenceKind{"signature", "the applicant's signature on the pad"},
    EvidenceKind{"card_issued", "a KTP-el delivered by card.issue and not voided"},
    EvidenceKind{"card_activated",
                 "the delivered card activated by the applicant's finger (or its chip blocked "
                 "after its attempts were spent: the step then ends not_activated, with a reason)"},
    EvidenceKind{"declared", "a value the officer states on completing the step"},
};

inline bool is_evidence_kind(std::string_view name)
{
    for (const auto& kind : kEvidenceKinds)
        if (kind.name == name)
            return true;
    return false;
}

} // namespace ktpel::sop
