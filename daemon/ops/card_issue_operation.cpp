// SPDX-License-Identifier: Apache-2.0
// card.issue (SOP step 5): one KTP-el from a blank, for an application.
// Reads the arguments (the card's fields, which request blobs are the
// supplied biometrics), authorizes, and runs services/card_issue_job
// across the printer and the encoder with the material
// services/card_issue_material gathered; every attempt is a register row
// (services/card_issue_record).
#include "../api/arg_reader.hpp"
#include "../services/card_issue_job.hpp"
#include "../services/card_issue_material.hpp"
#include "../services/card_issue_record.hpp"
#include "card_arguments.hpp"
#include "device_operation.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {
namespace {

// args.supplied.<part>: {"frame": N}, the request blob it names.
std::span<const std::uint8_t> supplied_blob(const CallPtr& call, const std::string& part)
{
    const auto& supplied = call->args().at("supplied");
    const auto it = supplied.find(part);
    if (it == supplied.end() || !it->is_object() || !it->contains("frame") ||
        !(*it)["frame"].is_number_unsigned())
        throw supplied_part_invalid(part, "supplied." + part +
                                              " must be a blob reference {\"frame\": N}");
    const auto frame = (*it)["frame"].get<std::size_t>();
    if (frame < 1 || frame > call->request().blobs.size())
        throw supplied_part_invalid(part,
                                    "supplied." + part + ".frame names no blob of the request");
    return call->request().blobs[frame - 1].bytes();
}

// From the step-4 recording held for the application, or, for an applicant
// whose recording was skipped, from the central record the client sends
// as blobs (args.supplied).
IssueMaterial gather(const StationCore& core, ApplicationService& applications, const CallPtr& call,
                     const std::string& application)
{
    auto card = card_fields_arg(call);
    const bool supplied = call->args().contains("supplied");
    check_issue_source(applications, application, card, supplied);
    if (!supplied)
        return material_from_recording(std::move(card), core.captures.of_application(application));
    if (!call->args()["supplied"].is_object())
        throw supplied_part_invalid("", "supplied must be an object of blob references");
    return material_from_supplied(
        std::move(card), [&call](const std::string& part) { return supplied_blob(call, part); });
}

} // namespace

void register_card_issue(OperationTable& table, StationCore& core, SopServices& sop,
                         std::shared_ptr<const card::CardRenderer> renderer)
{
    table.add(
        "card.issue", "card_printer", Access::session(),
        [&core, &sop, renderer](const CallPtr& call) {
            ArgReader args(call->args(), {"application", "printer", "encoder", "card", "supplied"});
            const auto application_arg = args.string("application", 32);
            if (!application_arg)
                throw ProtocolError(ErrorCode::invalid_args,
                                    "card.issue serves an application: argument \"application\"",
                                    {{"arg", "application"}});
            const auto served = serve_application(sop, call, "card.issue", *application_arg);
            const auto& application = served.id;
            auto& applications = served.applications;
            // A spoiled blank may be retried; a delivered card is not made
            // twice unless the section head voided it (card.void).
            applications.require_no_delivered_card(application);
            // Nor two at once, on two printers.
            for (const auto& running : applications.operations().of(application))
                if (running.operation == "card.issue")
                    throw ProtocolError(ErrorCode::sop_order,
                                        "a card is being issued for application " + application +
                                            " (" + running.request_id + ")",
                                        {{"application", application},
                                         {"reason", "card_being_issued"},
                                         {"operations", {to_json(running)}}});
            const auto printer = resolve_device(core, args.string("printer", 64),
                                                drivers::DeviceClass::card_printer);
            const auto encoder = resolve_device(core, args.string("encoder", 64),
                                                drivers::DeviceClass::card_encoder);
            auto material = std::make_shared<const IssueMaterial>(
                gather(core, applications, call, application));

            auto report = std::make_shared<IssueReport>();
            auto record = std::make_shared<CardIssueRecord>(
                applications,
                CardIssueParties{
                    application, call->require_officer().id, printer,
                    core.devices.describe(encoder)["identity"].value("serial", encoder)},
                material);
            start_job_across_devices(
                core, call, served, printer, {encoder}, kCardIssueDeadline,
                [encoder, material, renderer, report](drivers::Device& target,
                                                      const CompanionDevices& companions,
                                                      const drivers::OperationContext& context) {
                    return issue_card(dynamic_cast<drivers::CardPrinter&>(target),
                                      dynamic_cast<drivers::CardEncoder&>(*companions.at(encoder)),
                                      encoder, *material, *renderer, context, *report);
                },
                [record, report](OperationOutcome&, const std::string& serial) {
                    record->issued(serial, *report);
                },
                [record, report](Error& error, const std::string& serial) {
                    // Where the card went and how far the job got is what the
                    // operator acts on.
                    error.details["card"] = drivers::to_string(report->print.fate);
                    error.details["stage"] = report->stage;
                    if (!report->chip_uid.empty())
                        error.details["chip_uid"] = report->chip_uid;
                    const auto code = std::string(to_string(error.code));
                    record->failed(serial, *report, code, error.details.value("reason", code));
                });
        });
}

} // namespace ktpel::daemon
