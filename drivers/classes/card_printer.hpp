// SPDX-License-Identifier: Apache-2.0
#pragma once

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
    eject,           // to the output hopper: the card is finished
    contact_station, // held under the smart-card contacts so the chip can be personalised
    reject,          // to the reject box (e.g. a test print)
};

struct PrintJob
{
    CardSide front;
    std::optional<CardSide> back;
    CardDestination after = CardDestination::eject;
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
    virtual void print_card(const PrintJob& job, const OperationContext& context) = 0;

    // Act on the card held in the printer (after a job that stopped at the
    // contact station). move_to_contact_station feeds a blank card when
    // none is held, for encode-only work.
    virtual void move_to_contact_station(const OperationContext& context) = 0;
    virtual void eject(const OperationContext& context) = 0;
    virtual void reject(const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
