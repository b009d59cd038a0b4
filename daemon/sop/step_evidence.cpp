// SPDX-License-Identifier: Apache-2.0
#include "step_evidence.hpp"

namespace ktpel::sop {
namespace {

nlohmann::json detail_of(const reg::StepFact& fact)
{
    auto detail = nlohmann::json::parse(fact.detail_json, nullptr, false);
    return detail.is_object() ? detail : nlohmann::json::object();
}

// The newest live fact of `kind` recorded in `step` (and about `subject`,
// when given): a retake supersedes, so only the latest counts.
const reg::StepFact* latest(const std::vector<reg::StepFact>& facts, const std::string& step,
                            const std::string& kind, const std::string* subject = nullptr)
{
    const reg::StepFact* found = nullptr;
    for (const auto& fact : facts) {
        if (fact.live() && fact.step_id == step && fact.fact == kind &&
            (!subject || fact.subject == *subject))
            found = &fact;
    }
    return found;
}

class Checker
{
public:
    Checker(const Step& step, const std::vector<reg::StepFact>& facts, EvidenceFinding& finding)
        : step_(step), facts_(facts), finding_(finding)
    {
    }

    void lack(const std::string& item, const std::string& why)
    {
        finding_.missing.push_back(item);
        finding_.why[item] = why;
    }

    void fingerprints()
    {
        for (const auto& slot : four_four_two_slots()) {
            const auto* fact = latest(facts_, step_.id, "fingerprints", &slot);
            const auto item = "fingerprints." + slot;
            if (!fact) {
                lack(item, "no " + slot + " slap was captured in this step");
                continue;
            }
            const auto detail = detail_of(*fact);
            if (detail.value("count", "") != "as_expected")
                lack(item, "the " + slot + " slap found " +
                               std::to_string(detail.value("found", 0)) + " of " +
                               std::to_string(detail.value("expected", 0)) +
                               " fingers: retake it, or declare the absent fingers missing");
            else if (detail.value("duplicates", 0) > 0)
                lack(item, "the " + slot +
                               " slap holds a finger already recorded under another "
                               "position: retake it");
            else if (detail.value("wrong_hand_suspected", false))
                lack(item, "the " + slot + " slap looks like the other hand: retake it");
        }
    }

    void irises()
    {
        const auto* fact = latest(facts_, step_.id, "irises");
        if (!fact)
            return lack("irises", "no iris capture in this step");
        const auto detail = detail_of(*fact);
        for (const std::string side : {"right", "left"}) {
            const auto status = detail.value(side, "");
            if (status != "ok" && status != "declared_missing")
                lack("irises." + side, "the " + side + " eye was " +
                                           (status.empty() ? std::string("not captured") : status) +
                                           ": retake it, or declare it missing");
        }
    }

    void face_photo()
    {
        const auto* fact = latest(facts_, step_.id, "face_photo");
        if (!fact)
            return lack("face_photo", "no face photo in this step");
        const auto detail = detail_of(*fact);
        if (!detail.value("passed", false))
            lack("face_photo", "the latest face photo failed its checks " +
                                   detail.value("failed_checks", nlohmann::json::array()).dump() +
                                   ": retake it");
    }

    void signature()
    {
        if (!latest(facts_, step_.id, "signature"))
            lack("signature", "the applicant has not signed on the pad in this step");
    }

    // The application's card: the newest live card_issued fact, whichever
    // step issued it.
    const reg::StepFact* issued_card() const
    {
        const reg::StepFact* found = nullptr;
        for (const auto& fact : facts_) {
            if (fact.live() && fact.fact == "card_issued")
                found = &fact;
        }
        return found;
    }

    void card_issued()
    {
        if (!issued_card())
            lack("card_issued", "no KTP-el was delivered for this application (card.issue)");
    }

    void card_activated()
    {
        const auto* card = issued_card();
        if (!card)
            return lack("card_activated", "the application has no delivered card to activate");
        if (latest(facts_, step_.id, "card_activated", &card->subject))
            return;
        lack("card_activated", "card " + card->subject + " has not been activated (card.activate)");
        // The chip blocked itself after its attempts: activation cannot be
        // done at the station any more, which is a recorded outcome of the
        // step, not a dead end.
        if (const auto* blocked = latest(facts_, step_.id, "card_blocked", &card->subject)) {
            finding_.excused_as = "not_activated";
            finding_.excuse = {{"fact", blocked->fact},
                               {"chip_uid", blocked->subject},
                               {"detail", detail_of(*blocked)}};
        }
    }

    void declared(const EvidenceRequirement& requirement, const Declarations& values)
    {
        const auto it = values.find(requirement.declared);
        if (it == values.end() || it->second.empty())
            lack(requirement.name(),
                 "state " + requirement.title_en + " (args.evidence." + requirement.declared + ")");
    }

private:
    const Step& step_;
    const std::vector<reg::StepFact>& facts_;
    EvidenceFinding& finding_;
};

} // namespace

EvidenceFinding check_evidence(const Step& step, const std::vector<reg::StepFact>& facts,
                               const Declarations& declared)
{
    EvidenceFinding finding;
    Checker checker(step, facts, finding);
    for (const auto& requirement : step.evidence) {
        const auto& kind = requirement.kind;
        if (kind == "fingerprints")
            checker.fingerprints();
        else if (kind == "irises")
            checker.irises();
        else if (kind == "face_photo")
            checker.face_photo();
        else if (kind == "signature")
            checker.signature();
        else if (kind == "card_issued")
            checker.card_issued();
        else if (kind == "card_activated")
            checker.card_activated();
        else if (kind == "declared")
            checker.declared(requirement, declared);
        else
            checker.lack(kind, "unknown evidence kind (the SOP loader should have refused it)");
    }
    // An excuse covers only its own lack: anything else missing still
    // blocks the step.
    if (finding.excused_as && finding.missing.size() != 1)
        finding.excused_as.reset();
    return finding;
}

} // namespace ktpel::sop
