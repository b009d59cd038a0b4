// SPDX-License-Identifier: Apache-2.0
// card.activate (SOP step 6): the applicant proves the card is theirs.
// Reads the arguments (which encoder, which scanner, which finger),
// authorizes, and runs services/card_activation_job across the encoder and
// the scanner; every attempt is a register row
// (services/card_activation_record).
#include <chrono>

#include "../api/arg_reader.hpp"
#include "../services/card_activation_job.hpp"
#include "../services/card_activation_record.hpp"
#include "device_operation.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {

void register_card_activation(OperationTable& table, StationCore& core, SopServices& sop)
{
    using biometrics::fingerprint::FingerPosition;
    table.add(
        "card.activate", "card_encoder", Access::session(), [&core, &sop](const CallPtr& call) {
            ArgReader args(call->args(),
                           {"application", "encoder", "scanner", "finger", "timeout_ms"});
            const auto application_arg = args.string("application", 32);
            if (!application_arg)
                throw ProtocolError(ErrorCode::invalid_args,
                                    "card.activate serves an application: argument "
                                    "\"application\"",
                                    {{"arg", "application"}});
            const auto served = serve_application(sop, call, "card.activate", *application_arg);
            const auto encoder = resolve_device(core, args.string("encoder", 64),
                                                drivers::DeviceClass::card_encoder);
            const auto scanner = resolve_device(core, args.string("scanner", 64),
                                                drivers::DeviceClass::fingerprint_scanner);
            const auto finger_name = args.string("finger", 16).value_or("right_index");
            if (finger_name != "right_index" && finger_name != "left_index")
                throw ProtocolError(ErrorCode::invalid_args,
                                    "finger must be right_index or left_index (the chip holds "
                                    "those two)",
                                    {{"arg", "finger"}});
            const auto timeout =
                std::chrono::milliseconds(args.integer("timeout_ms", 1000, 60000).value_or(10000));
            ActivationSubject subject;
            subject.nik = served.applications.record_of(served.id).nik;
            subject.issued_uid = served.applications.delivered_card_of(served.id);
            subject.finger = finger_name == "left_index" ? FingerPosition::left_index
                                                         : FingerPosition::right_index;
            const ActivationParties parties{
                served.id, encoder, core.devices.describe(scanner)["identity"].value("serial", ""),
                call->request().id};
            auto report = std::make_shared<ActivationReport>();
            const auto time_zone = core.config.office.time_zone;
            start_job_across_devices(
                core, call, served, encoder, {scanner}, kActivationDeadline,
                [scanner, subject, timeout, time_zone,
                 report](drivers::Device& target, const CompanionDevices& companions,
                         const drivers::OperationContext& context) {
                    return activate_card(
                        dynamic_cast<drivers::CardEncoder&>(target),
                        dynamic_cast<drivers::FingerprintScanner&>(*companions.at(scanner)),
                        scanner, subject, timeout, time_zone, context, *report);
                },
                [&applications = served.applications, parties,
                 report](OperationOutcome& outcome, const std::string& encoder_serial) {
                    record_activation_attempt(applications, parties, encoder_serial, *report,
                                              outcome.result);
                },
                [report](Error& error, const std::string&) {
                    if (!report->chip_uid.empty())
                        error.details["chip_uid"] = report->chip_uid;
                });
        });
}

} // namespace ktpel::daemon
