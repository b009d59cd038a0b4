// SPDX-License-Identifier: Apache-2.0
// Class adapter: an Evolis-compatible card printer as a CardPrinter.
#include <algorithm>

#include "../classes/card_printer.hpp"
#include "../registry/driver_registry.hpp"
#include "evolis_channel.hpp"
#include "evolis_commands.hpp"
#include "evolis_panel_codec.hpp"
#include "evolis_status.hpp"

namespace ktpel::evolis {
namespace {

using drivers::DeviceFailure;

// How long the rescue (sending a failed job's card to the reject box) may
// take: it runs after the job's own context was cancelled or expired.
constexpr std::chrono::seconds kRescueTime{5};
// How long feeding a blank or moving a card to a station may take: a real
// printer needs a second or two, more than an ordinary reply.
constexpr std::chrono::seconds kMoveTime{10};

void check_panel(const drivers::Panel& panel, std::uint8_t levels, const char* name)
{
    const bool fits = panel.width == drivers::kCardWidthDots &&
                      panel.height == drivers::kCardHeightDots && panel.levels == levels &&
                      panel.dots.size() == std::size_t{panel.width} * panel.height &&
                      std::all_of(panel.dots.begin(), panel.dots.end(),
                                  [&](std::uint8_t dot) { return dot < levels; });
    if (!fits)
        throw DeviceFailure(DeviceFailure::Kind::invalid, "invalid_panel",
                            std::string("panel ") + name + " is not a " +
                                std::to_string(drivers::kCardWidthDots) + "x" +
                                std::to_string(drivers::kCardHeightDots) + " panel of " +
                                std::to_string(levels) + " levels");
}

void check_side(const drivers::CardSide& side)
{
    check_panel(side.yellow, 32, "yellow");
    check_panel(side.magenta, 32, "magenta");
    check_panel(side.cyan, 32, "cyan");
    check_panel(side.black, 2, "black");
    check_panel(side.overlay, 2, "overlay");
}

class EvolisPrinter final : public drivers::CardPrinter
{
public:
    explicit EvolisPrinter(std::unique_ptr<usb::DeviceHandle> usb) : channel_(std::move(usb)) {}

    drivers::DeviceIdentity probe(const drivers::OperationContext& context) override
    {
        identity_.manufacturer = "Evolis-compatible";
        identity_.model = channel_.command(command::kModel, context);
        identity_.serial = channel_.command(command::kSerial, context);
        identity_.firmware = channel_.command(command::kFirmware, context);
        return identity_;
    }

    nlohmann::json capabilities() const override
    {
        return {{"dpi", 300},
                {"card", "CR80"},
                {"panels", "YMCKO"},
                {"duplex", true},
                {"stations", {"contact", "contactless"}}};
    }

    drivers::PrinterStatus query_status(const drivers::OperationContext& context) override
    {
        return parse_status(channel_.command(command::kStatus, context));
    }

    void print_card(const drivers::PrintJob& job, const drivers::OperationContext& context,
                    drivers::PrintReport& report) override
    {
        report = {};
        const auto bytes_before = channel_.bytes_written();
        // Accounts for the job's bytes however it ends.
        struct Accounting
        {
            Channel& channel;
            drivers::PrintReport& report;
            std::uint64_t bytes_before;
            ~Accounting()
            {
                report.bytes_sent = channel.bytes_written() - bytes_before;
                report.last_byte_at = channel.last_write_at();
            }
        } accounting{channel_, report, bytes_before};

        // Everything that can be refused without touching a card is
        // refused first, so a bad job or a printer that is not ready
        // never feeds one.
        check_side(job.front);
        if (job.back)
            check_side(*job.back);
        const auto status = query_status(context);
        // A held card makes the printer say "printing": that is the card
        // this job is for.
        if (!status.ready && !(job.card_held && status.condition == "printing"))
            throw command::not_ready(status.condition, status.raw);
        channel_.command(command::kSoftwareErrors, context);
        // The start of the sequence feeds the blank: from its OK on, the
        // card is in the printer. A held card is in it already.
        if (!job.card_held)
            move_card(command::kStartSequence, context);
        report.fate = drivers::CardFate::stuck;
        guarded(context, report, [&] {
            const int sides = job.back ? 2 : 1;
            print_side(command::kSideFront, job.front, 0, sides, job.encoding, report, context);
            if (job.back)
                print_side(command::kSideBack, *job.back, 1, sides, job.encoding, report, context);
            switch (job.after) {
            case drivers::CardDestination::eject:
                channel_.command(command::kEject, context);
                report.fate = drivers::CardFate::delivered;
                break;
            case drivers::CardDestination::contact_station:
                move_card(command::kContactStation, context);
                report.fate = drivers::CardFate::at_contact_station;
                break;
            case drivers::CardDestination::contactless_station:
                move_card(command::kContactlessStation, context);
                report.fate = drivers::CardFate::at_contactless_station;
                break;
            case drivers::CardDestination::reject:
                channel_.command(command::kReject, context);
                report.fate = drivers::CardFate::rejected;
                break;
            }
        });
    }

    // A cancel that lands during the move does not stop it (see
    // move_card): the call returns with the card at the station, and the
    // caller, which owns that card, rejects it at its next step.
    void move_to_contact_station(const drivers::OperationContext& context) override
    {
        move_card(command::kContactStation, context);
    }

    void move_to_contactless_station(const drivers::OperationContext& context) override
    {
        move_card(command::kContactlessStation, context);
    }

    void eject(const drivers::OperationContext& context) override
    {
        channel_.command(command::kEject, context);
    }

    void reject(const drivers::OperationContext& context) override
    {
        channel_.command(command::kReject, context);
    }

private:
    // Feeds a blank or moves the card to a station. A cancel is honoured
    // until the command goes out; after that the printer carries the move
    // out whatever the host does, so the driver waits for the answer
    // instead of abandoning it. The card is then where the answer says,
    // for the caller's next step (or the job's guard) to reject, and no
    // answer is left queued for the next command to read as its own: a
    // reject sent mid-move could be queued, refused or answered out of
    // order by a real printer.
    void move_card(std::string_view move, const drivers::OperationContext& context)
    {
        context.throw_if_cancelled();
        const drivers::OperationContext carry_out({}, std::chrono::steady_clock::now() + kMoveTime);
        channel_.command(move, carry_out, kMoveTime);
    }

    // Runs the part of a job during which a card is in the printer; on any
    // failure the card goes to the reject box before the failure is
    // reported.
    template <typename Steps>
    void guarded(const drivers::OperationContext& context, drivers::PrintReport& report,
                 Steps&& steps)
    {
        try {
            steps();
        } catch (const DeviceFailure& failure) {
            if (failure.kind() == DeviceFailure::Kind::disconnected)
                throw; // nobody to talk to: the card stays where it was
            const bool rejected = rescue();
            report.fate = rejected ? drivers::CardFate::rejected : drivers::CardFate::stuck;
            throw DeviceFailure(failure.kind(), failure.reason(),
                                std::string(failure.what()) +
                                    (rejected
                                         ? " (card sent to the reject box)"
                                         : " (the card could not be rejected; see the printer)"));
        }
        context.progress(drivers::ProgressStage::processing, {{"step", "card_done"}});
    }

    bool rescue()
    {
        const drivers::OperationContext rescue_context({}, std::chrono::steady_clock::now() +
                                                               kRescueTime);
        channel_.discard_late_replies();
        try {
            channel_.command(command::kReject, rescue_context);
            return true;
        } catch (const DeviceFailure&) {
            return false;
        }
    }

    void print_side(std::string_view select, const drivers::CardSide& side, int index, int sides,
                    drivers::PanelEncoding encoding, drivers::PrintReport& report,
                    const drivers::OperationContext& context)
    {
        channel_.command(select, context);
        const drivers::Panel* panels[] = {&side.yellow, &side.magenta, &side.cyan, &side.black,
                                          &side.overlay};
        for (std::size_t i = 0; i < std::size(panels); ++i) {
            context.throw_if_cancelled();
            const auto download = command::panel_download(
                command::kPanelLetters[i], to_printer_orientation(*panels[i]), encoding);
            channel_.command(download.text, context);
            ++(download.compressed ? report.compressed_panels : report.raw_panels);
            const int done = index * 5 + static_cast<int>(i) + 1;
            context.progress(drivers::ProgressStage::transferring,
                             {{"side", index == 0 ? "front" : "back"},
                              {"panel", std::string(1, command::kPanelLetters[i])},
                              {"compressed", download.compressed},
                              {"percent", done * 100 / (sides * 5)}});
        }
        channel_.command(command::kPrintSide, context);
    }

    Channel channel_;
    drivers::DeviceIdentity identity_;
};

const drivers::DriverRegistration registration{{
    .name = "evolis",
    .device_class = drivers::DeviceClass::card_printer,
    .summary = "Evolis-compatible card printers (escape-command protocol over USB)",
    .usb_ids = {{0xf1f0, 0x0022}},
    .reader_patterns = {},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        return std::make_unique<EvolisPrinter>(std::move(binding.usb));
    },
}};

} // namespace
} // namespace ktpel::evolis
