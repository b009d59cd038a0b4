// SPDX-License-Identifier: Apache-2.0
// The SOP engine with a hand-moved clock: order, roles, decisions, skip,
// device gating and overruns, without devices, sockets or sleeping.
#include <gtest/gtest.h>

#include "daemon/api/domain_error_mapping.hpp"
#include "daemon/sop/engine.hpp"

namespace ktpel::sop {
namespace {

using namespace std::chrono_literals;
// The engine throws the domain's error; the tests speak of the codes a
// client sees, through the daemon's one mapping table.
using daemon::DomainError;
using daemon::to_protocol_error;

class FakeClock final : public Clock
{
public:
    time_point now() const override { return now_; }
    void advance(std::chrono::milliseconds by) { now_ += by; }

private:
    // 2026-11-24 09:00 WIB
    time_point now_ = std::chrono::sys_days{std::chrono::year{2026} / 11 / 24} + 2h;
};

// A four-step miniature of the seed: applicant's step recorded by the
// counter, a decision that can end the service, a skippable biometric step
// with device operations, a last step.
Sop mini_sop()
{
    Sop sop;
    sop.id = "mini";
    sop.roles = {{"pemohon", "Pemohon", "Applicant"},
                 {"petugas_loket", "Petugas Loket", "Counter officer"},
                 {"operator_siak", "Operator SIAK", "SIAK operator"}};
    Step submit{};
    submit.id = "submit";
    submit.number = 1;
    submit.title_en = "Applicant hands over the documents";
    submit.actor = "pemohon";
    submit.assisted_by = "petugas_loket";
    submit.standard_time = 1min;
    submit.next = "check";
    Step check{};
    check.id = "check";
    check.number = 2;
    check.title_en = "Counter checks completeness";
    check.actor = "petugas_loket";
    check.standard_time = 2min;
    check.decision =
        Decision{"",
                 "Complete?",
                 {{"complete", "Complete", "Lengkap", "record", "", false},
                  {"incomplete", "Incomplete", "Tidak lengkap", std::nullopt, "returned", true}}};
    Step record{};
    record.id = "record";
    record.number = 3;
    record.title_en = "Record biometrics";
    record.actor = "operator_siak";
    record.standard_time = 6min;
    record.permitted_operations = {"fingerprint.capture"};
    record.skip = SkipCondition{"biometrics_already_recorded", "already recorded"};
    record.next = "hand_over";
    Step hand_over{};
    hand_over.id = "hand_over";
    hand_over.number = 4;
    hand_over.title_en = "Hand over";
    hand_over.actor = "petugas_loket";
    hand_over.standard_time = 2min;
    sop.steps = {submit, check, record, hand_over};
    return sop;
}

const Actor kCounter{"siti", {"petugas_loket"}};
const Actor kOperator{"budi", {"operator_siak"}};
const Actor kTechnician{"tek", {"technician"}};
// Born 1990-03-12, female (day + 40), Kab. Lumajang (35 08), district 01.
const char* kNik = "3508015203900001";
const char* kKk = "3508010101150003";

class EngineTest : public ::testing::Test
{
protected:
    explicit EngineTest(Sop sop = mini_sop()) : sop_(std::move(sop)), engine_(sop_, clock_) {}

    ErrorCode code_of(const std::function<void()>& action)
    {
        try {
            action();
        } catch (const DomainError& e) {
            return to_protocol_error(e).code;
        }
        ADD_FAILURE() << "no error";
        return ErrorCode::internal;
    }

    // Applies a transition as the register would.
    void apply(const Transition& t)
    {
        app_ = t.application;
        for (const auto& row : t.steps) {
            if (!row.ended_at)
                open_ = row;
            else
                open_.reset();
            rows_.push_back(row);
        }
    }

    void open(bool biometrics_recorded = false)
    {
        app_ = engine_.open({kNik, kKk, false, biometrics_recorded}, kCounter);
        app_.id = "20261124-0001";
    }

    void run_step(const std::string& id, const Actor& actor,
                  std::optional<std::string> outcome = {}, std::string reason = "")
    {
        apply(engine_.start_step(app_, open_, id, actor));
        clock_.advance(30s);
        apply(engine_.complete_step(app_, open_, id, actor, outcome, "", reason, {}));
    }

    FakeClock clock_;
    Sop sop_;
    Engine engine_;
    reg::ApplicationRecord app_;
    std::optional<reg::StepRecord> open_;
    std::vector<reg::StepRecord> rows_;
};

TEST_F(EngineTest, AWholeServiceInOrder)
{
    open();
    EXPECT_EQ(app_.current_step, "submit");
    run_step("submit", kCounter); // the applicant's step, recorded by the counter
    run_step("check", kCounter, "complete");
    run_step("record", kOperator);
    run_step("hand_over", kCounter);
    EXPECT_EQ(app_.state, reg::ApplicationState::completed);
    EXPECT_EQ(app_.end_state, "completed");
    EXPECT_TRUE(app_.current_step.empty());
    ASSERT_EQ(rows_.size(), 8u);
    EXPECT_EQ(rows_.back().outcome, "done");
    EXPECT_EQ(rows_[3].outcome, "complete");
}

TEST_F(EngineTest, OpeningChecksTheNumbersAndTheApplicant)
{
    EXPECT_EQ(code_of([&] { engine_.open({"12345", kKk}, kCounter); }), ErrorCode::invalid_args);
    EXPECT_EQ(code_of([&] {
                  engine_.open({"9908015203900001", kKk}, kCounter);
              }),
              ErrorCode::invalid_args); // province
    EXPECT_EQ(code_of([&] {
                  engine_.open({"3508019903900001", kKk}, kCounter);
              }),
              ErrorCode::invalid_args); // day 99
    EXPECT_EQ(code_of([&] {
                  engine_.open({"3508017213900001", kKk}, kCounter);
              }),
              ErrorCode::invalid_args); // 32nd
    EXPECT_EQ(code_of([&] {
                  engine_.open({kNik, "3508013102150003"}, kCounter);
              }),
              ErrorCode::invalid_args); // 31 Feb
    // Born 2012: 14 years old; allowed only if married.
    EXPECT_EQ(code_of([&] {
                  engine_.open({"3508011203120001", kKk}, kCounter);
              }),
              ErrorCode::invalid_args); // not a role question: details.reason too_young
    EXPECT_NO_THROW(engine_.open({"3508011203120001", kKk, true}, kCounter));
    // Only the role recording the first step opens applications.
    EXPECT_EQ(code_of([&] { engine_.open({kNik, kKk}, kOperator); }), ErrorCode::forbidden);
}

TEST_F(EngineTest, StepsGoInOrder)
{
    open();
    EXPECT_EQ(code_of([&] { engine_.start_step(app_, open_, "check", kCounter); }),
              ErrorCode::sop_order);
    EXPECT_EQ(
        code_of([&] { engine_.complete_step(app_, open_, "submit", kCounter, {}, "", "", {}); }),
        ErrorCode::sop_order); // not started
    apply(engine_.start_step(app_, open_, "submit", kCounter));
    EXPECT_EQ(code_of([&] { engine_.start_step(app_, open_, "submit", kCounter); }),
              ErrorCode::sop_order);
    EXPECT_EQ(code_of([&] { engine_.start_step(app_, open_, "nope", kCounter); }),
              ErrorCode::not_found);
}

TEST_F(EngineTest, OnlyTheActorsRoleMayDoAStep)
{
    open();
    run_step("submit", kCounter);
    EXPECT_EQ(code_of([&] { engine_.start_step(app_, open_, "check", kOperator); }),
              ErrorCode::forbidden);
    EXPECT_EQ(code_of([&] { engine_.start_step(app_, open_, "check", kTechnician); }),
              ErrorCode::forbidden);
    apply(engine_.start_step(app_, open_, "check", kCounter));
    EXPECT_EQ(code_of([&] {
                  engine_.complete_step(app_, open_, "check", kOperator, "complete", "", "", {});
              }),
              ErrorCode::forbidden);
}

TEST_F(EngineTest, ADecisionNeedsAKnownOutcomeAndCanEndTheService)
{
    open();
    run_step("submit", kCounter);
    apply(engine_.start_step(app_, open_, "check", kCounter));
    EXPECT_EQ(
        code_of([&] { engine_.complete_step(app_, open_, "check", kCounter, {}, "", "", {}); }),
        ErrorCode::invalid_args);
    EXPECT_EQ(code_of([&] {
                  engine_.complete_step(app_, open_, "check", kCounter, "maybe", "", "", {});
              }),
              ErrorCode::invalid_args);
    EXPECT_EQ(code_of([&] {
                  engine_.complete_step(app_, open_, "check", kCounter, "incomplete", "", "", {});
              }),
              ErrorCode::invalid_args); // the reason is required
    apply(engine_.complete_step(app_, open_, "check", kCounter, "incomplete", "", "no KK photocopy",
                                {}));
    EXPECT_EQ(app_.state, reg::ApplicationState::ended);
    EXPECT_EQ(app_.end_state, "returned");
    EXPECT_EQ(app_.end_reason, "no KK photocopy");
    EXPECT_EQ(code_of([&] { engine_.start_step(app_, open_, "record", kOperator); }),
              ErrorCode::sop_order);
}

TEST_F(EngineTest, SkipOnlyWhenTheConditionHolds)
{
    open(false);
    run_step("submit", kCounter);
    run_step("check", kCounter, "complete");
    EXPECT_EQ(code_of([&] { engine_.skip_step(app_, "record", kOperator, "already recorded"); }),
              ErrorCode::sop_order);
    EXPECT_EQ(code_of([&] { engine_.skip_step(app_, "hand_over", kCounter, "x"); }),
              ErrorCode::sop_order);

    open(true);
    run_step("submit", kCounter);
    run_step("check", kCounter, "complete");
    EXPECT_EQ(code_of([&] { engine_.skip_step(app_, "record", kCounter, "recorded 2019"); }),
              ErrorCode::forbidden);
    EXPECT_EQ(code_of([&] { engine_.skip_step(app_, "record", kOperator, ""); }),
              ErrorCode::invalid_args);
    apply(engine_.skip_step(app_, "record", kOperator, "recorded in 2019 at Dukcapil"));
    EXPECT_EQ(app_.current_step, "hand_over");
    EXPECT_EQ(rows_.back().outcome, "skipped");
    EXPECT_EQ(rows_.back().officer, "budi");
}

TEST_F(EngineTest, DeviceOperationsOnlyInTheirStep)
{
    open();
    EXPECT_EQ(code_of([&] {
                  engine_.authorize_operation(app_, open_, "fingerprint.capture", kOperator);
              }),
              ErrorCode::sop_order);
    run_step("submit", kCounter);
    run_step("check", kCounter, "complete");
    // At step "record" but not started yet.
    EXPECT_EQ(code_of([&] {
                  engine_.authorize_operation(app_, open_, "fingerprint.capture", kOperator);
              }),
              ErrorCode::sop_order);
    apply(engine_.start_step(app_, open_, "record", kOperator));
    EXPECT_NO_THROW(engine_.authorize_operation(app_, open_, "fingerprint.capture", kOperator));
    EXPECT_EQ(
        code_of([&] { engine_.authorize_operation(app_, open_, "fingerprint.capture", kCounter); }),
        ErrorCode::forbidden);
    EXPECT_EQ(code_of([&] { engine_.authorize_operation(app_, open_, "card.issue", kOperator); }),
              ErrorCode::sop_order);
}

TEST_F(EngineTest, OverrunIsRecordedNotRefused)
{
    open();
    apply(engine_.start_step(app_, open_, "submit", kCounter));
    clock_.advance(61s); // standard time of step 1: one minute
    apply(engine_.complete_step(app_, open_, "submit", kCounter, {}, "", "", {}));
    EXPECT_TRUE(rows_.back().overrun);
    EXPECT_EQ(*rows_.back().overrun_at - rows_.back().started_at, 60000);
    apply(engine_.start_step(app_, open_, "check", kCounter));
    clock_.advance(119s);
    apply(engine_.complete_step(app_, open_, "check", kCounter, "complete", "", "", {}));
    EXPECT_FALSE(rows_.back().overrun);
}

TEST_F(EngineTest, TimeScaleShortensStandardTimes)
{
    Engine fast(sop_, clock_, 60);
    EXPECT_EQ(fast.scaled_standard_time(sop_.steps[2]), 6s); // 6 minutes / 60
    auto app = fast.open({kNik, kKk}, kCounter);
    auto started = fast.start_step(app, std::nullopt, "submit", kCounter);
    EXPECT_EQ(started.steps[0].time_scale, 60);
    EXPECT_EQ(started.events[0].data["due_in_ms"], 1000);
}

TEST_F(EngineTest, CancelClosesWithTheReason)
{
    open();
    apply(engine_.start_step(app_, open_, "submit", kCounter));
    EXPECT_EQ(code_of([&] { engine_.cancel(app_, open_, kCounter, ""); }), ErrorCode::invalid_args);
    EXPECT_EQ(code_of([&] { engine_.cancel(app_, open_, kTechnician, "x"); }),
              ErrorCode::forbidden);
    apply(engine_.cancel(app_, open_, kCounter, "applicant left"));
    EXPECT_EQ(app_.state, reg::ApplicationState::cancelled);
    EXPECT_EQ(rows_.back().outcome, "cancelled");
    EXPECT_EQ(code_of([&] { engine_.cancel(app_, open_, kCounter, "again"); }),
              ErrorCode::sop_order);
}

// The seed's two hand-overs on the miniature: the operator hands the card to
// the counter (acknowledged by a counter officer in their own session), and
// the counter hands it to the applicant, who signs on the pad.
Sop hand_over_sop()
{
    Sop sop = mini_sop();
    sop.roles[0].applicant = true;
    auto& record = sop.steps[2];
    record.next = "to_counter";
    Step to_counter{};
    to_counter.id = "to_counter";
    to_counter.number = 4;
    to_counter.title_en = "Operator hands the card to the counter";
    to_counter.actor = "operator_siak";
    to_counter.acknowledged_by = "petugas_loket";
    to_counter.standard_time = 2min;
    to_counter.next = "hand_over";
    auto hand_over = sop.steps[3];
    hand_over.number = 5;
    hand_over.acknowledged_by = "pemohon";
    hand_over.permitted_operations = {"signature.capture"};
    sop.steps = {sop.steps[0], sop.steps[1], record, to_counter, hand_over};
    return sop;
}

const Actor kOtherCounter{"rina", {"petugas_loket"}};
const Actor kOperatorAndCounter{"budi", {"operator_siak", "petugas_loket"}};
const SignatureEvidence kSignature{"cap-0123", std::string(64, 'a')};

class HandOverTest : public EngineTest
{
protected:
    HandOverTest() : EngineTest(hand_over_sop()) {}

    void reach_hand_overs()
    {
        open(true);
        run_step("submit", kCounter);
        run_step("check", kCounter, "complete");
        apply(engine_.skip_step(app_, "record", kOperator, "recorded last year"));
    }

    ErrorCode complete(const std::string& step, const Actor& actor)
    {
        return code_of(
            [&] { apply(engine_.complete_step(app_, open_, step, actor, {}, "", "", {})); });
    }
};

TEST_F(HandOverTest, AcknowledgementKindsFollowTheReceivingRole)
{
    EXPECT_EQ(engine_.acknowledgement_kind(sop_.steps[3]), "officer");
    EXPECT_EQ(engine_.acknowledgement_kind(sop_.steps[4]), "applicant_signature");
    EXPECT_EQ(engine_.acknowledgement_kind(sop_.steps[0]), "");
    auto paper = sop_.steps[4];
    paper.permitted_operations.clear();
    EXPECT_EQ(engine_.acknowledgement_kind(paper), "applicant_paper");
}

TEST_F(HandOverTest, TheCounterOfficerMustAcknowledgeBeforeStep4Completes)
{
    reach_hand_overs();
    // Not started yet: nothing to acknowledge.
    EXPECT_EQ(code_of([&] {
                  engine_.acknowledge_step(app_, open_, "to_counter", kCounter, std::nullopt);
              }),
              ErrorCode::sop_order);
    apply(engine_.start_step(app_, open_, "to_counter", kOperatorAndCounter));
    EXPECT_EQ(complete("to_counter", kOperatorAndCounter), ErrorCode::sop_order);
    // Not the receiving role; not the officer who hands over, even though
    // he holds the counter role too; no signature for an officer.
    EXPECT_EQ(code_of([&] {
                  engine_.acknowledge_step(app_, open_, "to_counter", kOperator, std::nullopt);
              }),
              ErrorCode::forbidden);
    EXPECT_EQ(code_of([&] {
                  engine_.acknowledge_step(app_, open_, "to_counter", kOperatorAndCounter,
                                           std::nullopt);
              }),
              ErrorCode::forbidden);
    EXPECT_EQ(
        code_of([&] { engine_.acknowledge_step(app_, open_, "to_counter", kCounter, kSignature); }),
        ErrorCode::invalid_args);
    clock_.advance(20s);
    const auto acknowledged =
        engine_.acknowledge_step(app_, open_, "to_counter", kCounter, std::nullopt);
    ASSERT_EQ(acknowledged.steps.size(), 1u);
    EXPECT_FALSE(acknowledged.steps[0].ended_at);
    EXPECT_EQ(acknowledged.steps[0].acknowledged_role, "petugas_loket");
    EXPECT_EQ(acknowledged.steps[0].officer, "budi"); // still the operator's step
    const auto evidence = nlohmann::json::parse(acknowledged.steps[0].acknowledgement);
    EXPECT_EQ(evidence["kind"], "officer");
    EXPECT_EQ(evidence["recorded_by"], "siti");
    ASSERT_EQ(acknowledged.events.size(), 1u);
    EXPECT_EQ(acknowledged.events[0].topic, "sop.step.acknowledged");
    apply(acknowledged);
    // Once only.
    EXPECT_EQ(code_of([&] {
                  engine_.acknowledge_step(app_, open_, "to_counter", kOtherCounter, std::nullopt);
              }),
              ErrorCode::sop_order);
    // The counter officer does not complete the operator's step.
    EXPECT_EQ(complete("to_counter", kCounter), ErrorCode::forbidden);
    apply(engine_.complete_step(app_, open_, "to_counter", kOperatorAndCounter, {}, "", "", {}));
    EXPECT_EQ(app_.current_step, "hand_over");
}

TEST_F(HandOverTest, TheApplicantAcknowledgesByTheSignatureTheOfficerRecords)
{
    reach_hand_overs();
    apply(engine_.start_step(app_, open_, "to_counter", kOperator));
    apply(engine_.acknowledge_step(app_, open_, "to_counter", kCounter, std::nullopt));
    apply(engine_.complete_step(app_, open_, "to_counter", kOperator, {}, "", "", {}));
    apply(engine_.start_step(app_, open_, "hand_over", kCounter));
    EXPECT_EQ(complete("hand_over", kCounter), ErrorCode::sop_order);
    EXPECT_EQ(app_.state, reg::ApplicationState::open);
    // The pad is there, so the signature is required...
    EXPECT_EQ(code_of([&] {
                  engine_.acknowledge_step(app_, open_, "hand_over", kCounter, std::nullopt);
              }),
              ErrorCode::invalid_args);
    // ... and recorded by an officer who may do the step.
    EXPECT_EQ(
        code_of([&] { engine_.acknowledge_step(app_, open_, "hand_over", kOperator, kSignature); }),
        ErrorCode::forbidden);
    apply(engine_.acknowledge_step(app_, open_, "hand_over", kCounter, kSignature));
    auto evidence = nlohmann::json::parse(open_->acknowledgement);
    EXPECT_EQ(evidence["kind"], "applicant_signature");
    EXPECT_EQ(evidence["capture"], "cap-0123");
    EXPECT_EQ(evidence["sha256"], std::string(64, 'a'));
    // Signing again replaces the signature.
    apply(engine_.acknowledge_step(app_, open_, "hand_over", kCounter,
                                   SignatureEvidence{"cap-4567", std::string(64, 'b')}));
    evidence = nlohmann::json::parse(open_->acknowledgement);
    EXPECT_EQ(evidence["capture"], "cap-4567");
    apply(engine_.complete_step(app_, open_, "hand_over", kCounter, {}, "", "", {}));
    EXPECT_EQ(app_.state, reg::ApplicationState::completed);
    EXPECT_TRUE(rows_.back().acknowledged_at.has_value());
}

TEST_F(HandOverTest, NoAcknowledgementForAStepThatIsNoHandOver)
{
    open();
    apply(engine_.start_step(app_, open_, "submit", kCounter));
    EXPECT_EQ(
        code_of([&] { engine_.acknowledge_step(app_, open_, "submit", kCounter, std::nullopt); }),
        ErrorCode::sop_order);
}

TEST_F(HandOverTest, AnApplicantWithoutAPadSignsOnPaper)
{
    sop_.steps[4].permitted_operations.clear();
    reach_hand_overs();
    apply(engine_.start_step(app_, open_, "to_counter", kOperator));
    apply(engine_.acknowledge_step(app_, open_, "to_counter", kCounter, std::nullopt));
    apply(engine_.complete_step(app_, open_, "to_counter", kOperator, {}, "", "", {}));
    apply(engine_.start_step(app_, open_, "hand_over", kCounter));
    EXPECT_EQ(
        code_of([&] { engine_.acknowledge_step(app_, open_, "hand_over", kCounter, kSignature); }),
        ErrorCode::invalid_args);
    apply(engine_.acknowledge_step(app_, open_, "hand_over", kCounter, std::nullopt));
    EXPECT_EQ(nlohmann::json::parse(open_->acknowledgement)["kind"], "applicant_paper");
    apply(engine_.complete_step(app_, open_, "hand_over", kCounter, {}, "", "", {}));
    EXPECT_EQ(app_.state, reg::ApplicationState::completed);
}

} // namespace
} // namespace ktpel::sop

namespace ktpel::sop {
namespace {

// The miniature with the seed's evidence: step 3 records the biometrics,
// then a card is issued and activated.
Sop evidence_sop()
{
    Sop sop = mini_sop();
    sop.roles.push_back({"kasi_yanmum", "Kasi Yanmum", "Section head"});
    sop.roles.back().supervisor = true;
    auto& record = sop.steps[2];
    record.evidence = {{"fingerprints"}, {"irises"}, {"face_photo"}, {"signature"}};
    record.next = "issue";
    Step issue{};
    issue.id = "issue";
    issue.number = 4;
    issue.title_en = "Encode and print";
    issue.actor = "operator_siak";
    issue.standard_time = 5min;
    issue.permitted_operations = {"card.issue"};
    issue.evidence = {{"card_issued"}};
    issue.next = "activate";
    Step activate{};
    activate.id = "activate";
    activate.number = 5;
    activate.title_en = "Activate";
    activate.actor = "pemohon";
    activate.assisted_by = "operator_siak";
    activate.standard_time = 5min;
    activate.evidence = {{"card_activated"}};
    activate.next = "hand_over";
    auto hand_over = sop.steps[3];
    hand_over.number = 6;
    hand_over.evidence = {{"declared", "receipt_number", "the receipt's number"}};
    sop.steps = {sop.steps[0], sop.steps[1], record, issue, activate, hand_over};
    return sop;
}

const Actor kHead{"hendra", {"kasi_yanmum"}};

class EvidenceTest : public EngineTest
{
protected:
    EvidenceTest() : EngineTest(evidence_sop()) {}

    reg::StepFact fact(const std::string& step, const std::string& kind, const std::string& subject,
                       nlohmann::json detail, const std::string& source = "")
    {
        reg::StepFact f;
        f.id = static_cast<std::int64_t>(facts_.size()) + 1;
        f.application_id = app_.id;
        f.step_id = step;
        f.fact = kind;
        f.subject = subject;
        f.source = source.empty() ? "cap-" + std::to_string(f.id) : source;
        f.detail_json = detail.dump();
        return f;
    }

    void add(reg::StepFact f) { facts_.push_back(std::move(f)); }

    void complete_slaps()
    {
        for (const std::string slot : {"left_four", "right_four", "thumbs"})
            add(fact("record", "fingerprints", slot,
                     {{"count", "as_expected"}, {"expected", 4}, {"found", 4}, {"duplicates", 0}}));
    }

    // The missing list the engine refuses the completion with.
    std::vector<std::string> missing_on_complete(const std::string& step, const Actor& actor,
                                                 Declarations declared = {})
    {
        try {
            engine_.complete_step(app_, open_, step, actor, {}, "", "", {facts_, declared});
        } catch (const DomainError& domain) {
            const auto e = ProtocolError(to_protocol_error(domain));
            EXPECT_EQ(e.code(), ErrorCode::sop_order) << e.what();
            EXPECT_EQ(e.error().details.value("awaiting", ""), "evidence");
            return e.error().details.value("missing", std::vector<std::string>{});
        }
        ADD_FAILURE() << "step " << step << " completed";
        return {};
    }

    void to_record()
    {
        open();
        run_step("submit", kCounter);
        run_step("check", kCounter, "complete");
        apply(engine_.start_step(app_, open_, "record", kOperator));
    }

    std::vector<reg::StepFact> facts_;
};

TEST_F(EvidenceTest, RecordingNeedsEveryPartAndSaysWhatIsMissing)
{
    to_record();
    EXPECT_EQ(
        missing_on_complete("record", kOperator),
        (std::vector<std::string>{"fingerprints.left_four", "fingerprints.right_four",
                                  "fingerprints.thumbs", "irises", "face_photo", "signature"}));
    complete_slaps();
    add(fact("record", "irises", "", {{"right", "ok"}, {"left", "no_eye_found"}}));
    add(fact("record", "face_photo", "", {{"passed", false}, {"failed_checks", {"exposure"}}}));
    EXPECT_EQ(missing_on_complete("record", kOperator),
              (std::vector<std::string>{"irises.left", "face_photo", "signature"}));
    // A retake's newer fact counts; a declared missing eye is an exception,
    // not a gap.
    add(fact("record", "irises", "", {{"right", "ok"}, {"left", "declared_missing"}}));
    add(fact("record", "face_photo", "", {{"passed", true}}));
    add(fact("record", "signature", "", nlohmann::json::object()));
    apply(engine_.complete_step(app_, open_, "record", kOperator, {}, "", "", {facts_, {}}));
    EXPECT_EQ(app_.current_step, "issue");
}

TEST_F(EvidenceTest, AnAbsentFingerMustBeDeclaredAndADuplicateRetaken)
{
    to_record();
    complete_slaps();
    add(fact("record", "irises", "", {{"right", "ok"}, {"left", "ok"}}));
    add(fact("record", "face_photo", "", {{"passed", true}}));
    add(fact("record", "signature", "", nlohmann::json::object()));
    // The newest thumbs slap found one finger of two, none declared.
    add(fact("record", "fingerprints", "thumbs",
             {{"count", "fewer_than_expected"}, {"expected", 2}, {"found", 1}}));
    EXPECT_EQ(missing_on_complete("record", kOperator),
              std::vector<std::string>{"fingerprints.thumbs"});
    // Declared missing: expected drops to one, and the slap is complete.
    add(fact("record", "fingerprints", "thumbs",
             {{"count", "as_expected"},
              {"expected", 1},
              {"found", 1},
              {"missing_declared", {"left_thumb"}}}));
    // A left slap that holds a finger already recorded elsewhere.
    add(fact("record", "fingerprints", "left_four",
             {{"count", "as_expected"}, {"expected", 4}, {"found", 4}, {"duplicates", 1}}));
    EXPECT_EQ(missing_on_complete("record", kOperator),
              std::vector<std::string>{"fingerprints.left_four"});
}

TEST_F(EvidenceTest, AWithdrawnFactOrOneFromAnotherStepDoesNotCount)
{
    to_record();
    complete_slaps();
    facts_[0].withdrawn_at = 1; // the left slap was discarded
    add(fact("record", "irises", "", {{"right", "ok"}, {"left", "ok"}}));
    add(fact("record", "face_photo", "", {{"passed", true}}));
    // The signature of another step (the receipt's) is not the card's.
    add(fact("hand_over", "signature", "", nlohmann::json::object()));
    EXPECT_EQ(missing_on_complete("record", kOperator),
              (std::vector<std::string>{"fingerprints.left_four", "signature"}));
}

TEST_F(EvidenceTest, AnOutcomeThatEndsTheServiceNeedsNoEvidence)
{
    auto sop = evidence_sop();
    sop.steps[1].evidence = {{"signature"}};
    Engine engine(sop, clock_);
    open();
    run_step("submit", kCounter);
    apply(engine.start_step(app_, open_, "check", kCounter));
    EXPECT_EQ(code_of([&] {
                  engine.complete_step(app_, open_, "check", kCounter, "complete", "", "", {});
              }),
              ErrorCode::sop_order);
    apply(engine.complete_step(app_, open_, "check", kCounter, "incomplete", "", "no KK", {}));
    EXPECT_EQ(app_.state, reg::ApplicationState::ended);
}

TEST_F(EvidenceTest, ACardIsIssuedThenActivatedOrItsBlockedChipIsRecorded)
{
    open(true);
    run_step("submit", kCounter);
    run_step("check", kCounter, "complete");
    apply(engine_.skip_step(app_, "record", kOperator, "recorded 2019"));
    apply(engine_.start_step(app_, open_, "issue", kOperator));
    EXPECT_EQ(missing_on_complete("issue", kOperator), std::vector<std::string>{"card_issued"});
    auto voided = fact("issue", "card_issued", "04AA", nlohmann::json::object(), "card-1");
    voided.withdrawn_at = 5; // voided by the section head
    add(voided);
    EXPECT_EQ(missing_on_complete("issue", kOperator), std::vector<std::string>{"card_issued"});
    add(fact("issue", "card_issued", "04BB", nlohmann::json::object(), "card-2"));
    apply(engine_.complete_step(app_, open_, "issue", kOperator, {}, "", "", {facts_, {}}));

    apply(engine_.start_step(app_, open_, "activate", kOperator));
    // An activation of the voided card is not this card's.
    add(fact("activate", "card_activated", "04AA", nlohmann::json::object()));
    EXPECT_EQ(missing_on_complete("activate", kOperator),
              std::vector<std::string>{"card_activated"});
    // The chip blocked itself: the step ends not_activated, with a reason.
    add(fact("activate", "card_blocked", "04BB", {{"status", "blocked"}, {"attempts_left", 0}}));
    EXPECT_EQ(
        code_of([&] {
            engine_.complete_step(app_, open_, "activate", kOperator, {}, "", "", {facts_, {}});
        }),
        ErrorCode::invalid_args);
    apply(engine_.complete_step(app_, open_, "activate", kOperator, {}, "",
                                "three failed attempts: referred to the Dinas", {facts_, {}}));
    EXPECT_EQ(rows_.back().outcome, "not_activated");
    EXPECT_EQ(app_.current_step, "hand_over");
}

TEST_F(EvidenceTest, ADeclaredValueIsRecordedWithTheCompletion)
{
    auto sop = evidence_sop();
    sop.steps[0].evidence = {{"declared", "kk_number", "the printed KK's number"}};
    Engine engine(sop, clock_);
    open();
    apply(engine.start_step(app_, open_, "submit", kCounter));
    EXPECT_EQ(code_of([&] {
                  engine.complete_step(app_, open_, "submit", kCounter, {}, "", "", {{}, {}});
              }),
              ErrorCode::sop_order);
    EXPECT_EQ(code_of([&] {
                  engine.complete_step(app_, open_, "submit", kCounter, {}, "", "",
                                       {{}, {{"other", "1"}}});
              }),
              ErrorCode::invalid_args);
    const auto done = engine.complete_step(app_, open_, "submit", kCounter, {}, "", "",
                                           {{}, {{"kk_number", "3508010101150003"}}});
    ASSERT_EQ(done.facts.size(), 1u);
    EXPECT_EQ(done.facts[0].fact, "declared");
    EXPECT_EQ(done.facts[0].subject, "kk_number");
    EXPECT_EQ(nlohmann::json::parse(done.facts[0].detail_json)["value"], "3508010101150003");
}

TEST_F(EvidenceTest, AnOutcomeOnAStepWithoutADecisionIsRefused)
{
    open();
    apply(engine_.start_step(app_, open_, "submit", kCounter));
    EXPECT_EQ(code_of([&] {
                  engine_.complete_step(app_, open_, "submit", kCounter, "done", "", "", {});
              }),
              ErrorCode::invalid_args);
}

TEST_F(EvidenceTest, CancelIsForTheCurrentStepsOfficerOrTheSupervisor)
{
    to_record();
    // The counter officer no longer holds the file at step 3.
    EXPECT_EQ(code_of([&] { engine_.cancel(app_, open_, kCounter, "x"); }), ErrorCode::forbidden);
    EXPECT_EQ(code_of([&] { engine_.cancel(app_, open_, kTechnician, "x"); }),
              ErrorCode::forbidden);
    EXPECT_NO_THROW(engine_.cancel(app_, open_, kOperator, "applicant left"));
    apply(engine_.cancel(app_, open_, kHead, "duplicate application"));
    EXPECT_EQ(app_.state, reg::ApplicationState::cancelled);
}

} // namespace
} // namespace ktpel::sop
