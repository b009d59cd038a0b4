// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "daemon/config/config_error.hpp"
#include "daemon/ops/device_operation_names.hpp"
#include "daemon/sop/sop_loader.hpp"

namespace ktpel::sop {
namespace {

using std::chrono::minutes;

// The daemon's own list, so the shipped SOP files are checked against what
// ktpeld will accept.
const std::set<std::string>& known_operations = daemon::device_operation_names();

// Every inline SOP below starts with this; its steps follow from line 10.
const std::string head = R"(id: mini
header:
  name_id: Layanan Contoh
  name_en: Example service
  issuer: Kecamatan Contoh
roles:
  - { id: pemohon, title_id: Pemohon, title_en: applicant }
  - { id: petugas_loket, title_id: Petugas Loket, title_en: counter officer }
steps:
)";

// One step as a one-line flow mapping; `extra` adds or replaces keys.
std::string step(const std::string& id, int number, const std::string& extra = "")
{
    std::string line = "  - { id: " + id + ", number: " + std::to_string(number) +
                       ", title_id: Langkah, title_en: Step";
    if (extra.find("actor:") == std::string::npos)
        line += ", actor: pemohon";
    if (extra.find("standard_time:") == std::string::npos)
        line += ", standard_time: 1m";
    return line + (extra.empty() ? "" : ", " + extra) + " }\n";
}

// A two-outcome decision in flow style, for `extra` of step().
std::string decision(const std::string& first, const std::string& second)
{
    return "decision: { question_id: Lengkap, question_en: Complete, outcomes: [ "
           "{ id: first, title_id: Satu, title_en: first, " +
           first + " }, { id: second, title_id: Dua, title_en: second, " + second + " } ] }";
}

struct LoadError
{
    std::string location; // "line:column"
    std::string message;
};

// Parses `text` expecting a ConfigError located in "test.yaml".
LoadError error_of(const std::string& text)
{
    try {
        parse_sop(text, "test.yaml", known_operations);
    } catch (const config::ConfigError& e) {
        const std::string what = e.what();
        const std::string prefix = "test.yaml:";
        EXPECT_EQ(what.rfind(prefix, 0), 0u) << what;
        const auto location = std::to_string(e.line()) + ":" + std::to_string(e.column());
        const auto message_at = prefix.size() + location.size() + 2; // ": "
        EXPECT_EQ(what.substr(prefix.size(), location.size()), location) << what;
        return {location, what.size() > message_at ? what.substr(message_at) : ""};
    }
    ADD_FAILURE() << "accepted:\n" << text;
    return {};
}

// "line:column" (1-based) of the `occurrence`th `needle` in `text`.
std::string location_of(const std::string& text, const std::string& needle, int occurrence = 1)
{
    std::size_t at = std::string::npos;
    for (int i = 0; i < occurrence; ++i)
        at = text.find(needle, at == std::string::npos ? 0 : at + 1);
    if (at == std::string::npos) {
        ADD_FAILURE() << "\"" << needle << "\" is not in the test text";
        return {};
    }
    const auto line_start = text.rfind('\n', at);
    const auto column = line_start == std::string::npos ? at + 1 : at - line_start;
    const auto line = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1;
    return std::to_string(line) + ":" + std::to_string(column);
}

#define EXPECT_MESSAGE_HAS(error, part)                                                            \
    EXPECT_NE((error).message.find(part), std::string::npos) << (error).message

std::vector<std::string> step_ids(const Sop& sop)
{
    std::vector<std::string> ids;
    for (const auto& s : sop.steps)
        ids.push_back(s.id);
    return ids;
}

std::vector<std::string> role_ids(const Sop& sop)
{
    std::vector<std::string> ids;
    for (const auto& r : sop.roles)
        ids.push_back(r.id);
    return ids;
}

// ---- the shipped SOPs ------------------------------------------------------

TEST(SopLoader, LoadsTheKtpElTuntasSop)
{
    const auto path = KTPEL_SOURCE_DIR "/config/sop/ktp-el-tuntas.yaml";
    const auto sop = load_sop(path, known_operations);
    EXPECT_EQ(sop.source, path);
    EXPECT_EQ(sop.id, "ktp-el-tuntas");
    EXPECT_EQ(sop.header.number, "427.90/Kasi Yanmum/04/2022");
    EXPECT_EQ(sop.header.made, "2022-01");
    EXPECT_EQ(sop.header.revised, "2022-02");
    EXPECT_EQ(sop.header.effective, "2022-03");
    EXPECT_EQ(sop.header.approved_by, "Camat Lumajang");
    EXPECT_EQ(sop.header.legal_basis.size(), 3u);
    EXPECT_EQ(sop.header.related.size(), 1u);
    EXPECT_EQ(sop.header.equipment.size(), 3u);
    EXPECT_EQ(sop.header.warnings.size(), 2u);
    EXPECT_EQ(sop.header.qualifications.size(), 3u);
    EXPECT_EQ(sop.header.record_keeping, "Register");

    EXPECT_EQ(role_ids(sop), (std::vector<std::string>{"pemohon", "petugas_loket", "kasi_yanmum",
                                                       "operator_siak"}));
    ASSERT_EQ(sop.steps.size(), 8u);
    EXPECT_EQ(step_ids(sop),
              (std::vector<std::string>{"submit_documents", "check_completeness", "validate_file",
                                        "record_biometrics", "encode_and_print", "activate_card",
                                        "hand_to_counter", "hand_to_applicant"}));
    const std::vector<std::string> actors{"pemohon",       "petugas_loket", "kasi_yanmum",
                                          "operator_siak", "operator_siak", "pemohon",
                                          "operator_siak", "petugas_loket"};
    const std::vector<int> standard_minutes{1, 2, 3, 6, 5, 5, 2, 2};
    for (std::size_t i = 0; i < sop.steps.size(); ++i) {
        EXPECT_EQ(sop.steps[i].number, static_cast<int>(i) + 1);
        EXPECT_EQ(sop.steps[i].actor, actors[i]) << sop.steps[i].id;
        EXPECT_EQ(sop.steps[i].standard_time, minutes(standard_minutes[i])) << sop.steps[i].id;
    }
    EXPECT_EQ(sop.total_standard_time(), minutes(26));

    const auto& submit = sop.steps[0];
    EXPECT_EQ(submit.required_documents, std::vector<std::string>{"Fc. Kartu Keluarga"});
    EXPECT_EQ(submit.required_documents_en.size(), 1u);
    EXPECT_EQ(submit.next, "check_completeness");

    const auto& check = *sop.find_step("check_completeness");
    ASSERT_TRUE(check.decision);
    EXPECT_FALSE(check.next);
    ASSERT_EQ(check.decision->outcomes.size(), 2u);
    EXPECT_EQ(check.decision->outcomes[0].id, "complete");
    EXPECT_EQ(check.decision->outcomes[0].next_step, "validate_file");
    EXPECT_EQ(check.decision->outcomes[1].id, "incomplete");
    EXPECT_FALSE(check.decision->outcomes[1].next_step);
    EXPECT_EQ(check.decision->outcomes[1].end_state, "returned");
    EXPECT_TRUE(check.decision->outcomes[1].requires_reason);

    const auto& validate = *sop.find_step("validate_file");
    ASSERT_TRUE(validate.decision);
    ASSERT_EQ(validate.decision->outcomes.size(), 2u);
    EXPECT_EQ(validate.decision->outcomes[0].id, "valid");
    EXPECT_EQ(validate.decision->outcomes[0].next_step, "record_biometrics");
    EXPECT_EQ(validate.decision->outcomes[1].id, "invalid");
    EXPECT_FALSE(validate.decision->outcomes[1].next_step);
    EXPECT_EQ(validate.decision->outcomes[1].end_state, "returned");
    EXPECT_TRUE(validate.decision->outcomes[1].requires_reason);

    const auto& biometrics = *sop.find_step("record_biometrics");
    ASSERT_TRUE(biometrics.skip);
    EXPECT_EQ(biometrics.skip->id, "biometrics_already_recorded");
    EXPECT_EQ(biometrics.next, "encode_and_print");
    EXPECT_EQ(biometrics.permitted_operations,
              (std::vector<std::string>{"fingerprint.capture", "iris.capture", "camera.capture",
                                        "signature.capture", "capture.get", "capture.list",
                                        "capture.discard", "biometrics.bundle"}));
    EXPECT_EQ(sop.find_step("encode_and_print")->permitted_operations,
              (std::vector<std::string>{"card.issue", "capture.list", "biometrics.bundle"}));
    // Each step's output, as evidence its completion needs.
    const auto evidence_of = [&](const std::string& id) {
        std::vector<std::string> names;
        for (const auto& requirement : sop.find_step(id)->evidence)
            names.push_back(requirement.name());
        return names;
    };
    EXPECT_EQ(evidence_of("record_biometrics"),
              (std::vector<std::string>{"fingerprints", "irises", "face_photo", "signature"}));
    EXPECT_EQ(evidence_of("encode_and_print"), std::vector<std::string>{"card_issued"});
    EXPECT_EQ(evidence_of("activate_card"), std::vector<std::string>{"card_activated"});
    EXPECT_TRUE(evidence_of("check_completeness").empty());
    ASSERT_TRUE(sop.supervisor_role());
    EXPECT_EQ(sop.supervisor_role()->id, "kasi_yanmum");

    const auto& activate = *sop.find_step("activate_card");
    EXPECT_EQ(activate.permitted_operations,
              (std::vector<std::string>{"card.activate", "fingerprint.capture"}));
    EXPECT_EQ(activate.assisted_by, "operator_siak");

    EXPECT_EQ(sop.find_step("hand_to_counter")->acknowledged_by, "petugas_loket");
    const auto& hand_over = sop.steps.back();
    EXPECT_EQ(hand_over.acknowledged_by, "pemohon");
    EXPECT_EQ(hand_over.permitted_operations, std::vector<std::string>{"signature.capture"});
    EXPECT_EQ(hand_over.output, "Kartu Tanda Penduduk (KTP)");
    EXPECT_FALSE(hand_over.next);
    EXPECT_FALSE(hand_over.decision);

    for (const auto* none :
         {"submit_documents", "check_completeness", "validate_file", "hand_to_counter"})
        EXPECT_TRUE(sop.find_step(none)->permitted_operations.empty()) << none;
    for (const auto& s : sop.steps) {
        if (s.id != "record_biometrics") {
            EXPECT_FALSE(s.skip) << s.id;
        }
    }
}

TEST(SopLoader, LoadsTheKartuKeluargaSopWithTheSameRoles)
{
    const auto ktp = load_sop(KTPEL_SOURCE_DIR "/config/sop/ktp-el-tuntas.yaml", known_operations);
    const auto kk = load_sop(KTPEL_SOURCE_DIR "/config/sop/kartu-keluarga.yaml", known_operations);
    EXPECT_EQ(kk.id, "kartu-keluarga");
    EXPECT_TRUE(kk.header.number.empty()); // illustrative: no official number
    EXPECT_EQ(role_ids(kk), role_ids(ktp));
    ASSERT_EQ(kk.steps.size(), 5u);
    EXPECT_EQ(kk.total_standard_time(), minutes(22));
    EXPECT_EQ(kk.steps.front().required_documents.size(), 3u);
    EXPECT_TRUE(kk.steps[1].decision);
    EXPECT_TRUE(kk.steps[2].decision);
    for (const auto& s : kk.steps)
        EXPECT_TRUE(s.permitted_operations.empty()) << s.id;
    EXPECT_EQ(kk.steps.back().output, "Kartu Keluarga (KK)");
    EXPECT_EQ(kk.steps.back().acknowledged_by, "pemohon");
    // The KK is printed by SIAK: the operator declares its number.
    ASSERT_EQ(kk.steps[3].evidence.size(), 1u);
    EXPECT_EQ(kk.steps[3].evidence[0].name(), "declared.kk_number");
    EXPECT_EQ(kk.supervisor_role()->id, "kasi_yanmum");
}

TEST(SopLoader, FindsStepsAndRolesById)
{
    const auto sop =
        parse_sop(head + step("a", 1, "next: b") + step("b", 2), "test.yaml", known_operations);
    ASSERT_NE(sop.find_step("b"), nullptr);
    EXPECT_EQ(sop.find_step("b")->number, 2);
    EXPECT_EQ(sop.find_step("c"), nullptr);
    ASSERT_NE(sop.find_role("petugas_loket"), nullptr);
    EXPECT_EQ(sop.find_role("petugas_loket")->title_en, "counter officer");
    EXPECT_EQ(sop.find_role("camat"), nullptr);
    EXPECT_EQ(sop.total_standard_time(), minutes(2));
}

TEST(SopLoader, AcceptsALoopThatHasAnExit)
{
    // "Resubmit" goes back to the first step; "reject" ends the service.
    const auto sop = parse_sop(
        head + step("a", 1, "next: b") +
            step("b", 2, decision("next: a", "end_state: returned, requires_reason: true")),
        "test.yaml", known_operations);
    EXPECT_EQ(sop.steps[1].decision->outcomes[0].next_step, "a");
}

TEST(SopLoader, TheLastStepWithoutNextIsTheNormalEnd)
{
    const auto sop =
        parse_sop(head + step("a", 1, "next: b") + step("b", 2), "test.yaml", known_operations);
    EXPECT_FALSE(sop.steps.back().next);
    EXPECT_EQ(completed_end_state, "completed");
}

// ---- file and YAML errors --------------------------------------------------

TEST(SopLoader, MissingFileIsNamed)
{
    try {
        load_sop("/nonexistent/sop.yaml", known_operations);
        FAIL() << "loaded a missing file";
    } catch (const config::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/sop.yaml"), std::string::npos);
    }
}

TEST(SopLoader, EmptyFileIsRefused)
{
    const auto error = error_of("# nothing\n");
    EXPECT_EQ(error.location, "1:1");
    EXPECT_MESSAGE_HAS(error, "empty");
}

TEST(SopLoader, SyntaxErrorIsLocated)
{
    const auto error = error_of(head + "  - { id: [unclosed\n");
    EXPECT_EQ(error.location.substr(0, 3), "11:");
}

TEST(SopLoader, UnknownKeyIsLocatedAndNamed)
{
    const auto text = head + step("a", 1, "nxet: b") + step("b", 2);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "nxet"));
    EXPECT_MESSAGE_HAS(error, "unknown key \"nxet\" in step \"a\"");
}

TEST(SopLoader, KeyWrittenTwiceIsRefused)
{
    const auto text = head + step("a", 1, "next: b, next: c") + step("b", 2) + step("c", 3);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "next: c"));
    EXPECT_MESSAGE_HAS(error, "\"next\" is written twice");
}

TEST(SopLoader, KeyWithoutValueIsLocatedAtTheKey)
{
    const auto text = head + R"(  - id: a
    number: 1
    title_id: Langkah
    title_en: Step
    actor: pemohon
    standard_time: 1m
    permitted_operations:
)";
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "permitted_operations"));
    EXPECT_MESSAGE_HAS(error, "\"permitted_operations\" has no value");
}

TEST(SopLoader, MissingRequiredKeyIsNamed)
{
    const auto text =
        head + "  - { id: a, number: 1, title_id: A, title_en: A, standard_time: 1m }\n";
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "{ id: a"));
    EXPECT_MESSAGE_HAS(error, "missing required key \"actor\"");
}

TEST(SopLoader, WrongTypeIsLocated)
{
    const auto number = head + step("a", 1).replace(step("a", 1).find("number: 1"), 9, "number: x");
    auto error = error_of(number);
    EXPECT_EQ(error.location, location_of(number, "x,"));
    EXPECT_MESSAGE_HAS(error, "\"number\" must be a whole number");

    const auto list = head + step("a", 1, "permitted_operations: card.issue");
    error = error_of(list);
    EXPECT_EQ(error.location, location_of(list, "card.issue"));
    EXPECT_MESSAGE_HAS(error, "must be a list");

    const auto title =
        head + step("a", 1, "required_documents: [ { title_id: [x], title_en: X } ]");
    error = error_of(title);
    EXPECT_EQ(error.location, location_of(title, "[x]"));
    EXPECT_MESSAGE_HAS(error, "\"title_id\" must be a text value");
}

TEST(SopLoader, StepsOutOfTableOrderAreRefused)
{
    const auto text = head + step("a", 1, "next: b") + step("b", 3);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "3,"));
    EXPECT_MESSAGE_HAS(error, "is number 3 but is listed as 2");
}

TEST(SopLoader, BadDateIsRefused)
{
    auto text = head;
    text.replace(text.find("  issuer"), 0, "  effective: MAREK 2022\n");
    text += step("a", 1);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "MAREK"));
    EXPECT_MESSAGE_HAS(error, "YYYY-MM");
}

// ---- roles -----------------------------------------------------------------

TEST(SopLoader, UnknownActorIsRefused)
{
    const auto text = head + step("a", 1, "actor: lurah");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "lurah"));
    EXPECT_MESSAGE_HAS(error, "unknown role \"lurah\" in \"actor\"");
    EXPECT_MESSAGE_HAS(error, "pemohon, petugas_loket");
}

TEST(SopLoader, UnknownAssistingRoleIsRefused)
{
    const auto text = head + step("a", 1, "assisted_by: operator");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "operator }"));
    EXPECT_MESSAGE_HAS(error, "unknown role \"operator\" in \"assisted_by\"");
}

TEST(SopLoader, UnknownAcknowledgingRoleIsRefused)
{
    const auto text = head + step("a", 1, "acknowledged_by: loket");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "loket }"));
    EXPECT_MESSAGE_HAS(error, "unknown role \"loket\" in \"acknowledged_by\"");
}

TEST(SopLoader, ActorCannotAssistOrAcknowledgeItself)
{
    auto text = head + step("a", 1, "assisted_by: pemohon");
    auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "pemohon }"));
    EXPECT_MESSAGE_HAS(error, "assisted by its own actor");

    text = head + step("a", 1, "acknowledged_by: pemohon");
    error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "pemohon }"));
    EXPECT_MESSAGE_HAS(error, "hands over to its own actor");
}

TEST(SopLoader, OneRoleAtMostIsTheApplicant)
{
    std::string text = head + step("a", 1);
    text.replace(text.find("title_en: applicant }"), 21, "title_en: applicant, applicant: true }");
    const auto sop = parse_sop(text, "test.yaml", known_operations);
    ASSERT_NE(sop.applicant_role(), nullptr);
    EXPECT_EQ(sop.applicant_role()->id, "pemohon");
    EXPECT_FALSE(sop.find_role("petugas_loket")->applicant);

    text.replace(text.find("title_en: counter officer }"), 27,
                 "title_en: counter officer, applicant: true }");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "true }\nsteps"));
    EXPECT_MESSAGE_HAS(error, "an SOP serves one applicant");
}

TEST(SopLoader, TheSeedsApplicantIsThePemohon)
{
    for (const char* file : {"ktp-el-tuntas.yaml", "kartu-keluarga.yaml"}) {
        const auto sop =
            load_sop(std::string(KTPEL_SOURCE_DIR "/config/sop/") + file, known_operations);
        ASSERT_NE(sop.applicant_role(), nullptr) << file;
        EXPECT_EQ(sop.applicant_role()->id, "pemohon") << file;
    }
}

TEST(SopLoader, AcknowledgementNeedsSomeoneToAcknowledge)
{
    const auto text = head + step("a", 1, "acknowledgement_en: signs");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "signs"));
    EXPECT_MESSAGE_HAS(error, "needs \"acknowledged_by\"");
}

TEST(SopLoader, DuplicateRoleIdIsRefused)
{
    auto text = head;
    text.replace(text.find("steps:"), 0,
                 "  - { id: pemohon, title_id: Pemohon lagi, title_en: applicant again }\n");
    text += step("a", 1);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "pemohon", 2));
    EXPECT_MESSAGE_HAS(error, "duplicate role id \"pemohon\"");
}

// ---- steps and the graph ---------------------------------------------------

TEST(SopLoader, DuplicateStepIdIsRefused)
{
    const auto text = head + step("a", 1, "next: a") + step("a", 2);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "a, number: 2"));
    EXPECT_MESSAGE_HAS(error, "duplicate step id \"a\"");
}

TEST(SopLoader, NextToNoStepIsRefused)
{
    const auto text = head + step("a", 1, "next: nowhere") + step("b", 2);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "nowhere"));
    EXPECT_MESSAGE_HAS(error, "\"nowhere\", which is no step");
}

TEST(SopLoader, OutcomeToNoStepIsRefused)
{
    const auto text = head + step("a", 1, decision("next: b", "next: nowhere")) + step("b", 2);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "nowhere"));
    EXPECT_MESSAGE_HAS(error, "outcome \"second\" of step \"a\" leads to \"nowhere\"");
}

TEST(SopLoader, UnreachableStepIsRefused)
{
    // "b" is skipped over: "a" goes straight to "c".
    const auto text = head + step("a", 1, "next: c") + step("b", 2, "next: c") + step("c", 3);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "{ id: b"));
    EXPECT_MESSAGE_HAS(error, "step \"b\" cannot be reached from the first step \"a\"");
}

TEST(SopLoader, UnknownOperationIsRefused)
{
    const auto text = head + step("a", 1, "permitted_operations: [ card.issue, card.shred ]");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "card.shred"));
    EXPECT_MESSAGE_HAS(error, "unknown device operation \"card.shred\"");
    EXPECT_MESSAGE_HAS(error, "fingerprint.capture");
}

TEST(SopLoader, UnknownEvidenceIsRefused)
{
    const auto text = head + step("a", 1,
                                  "permitted_operations: [ signature.capture ], evidence: [ "
                                  "signature, card_printed ]");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "card_printed"));
    EXPECT_MESSAGE_HAS(error, "unknown evidence \"card_printed\"");
    EXPECT_MESSAGE_HAS(error, "card_issued");
}

TEST(SopLoader, EvidenceListedTwiceIsRefused)
{
    const auto text = head + step("a", 1,
                                  "permitted_operations: [ signature.capture ], evidence: [ "
                                  "signature, signature ]");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "signature", 3));
    EXPECT_MESSAGE_HAS(error, "listed twice");
}

TEST(SopLoader, EvidenceTheStepCannotRecordIsRefused)
{
    const auto text = head + step("a", 1, "evidence: [ fingerprints ]");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "fingerprints"));
    EXPECT_MESSAGE_HAS(error, "fingerprint.capture, which the step does not permit");
    const auto card = head + step("a", 1, "evidence: [ card_issued ]");
    EXPECT_MESSAGE_HAS(error_of(card), "neither this step nor an earlier one");
}

TEST(SopLoader, DeclaredEvidenceNeedsANameAndWhatIsStated)
{
    const auto text = head + step("a", 1, "evidence: [ { declared: kk_number } ]");
    const auto error = error_of(text);
    EXPECT_MESSAGE_HAS(error, "title_en");
    const auto bad = head + step("a", 1, "evidence: [ { declared: KK-No, title_en: x } ]");
    EXPECT_EQ(error_of(bad).location, location_of(bad, "KK-No"));
    const auto sop = parse_sop(
        head + step("a", 1, "evidence: [ { declared: kk_number, title_en: the KK's number } ]"),
        "test.yaml", known_operations);
    EXPECT_EQ(sop.steps[0].evidence[0].name(), "declared.kk_number");
    EXPECT_EQ(sop.steps[0].evidence[0].title_en, "the KK's number");
}

TEST(SopLoader, OneRoleAtMostSupervises)
{
    const std::string roles = R"(id: mini
header:
  name_id: Layanan Contoh
  name_en: Example service
  issuer: Kecamatan Contoh
roles:
  - { id: pemohon, title_id: Pemohon, title_en: applicant }
  - { id: kasi, title_id: Kasi, title_en: head, supervisor: true }
  - { id: camat, title_id: Camat, title_en: camat, supervisor: true }
steps:
)";
    const auto text = roles + step("a", 1);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "true }", 2));
    EXPECT_MESSAGE_HAS(error, "one supervisor");
}

TEST(SopLoader, OperationListedTwiceIsRefused)
{
    const auto text = head + step("a", 1, "permitted_operations: [ card.issue, card.issue ]");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "card.issue", 2));
    EXPECT_MESSAGE_HAS(error, "listed twice");
}

TEST(SopLoader, ZeroStandardTimeIsRefused)
{
    const auto text = head + step("a", 1, "standard_time: 0m");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "0m"));
    EXPECT_MESSAGE_HAS(error, "zero");
}

TEST(SopLoader, NegativeStandardTimeIsRefused)
{
    const auto text = head + step("a", 1, "standard_time: -2m");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "-2m"));
    EXPECT_MESSAGE_HAS(error, "negative");
}

TEST(SopLoader, UnparseableStandardTimeIsRefused)
{
    auto text = head + step("a", 1, "standard_time: enam menit");
    auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "enam"));
    EXPECT_MESSAGE_HAS(error, "whole number");

    text = head + step("a", 1, "standard_time: 6");
    error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "6 }"));
    EXPECT_MESSAGE_HAS(error, "no unit");
}

TEST(SopLoader, DecisionWithOneOutcomeIsRefused)
{
    const auto text =
        head + step("a", 1,
                    "decision: { question_id: Q, question_en: Q, outcomes: [ { id: only, "
                    "title_id: O, title_en: O, end_state: returned } ] }");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "[ { id: only"));
    EXPECT_MESSAGE_HAS(error, "needs at least two outcomes (it has 1)");
}

TEST(SopLoader, DuplicateOutcomeIdIsRefused)
{
    auto text = head + step("a", 1, decision("next: b", "end_state: returned")) + step("b", 2);
    text.replace(text.find("id: second"), 10, "id: first");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "first, title_id: Dua"));
    EXPECT_MESSAGE_HAS(error, "duplicate outcome id \"first\"");
}

TEST(SopLoader, DecisionAndNextTogetherAreRefused)
{
    const auto text = head +
                      step("a", 1, decision("next: b", "end_state: returned") + ", next: b") +
                      step("b", 2);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "b }\n"));
    EXPECT_MESSAGE_HAS(error, "both \"decision\" and \"next\"");
}

TEST(SopLoader, OutcomeNeedsEitherNextOrEndState)
{
    auto text =
        head + step("a", 1, decision("next: b", "next: b, end_state: returned")) + step("b", 2);
    auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "returned"));
    EXPECT_MESSAGE_HAS(error, "both \"next\" and \"end_state\"");

    text = head + step("a", 1, decision("next: b", "requires_reason: true")) + step("b", 2);
    error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "{ id: second"));
    EXPECT_MESSAGE_HAS(error, "needs \"next\"");
}

TEST(SopLoader, SkipOnADecisionIsRefused)
{
    const auto text = head +
                      step("a", 1,
                           decision("next: b", "end_state: returned") +
                               ", skip: { id: known, description_en: known }") +
                      step("b", 2);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "{ id: known"));
    EXPECT_MESSAGE_HAS(error, "both \"decision\" and \"skip\"");
}

TEST(SopLoader, LoopWithNoExitIsRefused)
{
    // "b" and "c" send each other round for ever; only "a"'s other outcome
    // ends, so the first step has an exit but the loop has none.
    const auto text = head + step("a", 1, decision("next: b", "end_state: returned")) +
                      step("b", 2, "next: c") + step("c", 3, "next: b");
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "{ id: b"));
    EXPECT_MESSAGE_HAS(error, "no path from step \"b\" ends the service");
}

TEST(SopLoader, OnlyTheLastStepMayEndWithoutNext)
{
    const auto text = head + step("a", 1) + step("b", 2);
    const auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "{ id: a"));
    EXPECT_MESSAGE_HAS(error, "has neither \"next\" nor \"decision\"");
}

TEST(SopLoader, BadIdentifiersAreRefused)
{
    auto text = head + step("Record-Biometrics", 1);
    auto error = error_of(text);
    EXPECT_EQ(error.location, location_of(text, "Record-Biometrics"));
    EXPECT_MESSAGE_HAS(error, "step id");

    text = head + step("a", 1);
    text.replace(0, 8, "id: Mini");
    error = error_of(text);
    EXPECT_EQ(error.location, "1:5");
    EXPECT_MESSAGE_HAS(error, "SOP id \"Mini\"");
}

TEST(SopLoader, EmptyStepsOrRolesAreRefused)
{
    auto error = error_of(head.substr(0, head.find("steps:")) + "steps: []\n");
    EXPECT_EQ(error.location, "9:8");
    EXPECT_MESSAGE_HAS(error, "at least one step");

    auto text = head + step("a", 1);
    const auto roles = text.find("roles:");
    text.erase(roles, text.find("steps:") - roles);
    text.insert(roles, "roles: []\n");
    error = error_of(text);
    EXPECT_EQ(error.location, "6:8");
    EXPECT_MESSAGE_HAS(error, "at least one role");
}

} // namespace
} // namespace ktpel::sop
