// SPDX-License-Identifier: Apache-2.0
#include "chip_state.hpp"

#include <string>

#include "common/hex_bytes.hpp"
#include "common/secure_wipe.hpp"
#include "sim/card_sm/aes_primitives.hpp"
#include "sim/card_sm/key_derivation.hpp"

namespace ktpel::sim::virtual_chip {
namespace {

constexpr int kFormatVersion = 1;

chip::LifeCycle life_cycle_named(const std::string& name)
{
    for (const auto state :
         {chip::LifeCycle::blank, chip::LifeCycle::personalising, chip::LifeCycle::locked})
        if (chip::name_of(state) == name)
            return state;
    throw ChipStateError("unknown life-cycle state \"" + name + "\"");
}

chip::ActivationRecord::Status activation_status_named(const std::string& name)
{
    using Status = chip::ActivationRecord::Status;
    for (const auto status : {Status::not_activated, Status::activated, Status::blocked})
        if (chip::name_of(status) == name)
            return status;
    throw ChipStateError("unknown activation status \"" + name + "\"");
}

std::vector<std::uint8_t> hex_field(const nlohmann::json& json, const char* key)
{
    auto bytes = ktpel::from_hex(json.at(key).get<std::string>());
    if (!bytes)
        throw ChipStateError(std::string(key) + " is not hex");
    return *bytes;
}

} // namespace

ChipState manufacture_blank_card(std::span<const std::uint8_t> issuer_key)
{
    chip::CardUid uid;
    sm::random_bytes(uid);
    return manufacture_blank_card(issuer_key, uid);
}

ChipState manufacture_blank_card(std::span<const std::uint8_t> issuer_key, const chip::CardUid& uid)
{
    ChipState state;
    state.uid = uid;
    state.card_key = sm::diversify_card_key(issuer_key, uid);
    for (const auto& layout : chip::kDataGroups)
        state.files[layout.file_id] = {};
    return state;
}

nlohmann::json chip_state_to_json(const ChipState& state)
{
    nlohmann::json files = nlohmann::json::object();
    for (const auto& layout : chip::kDataGroups) {
        const auto it = state.files.find(layout.file_id);
        files[std::string(layout.name)] =
            ktpel::to_hex(it == state.files.end() ? std::span<const std::uint8_t>{} : it->second);
    }
    nlohmann::json activation{
        {"status", chip::name_of(state.activation.status)},
        {"failed_attempts", state.activation.failed_attempts},
        {"attempt_limit", state.activation.attempt_limit},
    };
    if (!state.activation.date.empty())
        activation["date"] = state.activation.date;
    return {
        {"format", kFormatVersion},
        {"uid", ktpel::to_hex(state.uid)},
        // The card's own key, as a real chip keeps it in protected EEPROM.
        {"card_key", ktpel::to_hex(state.card_key.view())},
        {"life_cycle", chip::name_of(state.life_cycle)},
        {"files", files},
        {"activation", activation},
    };
}

ChipState chip_state_from_json(const nlohmann::json& json)
{
    try {
        if (json.at("format").get<int>() != kFormatVersion)
            throw ChipStateError("unsupported state format");
        ChipState state;
        const auto uid = chip::parse_card_uid(json.at("uid").get<std::string>());
        if (!uid)
            throw ChipStateError("uid is not 16 hex digits");
        state.uid = *uid;
        auto key = hex_field(json, "card_key");
        if (key.size() != sm::kAesKeySize)
            throw ChipStateError("card_key is not an AES-128 key");
        state.card_key = sm::SecretBytes(key);
        ktpel::secure_clear(key);
        state.life_cycle = life_cycle_named(json.at("life_cycle").get<std::string>());
        const auto& files = json.at("files");
        for (const auto& layout : chip::kDataGroups) {
            auto content = hex_field(files, std::string(layout.name).c_str());
            if (content.size() > layout.capacity)
                throw ChipStateError(std::string(layout.name) + " exceeds its capacity");
            state.files[layout.file_id] = std::move(content);
        }
        const auto& activation = json.at("activation");
        state.activation.status =
            activation_status_named(activation.at("status").get<std::string>());
        state.activation.failed_attempts = activation.at("failed_attempts").get<unsigned>();
        state.activation.attempt_limit = activation.at("attempt_limit").get<unsigned>();
        state.activation.date = activation.value("date", std::string{});
        return state;
    } catch (const nlohmann::json::exception& error) {
        throw ChipStateError(std::string("malformed chip state: ") + error.what());
    }
}

} // namespace ktpel::sim::virtual_chip
