// SPDX-License-Identifier: Apache-2.0
// The card printer's encoding station: a reader holding the KTP-el card
// and, beside it, the issuer's SAM. The class speaks in chip terms (the
// data groups, the activation record) because that is what the station
// encodes; the protocol behind them is the driver's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chip/ktpel_chip_session.hpp"
#include "device.hpp"

namespace ktpel::drivers {

struct CardPresence
{
    bool present = false;
    std::vector<std::uint8_t> atr; // answer to reset, when present
};

// What activation needs from a locked card.
struct EnrolledCard
{
    chip::ChipInfo info;
    std::string nik;
    std::vector<std::uint8_t> right_index_template; // ISO/IEC 19794-2 record
    std::vector<std::uint8_t> left_index_template;
    chip::ActivationRecord activation;
};

// Failures, as DeviceFailure reasons (docs/chip.md has the whole list):
//   kind card:         not_ktpel, wrong_sam, authentication_failed,
//                      secure_messaging, locked, not_locked, incomplete,
//                      already_activated, activation_blocked,
//                      verify_failed, card_error, data_too_large
//   kind no_subject:   no_card (nothing arrived before the deadline)
//   kind hardware:     card_removed, sam_unavailable, reader_io
//   kind disconnected: unplugged
// Chip work reports ProgressStage::transferring with {what, group,
// done_bytes, total_bytes, percent}.
class CardEncoder : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::card_encoder; }

    virtual CardPresence detect_card(const OperationContext& context) = 0;

    // Before a blank card is spent on a job: the SAM is in its reader and
    // answers, and, when the configuration names the issuer key's check
    // value, holds that key (kind card, wrong_sam, otherwise). Returns the
    // SAM's key check value (hex).
    virtual std::string check_sam(const OperationContext& context) = 0;

    // Waits (until the context's deadline) for a card in the station, then
    // reads its UID and life-cycle state; no SAM needed.
    virtual chip::ChipInfo wait_for_chip(const OperationContext& context) = 0;

    // Writes every data group, reads each back and compares, then locks the
    // card. Returns the card as it is afterwards.
    virtual chip::ChipInfo personalise(const chip::ChipContents& contents,
                                       const OperationContext& context) = 0;

    // Reads what activation compares against.
    virtual EnrolledCard read_enrolled(const OperationContext& context) = 0;

    // Records the activation's outcome on the chip: `date` ("YYYYMMDD")
    // when the holder's finger matched, nullopt for a failed attempt (the
    // chip counts it and blocks at its limit).
    virtual chip::ActivationRecord record_activation(const std::optional<std::string>& date,
                                                     const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
