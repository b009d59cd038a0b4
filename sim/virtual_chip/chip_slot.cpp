// SPDX-License-Identifier: Apache-2.0
#include "chip_slot.hpp"

#include <thread>

#include "chip/data_group_content.hpp"
#include "common/hex_bytes.hpp"

namespace ktpel::sim::virtual_chip {
namespace {

bool is_write_instruction(std::span<const std::uint8_t> command)
{
    if (command.size() < 2)
        return false;
    switch (command[1]) {
    case chip::ins::update_binary:
    case chip::ins::erase_binary:
    case chip::ins::lock:
    case chip::ins::activation:
        return true;
    default:
        return false;
    }
}

} // namespace

ChipSlot::ChipSlot(CardStore& store, sm::SecretBytes issuer_key)
    : store_(store), issuer_key_(std::move(issuer_key))
{
}

chip::CardUid ChipSlot::insert_blank()
{
    ChipState state = manufacture_blank_card(issuer_key_.view());
    while (store_.contains(state.uid)) // 2^-64 per card, but never overwrite one
        state = manufacture_blank_card(issuer_key_.view());
    store_.save(state);
    const chip::CardUid uid = state.uid;
    std::lock_guard lock(mutex_);
    insert_locked(std::move(state));
    return uid;
}

void ChipSlot::insert(const chip::CardUid& uid)
{
    ChipState state = store_.load(uid);
    std::lock_guard lock(mutex_);
    insert_locked(std::move(state));
}

void ChipSlot::insert_locked(ChipState state)
{
    remove_locked();
    card_ = std::make_unique<KtpelChip>(std::move(state),
                                        [this](const ChipState& next) { store_.save(next); });
    ++generation_;
    changed_.notify_all();
}

void ChipSlot::remove()
{
    std::lock_guard lock(mutex_);
    remove_locked();
}

void ChipSlot::remove_locked()
{
    writes_before_pull_.reset();
    if (!card_)
        return;
    card_.reset();
    ++generation_;
    changed_.notify_all();
}

void ChipSlot::pull_after_writes(unsigned count)
{
    if (count == 0)
        throw std::invalid_argument("pull-after-writes needs a count of at least 1");
    std::lock_guard lock(mutex_);
    if (!card_)
        throw NoCardError("no card in the slot");
    writes_before_pull_ = count;
}

nlohmann::json ChipSlot::status() const
{
    std::lock_guard lock(mutex_);
    nlohmann::json status{{"present", card_ != nullptr}};
    if (!card_)
        return status;
    const ChipState& state = card_->state();
    nlohmann::json groups = nlohmann::json::object();
    for (const auto& layout : chip::kDataGroups) {
        const auto& content = state.files.at(layout.file_id);
        groups[std::string(layout.name)] = {
            {"bytes", content.size()},
            {"complete", chip::data_group_value(layout.group, content).has_value()},
        };
    }
    nlohmann::json activation{
        {"status", chip::name_of(state.activation.status)},
        {"failed_attempts", state.activation.failed_attempts},
        {"attempt_limit", state.activation.attempt_limit},
    };
    if (!state.activation.date.empty())
        activation["date"] = state.activation.date;
    status["uid"] = ktpel::to_hex(state.uid);
    status["life_cycle"] = chip::name_of(state.life_cycle);
    status["data_groups"] = groups;
    status["activation"] = activation;
    status["secure_session"] = card_->in_secure_session();
    if (const auto& error = card_->last_commit_error())
        status["commit_error"] = *error;
    status["pull_after_writes"] =
        writes_before_pull_ ? nlohmann::json(*writes_before_pull_) : nlohmann::json(nullptr);
    return status;
}

bool ChipSlot::present() const
{
    std::lock_guard lock(mutex_);
    return card_ != nullptr;
}

std::uint64_t ChipSlot::generation() const
{
    std::lock_guard lock(mutex_);
    return generation_;
}

std::uint64_t ChipSlot::wait_for_change(std::uint64_t seen, std::stop_token stop) const
{
    std::unique_lock lock(mutex_);
    changed_.wait(lock, stop, [&] { return generation_ != seen; });
    return generation_;
}

KtpelChip& ChipSlot::card_locked() const
{
    if (!card_)
        throw NoCardError("no card in the slot");
    return *card_;
}

std::vector<std::uint8_t> ChipSlot::atr() const
{
    std::lock_guard lock(mutex_);
    card_locked();
    return KtpelChip::answer_to_reset();
}

void ChipSlot::power_on()
{
    std::lock_guard lock(mutex_);
    card_locked().power_on();
}

void ChipSlot::power_off()
{
    std::lock_guard lock(mutex_);
    card_locked().power_off();
}

void ChipSlot::reset()
{
    std::lock_guard lock(mutex_);
    card_locked().reset();
}

void ChipSlot::set_exchange_delay(std::chrono::milliseconds delay)
{
    exchange_delay_ = delay;
}

std::optional<std::vector<std::uint8_t>> ChipSlot::transmit(std::span<const std::uint8_t> command)
{
    // Outside the lock: the control side stays free meanwhile.
    if (const auto delay = exchange_delay_.load(); delay.count() > 0)
        std::this_thread::sleep_for(delay);
    std::lock_guard lock(mutex_);
    auto answer = card_locked().transmit(command);
    if (writes_before_pull_ && is_write_instruction(command) && --*writes_before_pull_ == 0) {
        remove_locked();
        return std::nullopt;
    }
    return answer;
}

} // namespace ktpel::sim::virtual_chip
