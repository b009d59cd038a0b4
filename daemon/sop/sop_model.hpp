// SPDX-License-Identifier: Apache-2.0
// A standard operating procedure as data (config/sop/*.yaml). The engine
// is generic over this model: another kecamatan's SOP is a new file.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ktpel::sop {

// How a service ends when it runs past a step that has neither `next` nor a
// decision: the normal end, the output handed over.
inline constexpr std::string_view completed_end_state = "completed";

struct Role
{
    std::string id;       // "operator_siak"
    std::string title_id; // Indonesian title, as the SOP writes it
    std::string title_en;
    // The role the citizen being served plays (the SOP's "Pemohon"): no
    // officer logs in as it, so what it does at the station is recorded by
    // the officer who serves it (a hand-over to it is acknowledged by its
    // signature, see Step::acknowledged_by).
    bool applicant = false;
    // The role that supervises the service (the SOP's Kasi Yanmum): it may
    // cancel an application at any step, and void a delivered card so that
    // another can be issued (docs/sop.md).
    bool supervisor = false;
};

// One answer to a step's decision. An outcome either leads to a step or
// ends the service (then `end_state` names how, e.g. "returned").
struct Outcome
{
    std::string id; // "complete", "incomplete", "valid", "invalid"
    std::string title_en;
    std::string title_id;                 // Indonesian, e.g. "Tidak lengkap"
    std::optional<std::string> next_step; // empty: the service ends here
    std::string end_state;                // when it ends: "returned", "completed"
    bool requires_reason = false;         // the register must say why
};

struct Decision
{
    std::string question_id; // the question in Indonesian (like title_id), e.g. "Berkas lengkap?"
    std::string question_en;
    std::vector<Outcome> outcomes;
};

// What a step's completion must rest on: a fact the services recorded
// for the application (docs/sop.md, "Evidence"). The kinds are a fixed
// vocabulary (evidence_kinds.hpp) because each is read from register facts that
// code records; `declared` is the one an SOP can name freely: a value the
// officer states when completing the step (a printed document's number).
struct EvidenceRequirement
{
    std::string kind;     // "fingerprints", "irises", ..., or "declared"
    std::string declared; // with kind "declared": the value's name, e.g. "kk_number"
    std::string title_en; // with kind "declared": what the officer states

    // The name details.missing uses: the kind, or "declared.<name>".
    std::string name() const { return kind == "declared" ? kind + "." + declared : kind; }
};

// When a step may be skipped, and what the skip records.
struct SkipCondition
{
    std::string id; // "biometrics_already_recorded"
    std::string description_en;
};

struct Step
{
    std::string id; // stable identifier, e.g. "record_biometrics"
    int number = 0; // the row number in the SOP table (1-based)
    std::string title_id;
    std::string title_en;
    std::string actor; // role id
    // The officer who operates the station while `actor` does the step
    // (step 6: the applicant activates the card, an operator drives the
    // station). When set, it is this role that completes the step.
    std::optional<std::string> assisted_by; // role id
    // A hand-over: the receiving party must acknowledge before the step
    // completes; `acknowledgement_en` says how (step 8: signs the receipt).
    // An officer role acknowledges in its own session; the applicant role
    // by its signature on the pad when the step permits signature.capture,
    // otherwise on paper, recorded by the step's officer.
    std::optional<std::string> acknowledged_by; // role id
    std::string acknowledgement_en;
    std::chrono::seconds standard_time{0};
    std::vector<std::string> required_documents;    // Indonesian, as the SOP writes them
    std::vector<std::string> required_documents_en; // same length and order
    std::string output; // Indonesian, empty when the step hands nothing out
    std::string output_en;
    std::vector<std::string> permitted_operations; // device operations, e.g. "fingerprint.capture"
    std::optional<Decision> decision;
    std::optional<SkipCondition> skip;
    std::optional<std::string> next; // without a decision: the following step; empty = last step
    // What must be recorded before the step completes (an outcome that ends
    // the service needs none: it hands nothing on).
    std::vector<EvidenceRequirement> evidence;
};

struct Header
{
    std::string number; // "427.90/Kasi Yanmum/04/2022"
    std::string name_id;
    std::string name_en;
    std::string issuer;
    std::string made; // "2022-01"
    std::string revised;
    std::string effective;
    std::string approved_by;
    std::vector<std::string> equipment;
    std::vector<std::string> legal_basis;
    std::vector<std::string> related;
    std::vector<std::string> warnings;
    std::vector<std::string> qualifications;
    std::string record_keeping;
};

struct Sop
{
    std::string source; // file it came from
    std::string id;     // short id used in the register, e.g. "ktp-el-tuntas"
    Header header;
    std::vector<Role> roles;
    std::vector<Step> steps; // in SOP table order; steps.front() is where a service starts

    const Step* find_step(const std::string& id) const;
    const Role* find_role(const std::string& id) const;
    // The role marked `applicant: true`, if any.
    const Role* applicant_role() const;
    // The role marked `supervisor: true`, if any.
    const Role* supervisor_role() const;
    std::chrono::seconds total_standard_time() const;
};

} // namespace ktpel::sop
