// SPDX-License-Identifier: Apache-2.0
// Everything a virtual KTP-el chip keeps in its (emulated) EEPROM: UID,
// diversified card key, life-cycle state, the data-group files and the
// activation record. Volatile state (selection, challenge, SM session)
// lives in KtpelChip and dies with a reset.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "chip/activation_record.hpp"
#include "chip/chip_layout.hpp"
#include "sim/card_sm/secret_bytes.hpp"

namespace ktpel::sim::virtual_chip {

class ChipStateError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct ChipState
{
    chip::CardUid uid{};
    sm::SecretBytes card_key; // diversified from the issuer key and the UID
    chip::LifeCycle life_cycle = chip::LifeCycle::blank;
    std::map<std::uint16_t, std::vector<std::uint8_t>> files; // by file id, one per data group
    chip::ActivationRecord activation;
};

// A card fresh from the factory: random UID, the card key diversified from
// `issuer_key`, empty data groups. The factory is the only place that ever
// sees the issuer key; the card keeps only its own key.
ChipState manufacture_blank_card(std::span<const std::uint8_t> issuer_key);
ChipState manufacture_blank_card(std::span<const std::uint8_t> issuer_key,
                                 const chip::CardUid& uid);

// The state file's JSON (docs/chip.md, "State directory"). from_json
// throws ChipStateError for anything inconsistent.
nlohmann::json chip_state_to_json(const ChipState& state);
ChipState chip_state_from_json(const nlohmann::json& json);

} // namespace ktpel::sim::virtual_chip
