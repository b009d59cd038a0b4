// SPDX-License-Identifier: Apache-2.0
// card.proof and printer.print: the card body, from the holder's data to
// the printer's panels.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <boost/asio/post.hpp>
#include <unistd.h>

#include "../api/arg_reader.hpp"
#include "../api/domain_error_mapping.hpp"
#include "../auth/officer.hpp"
#include "../card/card_renderer.hpp"
#include "../card/colour_separation.hpp"
#include "../card/specimen_card.hpp"
#include "../register/register_records.hpp"
#include "../services/card_rendering.hpp"
#include "card_arguments.hpp"
#include "common/jpeg_codec.hpp"
#include "device_operation.hpp"
#include "drivers/classes/card_printer.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {
namespace {

std::vector<std::uint8_t> png_of(const card::RenderedFront& front)
{
    // Cairo writes PNGs to files; a private temporary one is the simplest
    // way to hand its bytes to the client.
    std::string path = (std::filesystem::temp_directory_path() / "ktpel-proof-XXXXXX").string();
    const int fd = ::mkstemp(path.data());
    if (fd < 0)
        throw std::runtime_error("cannot create a temporary file for the proof");
    ::close(fd);
    struct Remove
    {
        std::string path;
        ~Remove() { std::filesystem::remove(path); }
    } remove{path};
    front.write_png(path);
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::optional<drivers::CardDestination> destination_of(const std::string& text)
{
    if (text == "eject")
        return drivers::CardDestination::eject;
    if (text == "contact_station")
        return drivers::CardDestination::contact_station;
    if (text == "contactless_station")
        return drivers::CardDestination::contactless_station;
    if (text == "reject")
        return drivers::CardDestination::reject;
    return std::nullopt;
}

} // namespace

void register_card_operations(OperationTable& table, StationCore& core, SopServices* sop,
                              std::shared_ptr<const card::CardRenderer> renderer)
{
    table.add("card.proof", "card", Access::session(), [&core, renderer](const CallPtr& call) {
        ArgReader args(call->args(), {"card", "photo", "signature"});
        // Without a card: the specimen's fields (and its photo, unless one
        // is given), as a test print carries them.
        card::CardData data;
        if (call->args().contains("card")) {
            data = card_data_arg(call);
        } else {
            data = card::specimen_card();
            if (call->args().contains("photo"))
                data.photo = raster_arg(call, call->args()["photo"], "photo");
            if (call->args().contains("signature"))
                data.signature = raster_arg(call, call->args()["signature"], "signature");
        }
        // Rendering takes a good fraction of a second: not on the loop.
        core.slow_work.post([&core, call, renderer, data = std::move(data)] {
            std::optional<Error> error;
            std::vector<std::uint8_t> png;
            try {
                png = png_of(render(*renderer, data));
            } catch (const DomainError& e) {
                error = to_protocol_error(e); // the layout refused a field
            } catch (const std::exception& e) {
                error = Error{ErrorCode::internal, e.what(), {}};
            }
            boost::asio::post(core.io, [call, error, png = std::move(png)]() mutable {
                if (error)
                    return call->fail(*error);
                const auto size = png.size();
                call->reply({{"proof", blob_ref(1, {{"format", "image/png"},
                                                    {"bytes", size},
                                                    {"width", drivers::kCardWidthDots},
                                                    {"height", drivers::kCardHeightDots}})}},
                            {Blob(std::move(png))});
            });
        });
    });

    table.add(
        "printer.print", "card_printer", Access::session(),
        [&core, sop, renderer](const CallPtr& call) {
            const auto submitted = std::chrono::steady_clock::now();
            ArgReader args(call->args(), {"application", "device", "card", "photo", "signature",
                                          "after", "panels"});
            // A technician's test print is the specimen, nothing else: a
            // holder's card is made only by card.issue, chip and all, in
            // its SOP step.
            for (const char* arg : {"application", "card", "photo", "signature"}) {
                if (call->args().contains(arg))
                    throw ProtocolError(ErrorCode::invalid_args,
                                        std::string("printer.print prints the specimen card only "
                                                    "(no \"") +
                                            arg + "\"); a holder's KTP-el is made by card.issue",
                                        {{"arg", arg}, {"reason", "specimen_only"}});
            }
            if (!call->require_officer().roles.contains(auth::kTechnicianRole))
                throw ProtocolError(ErrorCode::forbidden,
                                    "the specimen test print is the technician's; a holder's "
                                    "KTP-el is made by card.issue",
                                    {{"required_roles", {auth::kTechnicianRole}}});
            const auto device =
                resolve_device(core, args.string("device", 64), drivers::DeviceClass::card_printer);
            const auto after_name = args.string("after", 32).value_or("reject");
            const auto after = destination_of(after_name);
            if (!after)
                throw ProtocolError(
                    ErrorCode::invalid_args,
                    "after must be eject, contact_station, contactless_station or reject",
                    {{"arg", "after"}});
            const auto panels = args.string("panels", 16).value_or("compressed");
            if (panels != "compressed" && panels != "raw")
                throw ProtocolError(ErrorCode::invalid_args, "panels must be compressed or raw",
                                    {{"arg", "panels"}});
            auto data = card::specimen_card();

            // Filled by the driver on the device's worker, read on the loop
            // once the job is over (the completion is posted after it).
            auto report = std::make_shared<drivers::PrintReport>();
            auto attempt = std::make_shared<reg::CardAttemptRecord>();
            attempt->operation = "printer.print";
            attempt->officer = call->require_officer().id;
            attempt->printer_id = device;
            // Commits the job's card to the register: a spoiled blank is
            // a fact the office reconciles its card stock against. A
            // station without an SOP keeps no register.
            ApplicationService* register_keeper = sop ? &sop->applications : nullptr;
            if (register_keeper)
                attempt->started_at = register_keeper->now();
            const auto record = [register_keeper, report, attempt](const std::string& serial,
                                                                   const Error* error) {
                if (!register_keeper)
                    return;
                attempt->printer_serial = serial;
                attempt->card_fate = drivers::to_string(report->fate);
                attempt->bytes_sent = static_cast<std::int64_t>(report->bytes_sent);
                attempt->ended_at = register_keeper->now();
                if (error) {
                    attempt->error_code = std::string(to_string(error->code));
                    attempt->reason = error->details.value("reason", attempt->error_code);
                }
                register_keeper->record_card_attempt(*attempt);
            };
            const auto encoding = panels == "raw" ? drivers::PanelEncoding::raw
                                                  : drivers::PanelEncoding::compressed_when_smaller;
            start_device_operation(
                core, call, std::nullopt, device, std::chrono::seconds(120), // no application
                [renderer, data = std::move(data), after = *after, after_name, encoding, report,
                 submitted](drivers::Device& target, const drivers::OperationContext& context) {
                    context.progress(drivers::ProgressStage::processing, {{"what", "rendering"}});
                    drivers::PrintJob job;
                    job.front = card::separate(render(*renderer, data));
                    job.after = after;
                    job.encoding = encoding;
                    context.throw_if_cancelled();
                    context.progress(drivers::ProgressStage::transferring, {{"what", "printing"}});
                    const auto started = std::chrono::steady_clock::now();
                    dynamic_cast<drivers::CardPrinter&>(target).print_card(job, context, *report);
                    const auto ms = [](auto duration) {
                        return std::chrono::duration_cast<std::chrono::milliseconds>(duration)
                            .count();
                    };
                    OperationOutcome outcome;
                    outcome.result = {
                        {"after", after_name},
                        {"card", drivers::to_string(report->fate)},
                        {"print_ms", ms(std::chrono::steady_clock::now() - started)},
                        {"bytes_sent", report->bytes_sent},
                        {"panels",
                         {{"compressed", report->compressed_panels}, {"raw", report->raw_panels}}}};
                    if (report->last_byte_at)
                        outcome.result["submit_to_last_byte_ms"] =
                            ms(*report->last_byte_at - submitted);
                    return outcome;
                },
                [record](const OperationOutcome&, const std::string& serial) {
                    record(serial, nullptr);
                },
                [record, report](Error& error, const std::string& serial) {
                    // Where the card went is what the operator must act on.
                    error.details["card"] = drivers::to_string(report->fate);
                    record(serial, &error);
                });
        });
}

} // namespace ktpel::daemon
