// SPDX-License-Identifier: Apache-2.0
#include "card_issue_job.hpp"

#include "../card/colour_separation.hpp"
#include "card_rendering.hpp"
#include "common/hex_bytes.hpp"

namespace ktpel::daemon {
namespace {

using drivers::DeviceFailure;

// A blank has this long to reach the encoder's reader after the printer
// moved it there (pcscd notices a card within a second or two).
constexpr std::chrono::seconds kCardArrival{15};

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

} // namespace

OperationOutcome issue_card(drivers::CardPrinter& printer, drivers::CardEncoder& encoder,
                            const std::string& encoder_id, const IssueMaterial& material,
                            const card::CardRenderer& renderer,
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
    job.front = card::separate(render(renderer, material.card));
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

} // namespace ktpel::daemon
