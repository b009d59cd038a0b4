// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "card_panels.hpp"
#include "device.hpp"

namespace ktpel::drivers {

// The printer's own view of itself, as its status and sensor queries
// report it.
struct PrinterStatus
{
    // True when a job can start now (a low ribbon still prints).
    bool ready = false;
    // "ready", "printing", "ribbon_low", "cover_open", "feeder_empty",
    // "ribbon_ended", "card_jam", "mechanical_error"; an unknown word is
    // passed on as the printer said it.
    std::string condition;
    bool ribbon_low = false;
    std::optional<int> ribbon_panels_left;
    std::optional<int> cards_in_hopper;
    std::string raw; // the printer's reply, verbatim, for technicians
};

// Where the card goes once its sides are printed.
enum class CardDestination
{
    eject,               // to the output hopper: the card is finished
    contact_station,     // held under the smart-card contacts so the chip can be personalised
    contactless_station, // held at the contactless coupler (the KTP-el's chip is contactless)
    reject,              // to the reject box (e.g. a test print)
};

// How panels travel to the printer. Compressed is the normal choice; raw
// is there for a technician who suspects a firmware's decompressor.
enum class PanelEncoding
{
    compressed_when_smaller,
    raw,
};

struct PrintJob
{
    CardSide front;
    std::optional<CardSide> back;
    CardDestination after = CardDestination::eject;
    PanelEncoding encoding = PanelEncoding::compressed_when_smaller;
    // Print the card already held at an encoding station (the issuance job
    // encodes the chip first) instead of feeding a blank.
    bool card_held = false;
};

// Where a job's card is when print_card returns or throws. Every blank that
// left the hopper and did not reach `delivered` or an encoding station is a
// spoiled card the register must count.
enum class CardFate
{
    not_fed,                // refused before a blank left the hopper
    delivered,              // ejected to the output hopper, printed
    at_contact_station,     // printed (or blank) and held under the contacts
    at_contactless_station, // printed (or blank) and held at the contactless coupler
    rejected,               // in the reject box
    stuck,                  // still inside the printer (jam, unplugged): a technician must clear it
};

constexpr const char* to_string(CardFate fate) noexcept
{
    switch (fate) {
    case CardFate::not_fed:
        return "not_fed";
    case CardFate::delivered:
        return "delivered";
    case CardFate::at_contact_station:
        return "at_contact_station";
    case CardFate::at_contactless_station:
        return "at_contactless_station";
    case CardFate::rejected:
        return "rejected";
    case CardFate::stuck:
        return "stuck";
    }
    return "unknown";
}

// What one print_card call did, filled in as the job goes so that a job
// that throws still tells where its card went and what it cost.
struct PrintReport
{
    CardFate fate = CardFate::not_fed;
    std::uint64_t bytes_sent = 0; // every byte written to the printer for this job
    int raw_panels = 0;
    int compressed_panels = 0;
    // When the job's last byte went to the printer (steady clock), for the
    // submission-to-last-byte figure.
    std::optional<std::chrono::steady_clock::time_point> last_byte_at;
};

// Failures a printer reports with DeviceFailure (kind hardware unless
// said otherwise), by reason:
//   cover_open, feeder_empty, ribbon_ended, card_jam, mechanical_error,
//   command_refused (kind protocol: the printer refused a command),
//   invalid_panel (kind invalid: the job's panels are not printable).
// A job that fails after a card was fed tries to send that card to the
// reject box before it throws, so no half-printed card reaches a citizen.
class CardPrinter : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::card_printer; }

    virtual PrinterStatus query_status(const OperationContext& context) = 0;

    // Feeds one card, prints its side(s) and sends it where job.after says.
    // `report` is updated as the job goes and is meaningful after a throw.
    virtual void print_card(const PrintJob& job, const OperationContext& context,
                            PrintReport& report) = 0;

    // Act on the card held in the printer (after a job that stopped at the
    // contact station). move_to_contact_station feeds a blank card when
    // none is held, for encode-only work.
    virtual void move_to_contact_station(const OperationContext& context) = 0;
    virtual void move_to_contactless_station(const OperationContext& context) = 0;
    virtual void eject(const OperationContext& context) = 0;
    virtual void reject(const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
