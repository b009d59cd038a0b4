// SPDX-License-Identifier: Apache-2.0
#include "ktpel_chip.hpp"

#include <algorithm>

#include "chip/ber_tlv.hpp"
#include "chip/data_group_content.hpp"
#include "chip/status_words.hpp"
#include "sim/card_sm/mutual_authentication.hpp"

namespace ktpel::sim::virtual_chip {
namespace {

namespace sw = chip::sw;
using chip::CommandApdu;

constexpr std::uint8_t kSelectByFileId = 0x00;
constexpr std::uint8_t kSelectChildEf = 0x02;
constexpr std::uint8_t kSelectByName = 0x04;
constexpr std::uint8_t kSelectNoResponse = 0x0C;
constexpr std::uint8_t kShortEfIdentifierBit = 0x80;

constexpr std::uint8_t kFcpTemplate = 0x62;
constexpr std::uint8_t kDirectoryDescriptor = 0x38;
constexpr std::uint8_t kTransparentEfDescriptor = 0x01;

std::uint16_t p1p2(const CommandApdu& command)
{
    return static_cast<std::uint16_t>((command.p1 << 8) | command.p2);
}

std::vector<std::uint8_t> two_bytes(std::size_t value)
{
    return {static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value & 0xFF)};
}

bool is_proprietary(std::uint8_t ins)
{
    return ins == chip::ins::lock || ins == chip::ins::activation;
}

} // namespace

KtpelChip::KtpelChip(ChipState state, Commit commit)
    : state_(std::move(state)), commit_(std::move(commit))
{
}

std::vector<std::uint8_t> KtpelChip::answer_to_reset()
{
    // TS direct convention, T0 with TD1 and five historical bytes, TD1 =
    // T=1, historical bytes "KTPEL", TCK (XOR of T0..last).
    std::vector<std::uint8_t> atr{0x3B, 0x85, 0x80, 0x01, 'K', 'T', 'P', 'E', 'L', 0x00};
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i + 1 < atr.size(); ++i)
        tck ^= atr[i];
    atr.back() = tck;
    return atr;
}

void KtpelChip::forget_volatile_state()
{
    directory_ = Directory::master_file;
    current_file_.reset();
    challenge_.reset();
    session_.reset();
}

std::vector<std::uint8_t> KtpelChip::transmit(std::span<const std::uint8_t> bytes)
{
    CommandApdu command;
    try {
        command = CommandApdu::parse(bytes);
    } catch (const chip::ApduFormatError&) {
        session_.reset();
        return chip::status_only(sw::wrong_length);
    }
    const std::uint8_t sm_bits = command.cla & chip::kSecureMessagingClaBits;
    const std::uint8_t cla_class = command.cla & ~chip::kSecureMessagingClaBits;
    if ((cla_class != chip::kInterindustryCla && cla_class != chip::kProprietaryCla) ||
        (sm_bits != 0 && sm_bits != chip::kSecureMessagingClaBits)) {
        session_.reset();
        return chip::status_only(sw::cla_not_supported);
    }

    if (sm_bits == 0) {
        // ICAO 9303: an unprotected command ends the secure session.
        session_.reset();
        const Reply reply = execute(command, false);
        return chip::ResponseApdu{reply.data, reply.sw}.encode();
    }
    if (!session_)
        return chip::status_only(sw::sm_objects_incorrect);
    CommandApdu plain;
    try {
        plain = session_->unprotect_command(command);
    } catch (const sm::SmError& error) {
        // A tampered, replayed or reordered command: the keys go, and the
        // refusal goes back unprotected (nothing left to protect it with).
        session_.reset();
        return chip::status_only(error.status_word());
    }
    const Reply reply = execute(plain, true);
    return session_->protect_response(reply.data, reply.sw);
}

KtpelChip::Reply KtpelChip::execute(const CommandApdu& command, bool secure)
{
    const bool proprietary_class = command.cla == chip::kProprietaryCla;
    if (proprietary_class != is_proprietary(command.ins))
        return {{}, sw::cla_not_supported};
    switch (command.ins) {
    case chip::ins::select:
        return select(command);
    case chip::ins::get_data:
        return get_data(command);
    case chip::ins::get_challenge:
        return secure ? Reply{{}, sw::conditions_not_satisfied} : get_challenge(command);
    case chip::ins::mutual_authenticate:
        return secure ? Reply{{}, sw::conditions_not_satisfied} : mutual_authenticate(command);
    case chip::ins::read_binary:
        return read_binary(command, secure);
    case chip::ins::update_binary:
        return update_binary(command, secure);
    case chip::ins::erase_binary:
        return erase_binary(command, secure);
    case chip::ins::lock:
        return lock(command, secure);
    case chip::ins::activation:
        return activation(command, secure);
    default:
        return {{}, sw::ins_not_supported};
    }
}

KtpelChip::Reply KtpelChip::select(const CommandApdu& command)
{
    if (command.p2 != kSelectNoResponse && command.p2 != 0x00 && command.p2 != 0x04)
        return {{}, sw::incorrect_p1_p2};
    const bool wants_fcp = command.p2 != kSelectNoResponse;
    const auto answer = [&]() -> Reply {
        return {wants_fcp ? file_control_parameters() : std::vector<std::uint8_t>{}, sw::ok};
    };

    if (command.p1 == kSelectByName) {
        if (!std::ranges::equal(command.data, chip::kChipApplicationAid))
            return {{}, sw::file_not_found};
        directory_ = Directory::application;
        current_file_.reset();
        return answer();
    }
    if (command.p1 != kSelectByFileId && command.p1 != kSelectChildEf)
        return {{}, sw::incorrect_p1_p2};
    if (command.p1 == kSelectByFileId &&
        (command.data.empty() ||
         std::ranges::equal(command.data, two_bytes(chip::kMasterFileId)))) {
        directory_ = Directory::master_file;
        current_file_.reset();
        return answer();
    }
    if (command.data.size() != 2)
        return {{}, sw::wrong_length};
    const auto file_id = static_cast<std::uint16_t>((command.data[0] << 8) | command.data[1]);
    if (directory_ != Directory::application ||
        (file_id != chip::kActivationFileId && !chip::data_group_with_file_id(file_id)))
        return {{}, sw::file_not_found};
    current_file_ = file_id;
    return answer();
}

std::vector<std::uint8_t> KtpelChip::file_control_parameters() const
{
    std::vector<std::uint8_t> body;
    const std::uint8_t lcs = static_cast<std::uint8_t>(state_.life_cycle);
    if (current_file_) {
        chip::append_tlv(body, 0x80, two_bytes(current_file_content().size()));
        chip::append_tlv(body, 0x82, std::vector<std::uint8_t>{kTransparentEfDescriptor});
        chip::append_tlv(body, 0x83, two_bytes(*current_file_));
    } else {
        chip::append_tlv(body, 0x82, std::vector<std::uint8_t>{kDirectoryDescriptor});
        if (directory_ == Directory::master_file)
            chip::append_tlv(body, 0x83, two_bytes(chip::kMasterFileId));
        else
            chip::append_tlv(body, 0x84, chip::kChipApplicationAid);
    }
    chip::append_tlv(body, 0x8A, std::span(&lcs, 1));
    return chip::encode_tlv(kFcpTemplate, body);
}

KtpelChip::Reply KtpelChip::get_data(const CommandApdu& command) const
{
    switch (p1p2(command)) {
    case chip::kUidDataTag:
        return {chip::encode_tlv(chip::kUidDataTag, state_.uid), sw::ok};
    case chip::kLifeCycleDataTag: {
        const std::uint8_t lcs = static_cast<std::uint8_t>(state_.life_cycle);
        return {chip::encode_tlv(chip::kLifeCycleDataTag, std::span(&lcs, 1)), sw::ok};
    }
    default:
        return {{}, sw::data_not_found};
    }
}

KtpelChip::Reply KtpelChip::get_challenge(const CommandApdu& command)
{
    if (p1p2(command) != 0)
        return {{}, sw::incorrect_p1_p2};
    if (command.le != chip::kChallengeSize)
        return {{}, sw::wrong_length};
    challenge_ = sm::random_bytes(chip::kChallengeSize);
    return {*challenge_, sw::ok};
}

KtpelChip::Reply KtpelChip::mutual_authenticate(const CommandApdu& command)
{
    if (p1p2(command) != 0)
        return {{}, sw::incorrect_p1_p2};
    if (command.data.size() != chip::kAuthCryptogramSize)
        return {{}, sw::wrong_length};
    if (directory_ != Directory::application || !challenge_)
        return {{}, sw::conditions_not_satisfied};
    // One challenge, one attempt: an old cryptogram never matches again.
    const auto challenge = std::move(*challenge_);
    challenge_.reset();
    auto answer = sm::answer_terminal(state_.card_key.view(), challenge, command.data);
    if (!answer)
        return {{}, sw::authentication_failed};
    session_.emplace(std::move(answer->session_keys));
    return {std::move(answer->cryptogram), sw::ok};
}

std::vector<std::uint8_t> KtpelChip::current_file_content() const
{
    if (*current_file_ == chip::kActivationFileId)
        return chip::encode_activation_record(state_.activation);
    return state_.files.at(*current_file_);
}

KtpelChip::Reply KtpelChip::read_binary(const CommandApdu& command, bool secure) const
{
    if (!secure)
        return {{}, sw::security_status_not_satisfied};
    if (!current_file_)
        return {{}, sw::no_current_ef};
    if (command.p1 & kShortEfIdentifierBit)
        return {{}, sw::function_not_supported};
    if (!command.le || !command.data.empty())
        return {{}, sw::wrong_length};
    const std::size_t offset = p1p2(command);
    const auto content = current_file_content();
    if (offset > content.size())
        return {{}, sw::wrong_offset};
    const std::size_t count = std::min(*command.le, content.size() - offset);
    std::vector<std::uint8_t> data(content.begin() + static_cast<std::ptrdiff_t>(offset),
                                   content.begin() + static_cast<std::ptrdiff_t>(offset + count));
    return {std::move(data), count < *command.le ? sw::end_of_file : sw::ok};
}

std::optional<std::uint16_t> KtpelChip::refuse_write(const CommandApdu& command, bool secure) const
{
    if (!secure)
        return sw::security_status_not_satisfied;
    if (!current_file_)
        return sw::no_current_ef;
    if (command.p1 & kShortEfIdentifierBit)
        return sw::function_not_supported;
    // Data groups are never writable once locked; the activation record
    // only ever through ACTIVATION.
    if (*current_file_ == chip::kActivationFileId || state_.life_cycle == chip::LifeCycle::locked)
        return sw::security_status_not_satisfied;
    if (p1p2(command) > state_.files.at(*current_file_).size())
        return sw::wrong_offset;
    return std::nullopt;
}

KtpelChip::Reply KtpelChip::update_binary(const CommandApdu& command, bool secure)
{
    if (const auto refusal = refuse_write(command, secure))
        return {{}, *refusal};
    if (command.data.empty() || command.le)
        return {{}, sw::wrong_length};
    const std::size_t offset = p1p2(command);
    const std::uint16_t file_id = *current_file_;
    if (offset + command.data.size() > chip::data_group_with_file_id(file_id)->capacity)
        return {{}, sw::not_enough_memory};
    return {{}, apply([&](ChipState& next) {
                auto& content = next.files.at(file_id);
                content.resize(std::max(content.size(), offset + command.data.size()));
                std::copy(command.data.begin(), command.data.end(),
                          content.begin() + static_cast<std::ptrdiff_t>(offset));
                if (next.life_cycle == chip::LifeCycle::blank)
                    next.life_cycle = chip::LifeCycle::personalising;
            })};
}

KtpelChip::Reply KtpelChip::erase_binary(const CommandApdu& command, bool secure)
{
    if (const auto refusal = refuse_write(command, secure))
        return {{}, *refusal};
    if (!command.data.empty() || command.le)
        return {{}, sw::wrong_length};
    const std::size_t offset = p1p2(command);
    const std::uint16_t file_id = *current_file_;
    return {{}, apply([&](ChipState& next) {
                next.files.at(file_id).resize(offset);
                if (next.life_cycle == chip::LifeCycle::blank)
                    next.life_cycle = chip::LifeCycle::personalising;
            })};
}

KtpelChip::Reply KtpelChip::lock(const CommandApdu& command, bool secure)
{
    if (!secure)
        return {{}, sw::security_status_not_satisfied};
    if (p1p2(command) != 0)
        return {{}, sw::incorrect_p1_p2};
    if (!command.data.empty() || command.le)
        return {{}, sw::wrong_length};
    if (state_.life_cycle != chip::LifeCycle::personalising)
        return {{}, sw::conditions_not_satisfied};
    // A card cannot be locked half-written: every group must hold exactly
    // one complete TLV of its own tag.
    for (const auto& layout : chip::kDataGroups)
        if (!chip::data_group_value(layout.group, state_.files.at(layout.file_id)))
            return {{}, sw::conditions_not_satisfied};
    return {{}, apply([](ChipState& next) { next.life_cycle = chip::LifeCycle::locked; })};
}

KtpelChip::Reply KtpelChip::activation(const CommandApdu& command, bool secure)
{
    using Status = chip::ActivationRecord::Status;
    if (!secure)
        return {{}, sw::security_status_not_satisfied};
    if (command.p2 != 0 ||
        (command.p1 != chip::kActivationSucceeded && command.p1 != chip::kActivationFailedAttempt))
        return {{}, sw::incorrect_p1_p2};
    if (state_.life_cycle != chip::LifeCycle::locked)
        return {{}, sw::conditions_not_satisfied};
    if (state_.activation.status == Status::blocked)
        return {{}, sw::authentication_blocked};
    if (state_.activation.status == Status::activated)
        return {{}, sw::conditions_not_satisfied};

    if (command.p1 == chip::kActivationSucceeded) {
        const std::string date(command.data.begin(), command.data.end());
        if (!chip::is_activation_date(date))
            return {{}, sw::wrong_data};
        return {{}, apply([&](ChipState& next) {
                    next.activation.status = Status::activated;
                    next.activation.date = date;
                })};
    }
    if (!command.data.empty())
        return {{}, sw::wrong_length};
    const unsigned failed = state_.activation.failed_attempts + 1;
    const unsigned limit = state_.activation.attempt_limit;
    const std::uint16_t committed = apply([&](ChipState& next) {
        next.activation.failed_attempts = failed;
        if (failed >= limit)
            next.activation.status = Status::blocked;
    });
    if (committed != sw::ok)
        return {{}, committed};
    return {{}, sw::tries_left(failed >= limit ? 0 : limit - failed)};
}

std::uint16_t KtpelChip::apply(const std::function<void(ChipState&)>& change)
{
    ChipState next = state_;
    change(next);
    try {
        if (commit_)
            commit_(next);
    } catch (const std::exception& error) {
        // A real chip's EEPROM write failing: the card says 6581 and keeps
        // its old state; the reason stays visible to the emulator.
        last_commit_error_ = error.what();
        return sw::memory_failure;
    }
    last_commit_error_.reset();
    state_ = std::move(next);
    return sw::ok;
}

} // namespace ktpel::sim::virtual_chip
