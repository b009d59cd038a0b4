// SPDX-License-Identifier: Apache-2.0
#include "sam_applet.hpp"

#include <algorithm>

#include "chip/ber_tlv.hpp"
#include "chip/chip_layout.hpp"
#include "chip/status_words.hpp"

namespace ktpel::sim::virtual_sam {
namespace {

namespace sw = chip::sw;
using chip::CommandApdu;

constexpr std::uint8_t kSelectByName = 0x04;

// The instructions WRAP protects: the KTP-el chip's data-group and
// life-cycle commands. Anything else (GET CHALLENGE, MUTUAL AUTHENTICATE,
// commands for another application) is refused, so the SAM's keys serve
// exactly the chip protocol.
bool wrappable(const CommandApdu& plain)
{
    if (plain.cla == chip::kProprietaryCla)
        return plain.ins == chip::ins::lock || plain.ins == chip::ins::activation;
    if (plain.cla != chip::kInterindustryCla)
        return false;
    switch (plain.ins) {
    case chip::ins::select:
    case chip::ins::read_binary:
    case chip::ins::update_binary:
    case chip::ins::erase_binary:
    case chip::ins::get_data:
        return true;
    default:
        return false;
    }
}

std::uint16_t p1p2(const CommandApdu& command)
{
    return static_cast<std::uint16_t>((command.p1 << 8) | command.p2);
}

} // namespace

SamApplet::SamApplet(sm::SecretBytes issuer_key) : issuer_key_(std::move(issuer_key))
{
    if (issuer_key_.size() != sm::kAesKeySize)
        throw sm::CryptoError("the SAM's issuer key is an AES-128 key");
}

std::vector<std::uint8_t> SamApplet::answer_to_reset()
{
    std::vector<std::uint8_t> atr{0x3B, 0x88, 0x80, 0x01, 'K', 'T', 'P',
                                  'E',  'L',  'S',  'A',  'M', 0x00};
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i + 1 < atr.size(); ++i)
        tck ^= atr[i];
    atr.back() = tck;
    return atr;
}

void SamApplet::forget_volatile_state()
{
    selected_ = false;
    authentication_.reset();
    session_.reset();
}

std::vector<std::uint8_t> SamApplet::transmit(std::span<const std::uint8_t> bytes)
{
    CommandApdu command;
    try {
        command = CommandApdu::parse(bytes);
    } catch (const chip::ApduFormatError&) {
        return chip::status_only(sw::wrong_length);
    }
    const Reply reply = execute(command);
    return chip::ResponseApdu{reply.data, reply.sw}.encode();
}

SamApplet::Reply SamApplet::execute(const CommandApdu& command)
{
    if (command.cla == chip::kInterindustryCla && command.ins == chip::ins::select) {
        if (command.p1 != kSelectByName)
            return {{}, sw::incorrect_p1_p2};
        forget_volatile_state();
        selected_ = std::ranges::equal(command.data, chip::kSamApplicationAid);
        return {{}, selected_ ? sw::ok : sw::file_not_found};
    }
    if (command.cla != chip::kProprietaryCla)
        return {{}, sw::cla_not_supported};
    if (!selected_)
        return {{}, sw::conditions_not_satisfied};
    switch (command.ins) {
    case chip::ins::get_data: {
        if (p1p2(command) != chip::kKeyCheckValueDataTag)
            return {{}, sw::data_not_found};
        const auto kcv = sm::key_check_value(issuer_key_.view());
        return {chip::encode_tlv(chip::kKeyCheckValueDataTag, kcv), sw::ok};
    }
    case chip::sam_ins::auth_begin:
        return auth_begin(command);
    case chip::sam_ins::auth_finish:
        return auth_finish(command);
    case chip::sam_ins::wrap:
        return wrap(command);
    case chip::sam_ins::unwrap:
        return unwrap(command);
    default:
        return {{}, sw::ins_not_supported};
    }
}

SamApplet::Reply SamApplet::auth_begin(const CommandApdu& command)
{
    if (p1p2(command) != 0)
        return {{}, sw::incorrect_p1_p2};
    const std::size_t uid_size = chip::CardUid{}.size();
    if (command.data.size() != uid_size + chip::kChallengeSize)
        return {{}, sw::wrong_length};
    // A new authentication ends whatever session came before.
    session_.reset();
    chip::CardUid uid;
    std::copy_n(command.data.begin(), uid_size, uid.begin());
    const sm::SecretBytes card_key = sm::diversify_card_key(issuer_key_.view(), uid);
    authentication_.emplace(card_key.view(), std::span(command.data).subspan(uid_size));
    return {authentication_->cryptogram(), sw::ok};
}

SamApplet::Reply SamApplet::auth_finish(const CommandApdu& command)
{
    if (p1p2(command) != 0)
        return {{}, sw::incorrect_p1_p2};
    if (command.data.size() != chip::kAuthCryptogramSize)
        return {{}, sw::wrong_length};
    if (!authentication_)
        return {{}, sw::conditions_not_satisfied};
    auto keys = authentication_->verify_chip_answer(command.data);
    authentication_.reset();
    if (!keys)
        return {{}, sw::authentication_failed};
    session_.emplace(std::move(*keys));
    return {{}, sw::ok};
}

SamApplet::Reply SamApplet::wrap(const CommandApdu& command)
{
    if (p1p2(command) != 0)
        return {{}, sw::incorrect_p1_p2};
    if (!session_)
        return {{}, sw::security_status_not_satisfied};
    CommandApdu plain;
    try {
        plain = CommandApdu::parse(command.data);
    } catch (const chip::ApduFormatError&) {
        return {{}, sw::wrong_data};
    }
    if (!wrappable(plain))
        return {{}, sw::function_not_supported};
    // WRAP answers with the protected APDU: it must fit a short Le (256).
    if (sm::SecureMessaging::protected_command_size(plain) > chip::kMaxShortLe)
        return {{}, sw::wrong_length};
    try {
        return {session_->protect_command(plain), sw::ok};
    } catch (const sm::SmError& error) {
        return {{}, error.status_word()};
    }
}

SamApplet::Reply SamApplet::unwrap(const CommandApdu& command)
{
    if (p1p2(command) != 0)
        return {{}, sw::incorrect_p1_p2};
    if (!session_)
        return {{}, sw::security_status_not_satisfied};
    try {
        return {session_->unprotect_response(command.data).encode(), sw::ok};
    } catch (const sm::SmError& error) {
        // Tampered, replayed or out of order: the session is over.
        session_.reset();
        return {{}, error.status_word()};
    }
}

} // namespace ktpel::sim::virtual_sam
