// SPDX-License-Identifier: Apache-2.0
#include "sam_client.hpp"

#include <algorithm>

#include "ber_tlv.hpp"
#include "chip_error.hpp"
#include "common/hex_bytes.hpp"
#include "common/secure_wipe.hpp"
#include "status_words.hpp"

namespace ktpel::chip {
namespace {

std::string status_text(std::uint16_t status)
{
    const std::uint8_t bytes[] = {static_cast<std::uint8_t>(status >> 8),
                                  static_cast<std::uint8_t>(status & 0xFF)};
    return to_hex(bytes);
}

CommandApdu sam_command(std::uint8_t ins, std::vector<std::uint8_t> data)
{
    return {kProprietaryCla, ins, 0x00, 0x00, std::move(data), kMaxShortLe};
}

} // namespace

void SamClient::open(std::stop_token stop)
{
    close();
    try {
        reader_.connect(stop);
    } catch (const smartcard::ReaderError& error) {
        if (error.kind() == smartcard::ReaderError::Kind::cancelled)
            throw ChipError(ChipError::Kind::cancelled, error.what());
        throw ChipError(ChipError::Kind::sam_unavailable,
                        "the SAM reader " + reader_.name() + ": " + error.what());
    }
    connected_ = true;
    const CommandApdu select{kInterindustryCla,
                             ins::select,
                             0x04,
                             0x0C,
                             {kSamApplicationAid.begin(), kSamApplicationAid.end()},
                             std::nullopt};
    const auto reply = exchange(select);
    if (reply.sw != sw::ok)
        throw ChipError(ChipError::Kind::sam_unavailable,
                        "the card in " + reader_.name() + " is not a KTP-el SAM", reply.sw);
}

void SamClient::close() noexcept
{
    if (!connected_)
        return;
    connected_ = false;
    try {
        reader_.disconnect();
    } catch (const smartcard::ReaderError&) {
        // Already gone: nothing left to release.
    }
}

ResponseApdu SamClient::exchange(const CommandApdu& command)
{
    if (!connected_)
        throw ChipError(ChipError::Kind::sam_unavailable, "the SAM is not connected");
    try {
        return ResponseApdu::parse(reader_.transmit(command.encode()));
    } catch (const smartcard::ReaderError& error) {
        connected_ = false;
        throw ChipError(ChipError::Kind::sam_unavailable,
                        "the SAM reader " + reader_.name() + ": " + error.what());
    } catch (const ApduFormatError& error) {
        throw ChipError(ChipError::Kind::sam_unavailable,
                        std::string("the SAM answered nonsense: ") + error.what());
    }
}

std::array<std::uint8_t, kKeyCheckValueSize> SamClient::key_check_value()
{
    CommandApdu get_data{
        kProprietaryCla, ins::get_data, 0x00, static_cast<std::uint8_t>(kKeyCheckValueDataTag), {},
        kMaxShortLe};
    const auto reply = exchange(get_data);
    std::array<std::uint8_t, kKeyCheckValueSize> kcv{};
    try {
        const Tlv item = parse_single_tlv(reply.data);
        if (reply.sw != sw::ok || item.tag != kKeyCheckValueDataTag ||
            item.value.size() != kcv.size())
            throw TlvFormatError("not a key check value");
        std::copy(item.value.begin(), item.value.end(), kcv.begin());
    } catch (const TlvFormatError&) {
        throw ChipError(ChipError::Kind::sam_unavailable, "the SAM gave no key check value",
                        reply.sw);
    }
    return kcv;
}

std::vector<std::uint8_t>
SamClient::begin_authentication(const CardUid& uid, std::span<const std::uint8_t> chip_challenge)
{
    std::vector<std::uint8_t> data(uid.begin(), uid.end());
    data.insert(data.end(), chip_challenge.begin(), chip_challenge.end());
    const auto reply = exchange(sam_command(sam_ins::auth_begin, std::move(data)));
    if (reply.sw != sw::ok || reply.data.size() != kAuthCryptogramSize)
        throw ChipError(ChipError::Kind::sam_unavailable,
                        "the SAM refused AUTH BEGIN (" + status_text(reply.sw) + ")", reply.sw);
    return reply.data;
}

void SamClient::finish_authentication(std::span<const std::uint8_t> chip_answer)
{
    CommandApdu finish =
        sam_command(sam_ins::auth_finish, {chip_answer.begin(), chip_answer.end()});
    finish.le.reset();
    const auto reply = exchange(finish);
    if (reply.sw == sw::authentication_failed)
        throw ChipError(ChipError::Kind::authentication_failed,
                        "the SAM rejected the chip's authentication answer: the card does not "
                        "hold a key of this issuer",
                        reply.sw);
    if (reply.sw != sw::ok)
        throw ChipError(ChipError::Kind::sam_unavailable,
                        "the SAM refused AUTH FINISH (" + status_text(reply.sw) + ")", reply.sw);
}

std::vector<std::uint8_t> SamClient::wrap(const CommandApdu& plain)
{
    auto encoded = plain.encode();
    const auto reply = exchange(sam_command(sam_ins::wrap, encoded));
    secure_clear(encoded);
    if (reply.sw == sw::security_status_not_satisfied)
        throw ChipError(ChipError::Kind::secure_messaging, "the SAM has no secure session",
                        reply.sw);
    if (reply.sw != sw::ok)
        throw ChipError(ChipError::Kind::card_error,
                        "the SAM refused to protect the command (" + status_text(reply.sw) + ")",
                        reply.sw);
    return reply.data;
}

ResponseApdu SamClient::unwrap(std::span<const std::uint8_t> protected_response)
{
    auto reply = exchange(
        sam_command(sam_ins::unwrap, {protected_response.begin(), protected_response.end()}));
    if (reply.sw == sw::sm_objects_incorrect || reply.sw == sw::sm_objects_missing)
        throw ChipError(ChipError::Kind::secure_messaging,
                        "the SAM rejected the chip's answer: tampered with, replayed or out of "
                        "sequence",
                        reply.sw);
    if (reply.sw == sw::security_status_not_satisfied)
        throw ChipError(ChipError::Kind::secure_messaging, "the SAM has no secure session",
                        reply.sw);
    if (reply.sw != sw::ok)
        throw ChipError(ChipError::Kind::card_error,
                        "the SAM refused UNWRAP (" + status_text(reply.sw) + ")", reply.sw);
    try {
        return ResponseApdu::parse(reply.data);
    } catch (const ApduFormatError&) {
        throw ChipError(ChipError::Kind::sam_unavailable, "the SAM's UNWRAP answer has no status");
    }
}

} // namespace ktpel::chip
