// SPDX-License-Identifier: Apache-2.0
// card.issue (SOP step 5): one KTP-el from a blank. The printer feeds a
// blank to its contactless station, the encoder writes the chip from the
// application's step-4 recording and the holder's data, reads every group
// back and locks it, then the printer prints the card body on that same
// card and ejects it. Any failure sends the card to the reject box; a
// retry is a new card.issue with a new blank. Every attempt is a register
// row with the chip UID and both devices' serials.
#include <boost/asio/post.hpp>

#include "../api/arg_reader.hpp"
#include "../card/colour_separation.hpp"
#include "../register/register_records.hpp"
#include "biometrics/face/chip_portrait.hpp"
#include "biometrics/face/photo_checks.hpp"
#include "biometrics/fingerprint/iso19794_2_codec.hpp"
#include "biometrics/signature/png_decoder.hpp"
#include "biometrics/signature/png_encoder.hpp"
#include "card_arguments.hpp"
#include "chip/data_group_content.hpp"
#include "common/hex_bytes.hpp"
#include "common/jpeg_codec.hpp"
#include "device_operation.hpp"
#include "drivers/classes/card_encoder.hpp"
#include "drivers/classes/card_printer.hpp"

namespace ktpel::daemon {
namespace {

using drivers::DeviceFailure;

// A blank has this long to reach the encoder's reader after the printer
// moved it there (pcscd notices a card within a second or two).
constexpr std::chrono::seconds kCardArrival{15};
// The virtual chip and SAM write a whole card in well under a second, also
// through pcscd and vpcd; a real coupler and SAM take seconds. The limit is
// for a station that stopped answering, not for a slow card.
constexpr std::chrono::minutes kIssueDeadline{4};
// The face image is kept well under the chip's 32000 bytes: every 223
// bytes cost six exchanges (wrap, write, unwrap; and the read-back).
constexpr std::size_t kChipFaceBytes = 12000;

// The index fingers first (the KTP-el's choice); when one is missing or
// was declared so, the next finger of that hand (ISO/IEC 19794-2 codes).
constexpr int kRightFingers[] = {2, 3, 1, 4, 5};
constexpr int kLeftFingers[] = {7, 8, 6, 9, 10};

[[noreturn]] void missing(const std::string& what, const std::string& message)
{
    throw ProtocolError(ErrorCode::invalid_args, message,
                        {{"reason", "recording_incomplete"}, {"missing", what}});
}

const HeldPart* part_of(const std::vector<const HeldCapture*>& captures,
                        const std::string& operation, const std::string& part)
{
    const HeldPart* found = nullptr;
    for (const auto* capture : captures) {
        if (capture->operation != operation)
            continue;
        for (const auto& candidate : capture->parts) {
            if (candidate.name == part)
                found = &candidate; // the latest capture wins
        }
    }
    return found;
}

struct IndexTemplate
{
    std::vector<std::uint8_t> record;
    int finger = 0;
};

IndexTemplate index_template(const std::vector<const HeldCapture*>& captures,
                             std::span<const int> preference, const std::string& hand)
{
    for (const int finger : preference) {
        if (const auto* part =
                part_of(captures, "fingerprint.capture", "template_" + std::to_string(finger)))
            return {part->bytes, finger};
    }
    missing(hand + "_index_template",
            "no fingerprint template of the " + hand + " hand was recorded in step 4");
}

// The signature for the chip's 8 KB data group: the capture's PNG, or
// half its size when that does not fit.
std::vector<std::uint8_t> chip_signature(const std::vector<std::uint8_t>& png)
{
    const auto capacity = chip::layout_of(chip::DataGroup::signature).capacity;
    if (chip::wrapped_size(png.size()) <= capacity)
        return png;
    auto grey = biometrics::signature::decode_png_grey(png);
    drivers::RasterImage half;
    half.width = grey.width / 2;
    half.height = grey.height / 2;
    half.pixels.resize(std::size_t{half.width} * half.height);
    for (std::uint32_t y = 0; y < half.height; ++y)
        for (std::uint32_t x = 0; x < half.width; ++x) {
            const auto at = [&](std::uint32_t dx, std::uint32_t dy) {
                return grey.pixels[std::size_t{2 * y + dy} * grey.width + 2 * x + dx];
            };
            half.pixels[std::size_t{y} * half.width + x] =
                static_cast<std::uint8_t>((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4);
        }
    return biometrics::signature::encode_png(half);
}

// What the job writes and prints, gathered on the loop from the capture
// store and the request before any card moves.
struct IssueMaterial
{
    chip::ChipContents chip;
    card::CardData card;
    nlohmann::json sources;                             // which capture gave what, for the result
    std::map<std::string, std::string> supplied_hashes; // part -> SHA-256, when supplied
};

[[noreturn]] void bad_supplied(const std::string& part, const std::string& message)
{
    throw ProtocolError(ErrorCode::invalid_args, message,
                        {{"arg", part.empty() ? std::string("supplied") : "supplied." + part},
                         {"reason", "supplied_biometrics_invalid"}});
}

// args.supplied.<part>: {"frame": N}, the request blob it names.
std::span<const std::uint8_t> supplied_blob(const CallPtr& call, const std::string& part)
{
    const auto& supplied = call->args().at("supplied");
    const auto it = supplied.find(part);
    if (it == supplied.end() || !it->is_object() || !it->contains("frame") ||
        !(*it)["frame"].is_number_unsigned())
        bad_supplied(part, "supplied." + part + " must be a blob reference {\"frame\": N}");
    const auto frame = (*it)["frame"].get<std::size_t>();
    if (frame < 1 || frame > call->request().blobs.size())
        bad_supplied(part, "supplied." + part + ".frame names no blob of the request");
    return call->request().blobs[frame - 1].bytes();
}

// An ISO/IEC 19794-2 record of one finger of `hand`: decoded strictly, with
// enough minutiae to be matched at activation.
IndexTemplate supplied_template(const CallPtr& call, const std::string& part,
                                std::span<const int> hand)
{
    namespace fp = biometrics::fingerprint;
    const auto bytes = supplied_blob(call, part);
    fp::FingerMinutiaeRecord record;
    try {
        record = fp::decode_iso19794_2(bytes);
    } catch (const fp::IsoRecordDecodeError& error) {
        bad_supplied(part,
                     "supplied." + part + " is not an ISO/IEC 19794-2 record: " + error.what());
    }
    if (record.views.size() != 1)
        bad_supplied(part, "supplied." + part + " must hold exactly one finger view");
    const int position = static_cast<int>(record.views.front().position);
    if (std::find(hand.begin(), hand.end(), position) == hand.end())
        bad_supplied(part, "supplied." + part + " is finger " + std::to_string(position) +
                               ", not a finger of that hand");
    constexpr std::size_t kMinimumMinutiae = 12; // fewer cannot be matched reliably
    if (record.views.front().minutiae.size() < kMinimumMinutiae)
        bad_supplied(part, "supplied." + part + " has " +
                               std::to_string(record.views.front().minutiae.size()) +
                               " minutiae; activation needs at least " +
                               std::to_string(kMinimumMinutiae));
    return {{bytes.begin(), bytes.end()}, position};
}

// The part of the material the chip and the card body share, from a
// portrait JPEG and a signature PNG wherever they came from.
void add_portrait_and_signature(IssueMaterial& material, std::span<const std::uint8_t> portrait,
                                std::span<const std::uint8_t> signature)
{
    auto rgb = decode_jpeg(portrait);
    material.card.photo = card::Raster{rgb.width, rgb.height, 3, std::move(rgb.pixels)};
    material.chip.face_jpeg = biometrics::face::chip_portrait(portrait, kChipFaceBytes);
    auto grey = biometrics::signature::decode_png_grey(signature);
    material.card.signature = card::Raster{grey.width, grey.height, 1, std::move(grey.pixels)};
    material.chip.signature_image = chip_signature({signature.begin(), signature.end()});
}

void add_templates(IssueMaterial& material, IndexTemplate right, IndexTemplate left)
{
    material.chip.right_index_template = std::move(right.record);
    material.chip.left_index_template = std::move(left.record);
    material.chip.biographic = material.card.holder;
    material.sources = {{"right_finger", right.finger},
                        {"left_finger", left.finger},
                        {"face_bytes", material.chip.face_jpeg.size()},
                        {"signature_bytes", material.chip.signature_image.size()}};
}

// The chip's biometrics from the step-4 recording held for the application.
void gather_held(IssueMaterial& material, const std::vector<const HeldCapture*>& captures)
{
    const auto* portrait = part_of(captures, "camera.capture", "portrait");
    if (!portrait)
        missing("portrait", "no face photo was recorded in step 4");
    const auto* signature = part_of(captures, "signature.capture", "signature");
    if (!signature)
        missing("signature", "no signature was recorded in step 4");
    add_portrait_and_signature(material, portrait->bytes, signature->bytes);
    auto right = index_template(captures, kRightFingers, "right");
    auto left = index_template(captures, kLeftFingers, "left");
    add_templates(material, std::move(right), std::move(left));
    material.sources["from"] = "step_4_recording";
}

// For an applicant whose recording was skipped (already recorded): the
// client fetched the face, the index templates and the signature from the
// central record and sends them as blobs; they are checked as captures
// are, and their hashes registered.
void gather_supplied(IssueMaterial& material, const CallPtr& call)
{
    const auto portrait = supplied_blob(call, "portrait");
    try {
        const auto assessment = biometrics::face::assess_jpeg(portrait);
        if (!assessment.passed())
            bad_supplied("portrait", "supplied.portrait fails the photo checks " +
                                         nlohmann::json(assessment.failed()).dump());
    } catch (const JpegCodecError& error) {
        bad_supplied("portrait", std::string("supplied.portrait is not a JPEG: ") + error.what());
    }
    const auto signature = supplied_blob(call, "signature");
    try {
        const auto grey = biometrics::signature::decode_png_grey(signature);
        std::size_t ink = 0;
        for (const auto pixel : grey.pixels)
            ink += pixel < 128;
        // A blank image would print an empty signature box on the card.
        if (grey.pixels.empty() || ink * 500 < grey.pixels.size())
            bad_supplied("signature", "supplied.signature holds no ink");
    } catch (const ProtocolError&) {
        throw;
    } catch (const std::exception& error) {
        bad_supplied("signature", std::string("supplied.signature is not a PNG: ") + error.what());
    }
    add_portrait_and_signature(material, portrait, signature);
    // One after the other: the first bad part is the one reported.
    auto right = supplied_template(call, "right_template", kRightFingers);
    auto left = supplied_template(call, "left_template", kLeftFingers);
    add_templates(material, std::move(right), std::move(left));
    material.sources["from"] = "supplied";
    for (const std::string part : {"portrait", "signature", "right_template", "left_template"})
        material.supplied_hashes[part] = sha256_hex(supplied_blob(call, part));
}

IssueMaterial gather(StationServices& services, const CallPtr& call, const std::string& application)
{
    IssueMaterial material;
    material.card = card_fields_arg(call);
    const auto nik = services.applications->describe(application).value("nik", std::string{});
    if (material.card.holder.nik != nik)
        throw ProtocolError(ErrorCode::invalid_args,
                            "card.nik must be the application's NIK: a card carries its "
                            "applicant's identity only",
                            {{"arg", "card.nik"}, {"reason", "nik_mismatch"}});
    const bool recording_skipped = services.applications->recording_skipped(application);
    const bool supplied = call->args().contains("supplied");
    if (recording_skipped && !supplied)
        throw ProtocolError(ErrorCode::invalid_args,
                            "the biometric recording of application " + application +
                                " was skipped: send the face, the index templates and the "
                                "signature from the central record (args.supplied)",
                            {{"arg", "supplied"}, {"reason", "recording_skipped"}});
    if (!recording_skipped && supplied)
        throw ProtocolError(ErrorCode::invalid_args,
                            "application " + application +
                                " was recorded at this station: its card carries that "
                                "recording, not supplied biometrics",
                            {{"arg", "supplied"}, {"reason", "recorded_here"}});
    if (supplied) {
        if (!call->args()["supplied"].is_object())
            bad_supplied("", "supplied must be an object of blob references");
        gather_supplied(material, call);
    } else {
        gather_held(material, services.captures.of_application(application));
    }
    return material;
}

// Where the job's card is, filled on the worker and read on the loop.
struct IssueReport
{
    drivers::PrintReport print;
    std::string chip_uid;
    std::string stage = "feeding";
};

void progress(const drivers::OperationContext& context, IssueReport& report, std::string stage)
{
    report.stage = std::move(stage);
    context.progress(drivers::ProgressStage::processing, {{"what", report.stage}});
}

// After a failure with a card in the printer: to the reject box, with a
// context of its own (the job's may be cancelled or past its deadline).
void reject_card(drivers::CardPrinter& printer, IssueReport& report)
{
    drivers::OperationContext rescue({},
                                     std::chrono::steady_clock::now() + std::chrono::seconds(20));
    try {
        printer.reject(rescue);
        report.print.fate = drivers::CardFate::rejected;
    } catch (const DeviceFailure&) {
        report.print.fate = drivers::CardFate::stuck;
    }
}

OperationOutcome issue_card(drivers::CardPrinter& printer, drivers::CardEncoder& encoder,
                            const std::string& encoder_id, const IssueMaterial& material,
                            std::shared_ptr<const card::CardRenderer> renderer,
                            const drivers::OperationContext& context, IssueReport& report)
{
    const auto started = std::chrono::steady_clock::now();
    const auto encoder_step = [&](auto&& step) {
        try {
            return step();
        } catch (const DeviceFailure& failure) {
            throw CompanionFailure(encoder_id, failure);
        }
    };

    // Rendered before a blank moves: a field the layout refuses costs no card.
    progress(context, report, "rendering");
    drivers::PrintJob job;
    job.front = card::separate(render(*renderer, material.card));
    job.card_held = true;
    job.after = drivers::CardDestination::eject;
    context.throw_if_cancelled();

    // The SAM is first needed at encoding, after the feed: found missing or
    // wrong only then, it would cost a blank.
    progress(context, report, "checking_sam");
    encoder_step([&] { return encoder.check_sam(context); });

    progress(context, report, "feeding");
    printer.move_to_contactless_station(context);
    report.print.fate = drivers::CardFate::at_contactless_station;
    chip::ChipInfo info;
    try {
        progress(context, report, "waiting_for_card");
        info = encoder_step([&] { return encoder.wait_for_chip(context.within(kCardArrival)); });
        report.chip_uid = ktpel::to_hex(info.uid);
        if (info.life_cycle != chip::LifeCycle::blank)
            throw CompanionFailure(encoder_id,
                                   DeviceFailure(DeviceFailure::Kind::card, "card_not_blank",
                                                 "the card's chip is " +
                                                     std::string(chip::name_of(info.life_cycle)) +
                                                     ", not blank: it was used before"));
        progress(context, report, "encoding");
        info = encoder_step([&] { return encoder.personalise(material.chip, context); });
    } catch (...) {
        reject_card(printer, report);
        throw;
    }
    const auto encoded = std::chrono::steady_clock::now();

    // The print driver rejects the card itself when printing fails once
    // it started. A refusal before that (the printer not ready, or a
    // cancel while it was asked for its status) leaves the card at the
    // station; print_card starts its report afresh, so that card shows as
    // not_fed there.
    progress(context, report, "printing");
    try {
        printer.print_card(job, context, report.print);
    } catch (const DeviceFailure&) {
        if (report.print.fate == drivers::CardFate::not_fed ||
            report.print.fate == drivers::CardFate::at_contactless_station)
            reject_card(printer, report);
        throw;
    }

    const auto ms = [](auto duration) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
    };
    OperationOutcome outcome;
    outcome.result = {{"card", drivers::to_string(report.print.fate)},
                      {"chip_uid", report.chip_uid},
                      {"life_cycle", chip::name_of(info.life_cycle)},
                      {"encoder", encoder_id},
                      {"chip", material.sources},
                      {"encode_ms", ms(encoded - started)},
                      {"print_ms", ms(std::chrono::steady_clock::now() - encoded)},
                      {"bytes_sent", report.print.bytes_sent}};
    return outcome;
}

} // namespace

void register_card_issue(OperationTable& table, StationServices& services,
                         std::shared_ptr<const card::CardRenderer> renderer)
{
    table.add(
        "card.issue", "card_printer", Access::session(),
        [&services, renderer](const CallPtr& call) {
            ArgReader args(call->args(), {"application", "printer", "encoder", "card", "supplied"});
            const auto application_arg = args.string("application", 32);
            if (!application_arg || !services.applications)
                throw ProtocolError(ErrorCode::invalid_args,
                                    "card.issue serves an application: argument \"application\"",
                                    {{"arg", "application"}});
            const auto application =
                authorize_device_use(services, call, "card.issue", application_arg);
            // A spoiled blank may be retried; a delivered card is not made
            // twice unless the section head voided it (card.void).
            services.applications->require_no_delivered_card(application);
            // Nor two at once, on two printers.
            for (const auto& running : services.applications->operations().of(application))
                if (running.operation == "card.issue")
                    throw ProtocolError(ErrorCode::sop_order,
                                        "a card is being issued for application " + application +
                                            " (" + running.request_id + ")",
                                        {{"application", application},
                                         {"reason", "card_being_issued"},
                                         {"operations", {to_json(running)}}});
            const auto printer = resolve_device(services, args.string("printer", 64),
                                                drivers::DeviceClass::card_printer);
            const auto encoder = resolve_device(services, args.string("encoder", 64),
                                                drivers::DeviceClass::card_encoder);
            auto material = std::make_shared<IssueMaterial>(gather(services, call, application));

            auto report = std::make_shared<IssueReport>();
            auto attempt = std::make_shared<reg::CardAttemptRecord>();
            attempt->application_id = application;
            attempt->operation = "card.issue";
            attempt->officer = call->require_officer().id;
            attempt->printer_id = printer;
            attempt->encoder_serial =
                services.devices.describe(encoder)["identity"].value("serial", encoder);
            attempt->started_at = services.applications->now();
            const auto step = services.applications->current_step_of(application);
            const auto record = [&services, report, attempt, material, step, application](
                                    const std::string& printer_serial, const Error* error) {
                attempt->printer_serial = printer_serial;
                attempt->chip_uid = report->chip_uid;
                attempt->card_fate = drivers::to_string(report->print.fate);
                attempt->bytes_sent = static_cast<std::int64_t>(report->print.bytes_sent);
                attempt->ended_at = services.applications->now();
                if (error) {
                    attempt->error_code = std::string(to_string(error->code));
                    attempt->reason = error->details.value("reason", attempt->error_code);
                    services.applications->record_card_attempt(*attempt);
                    return;
                }
                // What the card carries from the central record, by hash:
                // the register shows where its biometrics came from, never
                // the samples.
                if (!material->supplied_hashes.empty()) {
                    std::vector<reg::CaptureRecord> rows;
                    for (const auto& [part, sha256] : material->supplied_hashes) {
                        reg::CaptureRecord row;
                        row.application_id = application;
                        row.step_id = step;
                        row.operation = "card.issue";
                        row.device_id = "central_record";
                        row.sample_sha256 = sha256;
                        row.metadata_json = nlohmann::json{
                            {"part", part},
                            {"source", "supplied"},
                            {"chip_uid",
                             report->chip_uid}}.dump();
                        rows.push_back(std::move(row));
                    }
                    services.applications->record_captures(rows, std::nullopt);
                }
                // The step's evidence: this application has a KTP-el, with
                // the chip UID the activation will look for.
                reg::StepFact issued;
                issued.application_id = application;
                issued.step_id = step;
                issued.fact = "card_issued";
                issued.subject = report->chip_uid;
                issued.recorded_at = attempt->ended_at;
                issued.detail_json = nlohmann::json{{"printer_serial", printer_serial},
                                                    {"encoder_serial", attempt->encoder_serial},
                                                    {"chip", material->sources},
                                                    {"supplied", material->supplied_hashes}}
                                         .dump();
                services.applications->record_card_attempt(*attempt, issued);
            };
            start_job_across_devices(
                services, call, application, printer, {encoder}, kIssueDeadline,
                [encoder, material, renderer, report](drivers::Device& target,
                                                      const CompanionDevices& companions,
                                                      const drivers::OperationContext& context) {
                    return issue_card(dynamic_cast<drivers::CardPrinter&>(target),
                                      dynamic_cast<drivers::CardEncoder&>(*companions.at(encoder)),
                                      encoder, *material, renderer, context, *report);
                },
                [record](OperationOutcome&, const std::string& serial) { record(serial, nullptr); },
                [record, report](Error& error, const std::string& serial) {
                    // Where the card went and how far the job got is what the
                    // operator acts on.
                    error.details["card"] = drivers::to_string(report->print.fate);
                    error.details["stage"] = report->stage;
                    if (!report->chip_uid.empty())
                        error.details["chip_uid"] = report->chip_uid;
                    record(serial, &error);
                });
        });
}

} // namespace ktpel::daemon
