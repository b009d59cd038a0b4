// SPDX-License-Identifier: Apache-2.0
// application.* and sop.*: serving applicants through the SOP.
#include "../api/arg_reader.hpp"
#include "../register/office_day.hpp"
#include "application_json.hpp"
#include "device_operation.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {
namespace {

bool boolean_arg(const ArgReader& args, const char* name)
{
    const auto& raw = args.raw();
    const auto it = raw.find(name);
    if (it == raw.end() || it->is_null())
        return false;
    if (!it->is_boolean())
        throw ProtocolError(ErrorCode::invalid_args,
                            std::string("argument \"") + name + "\" must be true or false",
                            {{"arg", name}});
    return it->get<bool>();
}

std::optional<reg::ApplicationState> state_arg(const ArgReader& args)
{
    const auto text = args.string("state", 16);
    if (!text)
        return std::nullopt;
    const auto state = reg::application_state_from_string(*text);
    if (!state)
        throw ProtocolError(ErrorCode::invalid_args,
                            "state must be open, completed, ended or cancelled",
                            {{"arg", "state"}});
    return state;
}

// The applicant's signature on the receipt: a signature.capture held for
// this application and taken in the step being acknowledged.
sop::SignatureEvidence signature_evidence(const CaptureStore& captures,
                                          const std::string& application, const std::string& step,
                                          const std::string& capture_id)
{
    const auto* held = captures.find(capture_id);
    if (!held || held->application != application)
        throw ProtocolError(ErrorCode::not_found,
                            "no capture \"" + capture_id + "\" is held for application " +
                                application,
                            {{"arg", "signature"}, {"capture", capture_id}});
    if (held->operation != "signature.capture" || held->step != step)
        throw ProtocolError(ErrorCode::invalid_args,
                            "the acknowledgement needs the applicant's signature taken in step " +
                                step + "; " + capture_id + " is a " + held->operation +
                                " from step " + held->step,
                            {{"arg", "signature"},
                             {"capture", capture_id},
                             {"operation", held->operation},
                             {"step", held->step}});
    const auto part = std::find_if(held->parts.begin(), held->parts.end(),
                                   [](const HeldPart& p) { return p.name == "signature"; });
    if (part == held->parts.end())
        throw ProtocolError(ErrorCode::invalid_args, capture_id + " holds no signature image",
                            {{"arg", "signature"}, {"capture", capture_id}});
    return {capture_id, sha256_hex(part->bytes)};
}

// args.evidence: the values a step declares ({"kk_number": "..."}),
// strings of at most 200 characters.
sop::Declarations declarations_arg(const ArgReader& args)
{
    const auto& raw = args.raw();
    const auto it = raw.find("evidence");
    sop::Declarations declared;
    if (it == raw.end() || it->is_null())
        return declared;
    if (!it->is_object())
        throw ProtocolError(ErrorCode::invalid_args,
                            "evidence must be an object of the values the step declares",
                            {{"arg", "evidence"}});
    for (const auto& [name, value] : it->items()) {
        if (!value.is_string() || value.get<std::string>().empty() ||
            value.get<std::string>().size() > 200)
            throw ProtocolError(ErrorCode::invalid_args,
                                "evidence." + name +
                                    " must be a non-empty string of at most 200 "
                                    "characters",
                                {{"arg", "evidence"}, {"name", name}});
        declared[name] = value.get<std::string>();
    }
    return declared;
}

// sop.describe: the SOP's steps and roles as the desks show them.
void describe_sop(ApplicationService& applications, const CallPtr& call)
{
    ArgReader args(call->args(), {});
    const auto& engine = applications.engine();
    const auto& sop = engine.sop();
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : sop.steps) {
        nlohmann::json json = {{"id", step.id},
                               {"number", step.number},
                               {"title_id", step.title_id},
                               {"title_en", step.title_en},
                               {"actor", step.actor},
                               {"roles", engine.performing_roles(step)},
                               {"standard_s", step.standard_time.count()},
                               {"permitted_operations", step.permitted_operations},
                               {"can_skip", step.skip.has_value()}};
        if (step.decision) {
            for (const auto& outcome : step.decision->outcomes)
                json["outcomes"].push_back(
                    {{"id", outcome.id}, {"ends_service", !outcome.next_step}});
        }
        // What its completion needs (docs/sop.md, "Evidence").
        nlohmann::json evidence = nlohmann::json::array();
        for (const auto& requirement : step.evidence) {
            nlohmann::json item = {{"name", requirement.name()}, {"kind", requirement.kind}};
            if (requirement.kind == "declared")
                item["title_en"] = requirement.title_en;
            evidence.push_back(std::move(item));
        }
        json["evidence"] = std::move(evidence);
        if (step.acknowledged_by)
            json["acknowledgement"] = {{"by", *step.acknowledged_by},
                                       {"kind", engine.acknowledgement_kind(step)},
                                       {"how", step.acknowledgement_en}};
        steps.push_back(std::move(json));
    }
    nlohmann::json roles = nlohmann::json::array();
    for (const auto& role : sop.roles)
        roles.push_back({{"id", role.id},
                         {"title_id", role.title_id},
                         {"title_en", role.title_en},
                         {"applicant", role.applicant},
                         {"supervisor", role.supervisor}});
    call->reply({{"id", sop.id},
                 {"roles", std::move(roles)},
                 {"number", sop.header.number},
                 {"name_id", sop.header.name_id},
                 {"name_en", sop.header.name_en},
                 {"total_standard_s", sop.total_standard_time().count()},
                 {"time_scale", engine.time_scale()},
                 {"steps", steps}});
}

void open_application(ApplicationService& applications, const CallPtr& call)
{
    ArgReader args(call->args(), {"nik", "kk", "married", "biometrics_recorded"});
    sop::OpenRequest request;
    request.nik = args.required_string("nik", 16);
    request.kk_number = args.required_string("kk", 16);
    request.married = boolean_arg(args, "married");
    request.biometrics_recorded = boolean_arg(args, "biometrics_recorded");
    call->reply(application_json(applications.open(request, actor_of(call->require_officer()))));
}

void get_application(ApplicationService& applications, const CallPtr& call)
{
    ArgReader args(call->args(), {"application"});
    call->reply(application_json(applications.describe(args.required_string("application", 32),
                                                       actor_of(call->require_officer()))));
}

// One office day's applications (on the office's clock): args.date, or today.
void list_applications(ApplicationService& applications, const reg::OfficeTimeZone& time_zone,
                       const CallPtr& call)
{
    ArgReader args(call->args(), {"state", "date", "limit"});
    reg::RegisterQuery query;
    query.state = state_arg(args);
    query.limit = static_cast<std::size_t>(args.integer("limit", 1, 1000).value_or(200));
    std::optional<reg::OfficeDay> day;
    if (const auto date = args.string("date", 10)) {
        day = reg::parse_office_day(*date, time_zone);
        if (!day)
            throw ProtocolError(ErrorCode::invalid_args, "date must be YYYY-MM-DD",
                                {{"arg", "date"}});
    } else {
        day = reg::office_day_of(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count(),
                                 time_zone);
    }
    query.from = day->begins_at;
    query.until = day->ends_at;
    nlohmann::json summaries = nlohmann::json::array();
    for (const auto& application : applications.list(query))
        summaries.push_back(application_summary_json(application));
    call->reply({{"applications", std::move(summaries)}});
}

void cancel_application(ApplicationService& applications, const CallPtr& call)
{
    ArgReader args(call->args(), {"application", "reason"});
    call->reply(application_json(applications.cancel(args.required_string("application", 32),
                                                     actor_of(call->require_officer()),
                                                     args.string("reason", 1000).value_or(""))));
}

void start_step(ApplicationService& applications, const CallPtr& call)
{
    ArgReader args(call->args(), {"application", "step"});
    call->reply(application_json(applications.start_step(args.required_string("application", 32),
                                                         args.required_string("step", 64),
                                                         actor_of(call->require_officer()))));
}

void complete_step(ApplicationService& applications, const CallPtr& call)
{
    ArgReader args(call->args(), {"application", "step", "outcome", "notes", "reason", "evidence"});
    call->reply(application_json(applications.complete_step(
        args.required_string("application", 32), args.required_string("step", 64),
        actor_of(call->require_officer()), args.string("outcome", 64),
        args.string("notes", 2000).value_or(""), args.string("reason", 1000).value_or(""),
        declarations_arg(args))));
}

// The section head voids a delivered card (damaged, misprinted) so that
// card.issue may make another for the application.
void void_card(ApplicationService& applications, const CallPtr& call)
{
    ArgReader args(call->args(), {"application", "chip_uid", "reason"});
    call->reply(application_json(applications.void_card(
        args.required_string("application", 32), args.required_string("chip_uid", 64),
        actor_of(call->require_officer()), args.string("reason", 1000).value_or(""))));
}

void acknowledge_step(ApplicationService& applications, const CaptureStore& captures,
                      const CallPtr& call)
{
    ArgReader args(call->args(), {"application", "step", "signature"});
    const auto application = args.required_string("application", 32);
    const auto step = args.required_string("step", 64);
    std::optional<sop::SignatureEvidence> signature;
    if (const auto capture = args.string("signature", 64))
        signature = signature_evidence(captures, application, step, *capture);
    call->reply(application_json(applications.acknowledge_step(
        application, step, actor_of(call->require_officer()), signature)));
}

// The proof of receipt of a completed service, as the PDF the counter
// prints (frame 1).
void get_receipt(const SopServices& sop, const CallPtr& call)
{
    ArgReader args(call->args(), {"application"});
    const auto application = args.required_string("application", 32);
    // The receipt shows the NIK, the KK and the signature: for the
    // officers who serve applicants, not for a technician.
    const auto& officer = call->require_officer();
    const auto& roles = sop.applications.engine().sop().roles;
    if (std::none_of(roles.begin(), roles.end(),
                     [&](const sop::Role& role) { return officer.roles.contains(role.id); }))
        throw ProtocolError(ErrorCode::forbidden,
                            "a receipt is for the officers who serve applicants",
                            {{"officer", officer.id}});
    const auto receipt = sop.register_db.receipt_of(application);
    if (!receipt)
        throw ProtocolError(ErrorCode::not_found,
                            "application " + application +
                                " has no receipt: only a completed service has one",
                            {{"application", application}});
    auto pdf = sop.receipts.load(*receipt);
    std::vector<Blob> blobs;
    blobs.emplace_back(std::move(pdf));
    call->reply(
        {{"application", application},
         {"file", receipt->file},
         {"sha256", receipt->sha256},
         {"bytes", receipt->bytes},
         {"pdf", blob_ref(1, {{"format", "application/pdf"}, {"sha256", receipt->sha256}})}},
        std::move(blobs));
}

void skip_step(ApplicationService& applications, const CallPtr& call)
{
    ArgReader args(call->args(), {"application", "step", "reason"});
    call->reply(application_json(applications.skip_step(
        args.required_string("application", 32), args.required_string("step", 64),
        actor_of(call->require_officer()), args.string("reason", 1000).value_or(""))));
}

} // namespace

void register_sop_operations(OperationTable& table, StationCore& core, SopServices& sop)
{
    auto& applications = sop.applications;
    // A handler that needs only the application service.
    const auto serving = [&applications](void (*handler)(ApplicationService&, const CallPtr&)) {
        return [&applications, handler](const CallPtr& call) {
            handler(applications, call);
        };
    };
    const auto session = Access::session();
    table.add("sop.describe", "sop", Access::open(), serving(describe_sop));
    table.add("application.open", "sop", session, serving(open_application));
    table.add("application.get", "sop", session, serving(get_application));
    table.add("application.list", "sop", session, [&core, &applications](const CallPtr& call) {
        list_applications(applications, core.config.office.time_zone, call);
    });
    table.add("application.cancel", "sop", session, serving(cancel_application));
    table.add("sop.step.start", "sop", session, serving(start_step));
    table.add("sop.step.complete", "sop", session, serving(complete_step));
    table.add("card.void", "sop", session, serving(void_card));
    table.add("sop.step.acknowledge", "sop", session, [&core, &applications](const CallPtr& call) {
        acknowledge_step(applications, core.captures, call);
    });
    table.add("receipt.get", "sop", session,
              [&sop](const CallPtr& call) { get_receipt(sop, call); });
    table.add("sop.step.skip", "sop", session, serving(skip_step));
}

ServedApplication serve_application(SopServices& sop, const CallPtr& call,
                                    const std::string& operation, const std::string& application)
{
    sop.applications.authorize_operation(application, operation, actor_of(call->require_officer()));
    return {sop.applications, application};
}

std::optional<ServedApplication> authorize_device_use(SopServices* sop, const CallPtr& call,
                                                      const std::string& operation,
                                                      const std::optional<std::string>& application)
{
    const auto& officer = call->require_officer();
    if (!application) {
        if (officer.roles.contains(auth::kTechnicianRole))
            return std::nullopt; // diagnostics, outside any service
        throw ProtocolError(
            ErrorCode::invalid_args,
            operation + " serves an application: give args.application (technicians may omit it "
                        "for diagnostics)",
            {{"arg", "application"}});
    }
    if (!sop)
        throw ProtocolError(ErrorCode::not_found, "this station has no SOP configured", {});
    return serve_application(*sop, call, operation, *application);
}

} // namespace ktpel::daemon
