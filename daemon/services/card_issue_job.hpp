// SPDX-License-Identifier: Apache-2.0
// card.issue's work across two devices (SOP step 5): the printer feeds a
// blank to its contactless station, the encoder writes the chip from the
// material, reads every group back and locks it, then the printer prints
// the card body on that same card and ejects it. Any failure sends the
// card to the reject box; a retry is a new job with a new blank. Runs on
// the printer's worker while the encoder is claimed too.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "../devices/device_manager.hpp"
#include "card_issue_material.hpp"
#include "drivers/classes/card_encoder.hpp"
#include "drivers/classes/card_printer.hpp"

namespace ktpel::card {
class CardRenderer;
}

namespace ktpel::daemon {

// The limit is for a station that stopped answering, not for a slow card:
// the virtual chip and SAM write a whole card in well under a second (also
// through pcscd and vpcd), a real coupler and SAM take seconds.
inline constexpr std::chrono::minutes kCardIssueDeadline{4};

// Where the job's card is, filled on the worker and read on the loop once
// the job ended (for the register row and the error's details).
struct IssueReport
{
    drivers::PrintReport print;
    std::string chip_uid;
    std::string stage = "feeding";
};

// Issues one card. A failure of the encoder is thrown as CompanionFailure
// naming `encoder_id`; the printer's as its DeviceFailure; a field the
// layout refuses as DomainError before a blank moves.
OperationOutcome issue_card(drivers::CardPrinter& printer, drivers::CardEncoder& encoder,
                            const std::string& encoder_id, const IssueMaterial& material,
                            const card::CardRenderer& renderer,
                            const drivers::OperationContext& context, IssueReport& report);

} // namespace ktpel::daemon
