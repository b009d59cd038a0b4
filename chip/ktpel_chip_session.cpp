// SPDX-License-Identifier: Apache-2.0
#include "ktpel_chip_session.hpp"

#include <algorithm>

#include "ber_tlv.hpp"
#include "common/hex_bytes.hpp"
#include "common/secure_wipe.hpp"
#include "data_group_content.hpp"
#include "status_words.hpp"

namespace ktpel::chip {
namespace {

using Kind = ChipError::Kind;
using ReaderKind = smartcard::ReaderError::Kind;

constexpr std::uint8_t kSelectByName = 0x04;
constexpr std::uint8_t kSelectChildEf = 0x02;
constexpr std::uint8_t kSelectNoResponse = 0x0C;
constexpr std::uint8_t kSelectFcp = 0x04;

std::string status_text(std::uint16_t status)
{
    const std::uint8_t bytes[] = {static_cast<std::uint8_t>(status >> 8),
                                  static_cast<std::uint8_t>(status & 0xFF)};
    return to_hex(bytes);
}

[[noreturn]] void unexpected(const std::string& command, std::uint16_t status)
{
    throw ChipError(Kind::card_error,
                    "the chip answered " + command + " with " + status_text(status), status);
}

Kind kind_of(ReaderKind kind)
{
    switch (kind) {
    case ReaderKind::no_card:
        return Kind::no_card;
    case ReaderKind::card_removed:
        return Kind::card_removed;
    case ReaderKind::reader_gone:
        return Kind::reader_gone;
    case ReaderKind::cancelled:
        return Kind::cancelled;
    case ReaderKind::io:
        break;
    }
    return Kind::io;
}

CommandApdu plain(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
                  std::vector<std::uint8_t> data = {}, std::optional<std::size_t> le = std::nullopt)
{
    return {kInterindustryCla, ins, p1, p2, std::move(data), le};
}

std::vector<std::uint8_t> two_bytes(std::size_t value)
{
    return {static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value & 0xFF)};
}

CommandApdu get_data(std::uint16_t tag)
{
    return plain(ins::get_data, static_cast<std::uint8_t>(tag >> 8),
                 static_cast<std::uint8_t>(tag & 0xFF), {}, kMaxShortLe);
}

std::span<const std::uint8_t> data_object(const ResponseApdu& reply, std::uint16_t tag,
                                          std::size_t size, const char* what)
{
    try {
        const Tlv item = parse_single_tlv(reply.data);
        if (reply.sw == sw::ok && item.tag == tag && item.value.size() == size)
            return item.value;
    } catch (const TlvFormatError&) {
    }
    throw ChipError(Kind::not_ktpel, std::string("the card gave no valid ") + what, reply.sw);
}

LifeCycle life_cycle_from(const ResponseApdu& reply)
{
    const auto value = data_object(reply, kLifeCycleDataTag, 1, "life-cycle state");
    if (!is_life_cycle_byte(value[0]))
        throw ChipError(Kind::not_ktpel, "unknown life-cycle state " + to_hex(value));
    return static_cast<LifeCycle>(value[0]);
}

// SELECT the application, then UID and life cycle: all without a key.
template <typename Exchange>
void identify(ChipInfo& info, Exchange&& exchange)
{
    const auto selected = exchange(plain(ins::select, kSelectByName, kSelectNoResponse,
                                         {kChipApplicationAid.begin(), kChipApplicationAid.end()}));
    if (selected.sw != sw::ok)
        throw ChipError(Kind::not_ktpel, "the card has no KTP-el application", selected.sw);
    const ResponseApdu uid_reply = exchange(get_data(kUidDataTag));
    const auto uid = data_object(uid_reply, kUidDataTag, info.uid.size(), "UID");
    std::copy(uid.begin(), uid.end(), info.uid.begin());
    info.life_cycle = life_cycle_from(exchange(get_data(kLifeCycleDataTag)));
}

void disconnect_quietly(smartcard::Reader& reader) noexcept
{
    try {
        reader.disconnect();
    } catch (const smartcard::ReaderError&) {
        // The card or reader is already gone: nothing to release.
    }
}

void check_stop(std::stop_token stop)
{
    if (stop.stop_requested())
        throw ChipError(Kind::cancelled, "cancelled");
}

} // namespace

std::string_view name_of(ChipStage stage) noexcept
{
    switch (stage) {
    case ChipStage::connecting:
        return "connecting";
    case ChipStage::authenticating:
        return "authenticating";
    case ChipStage::writing:
        return "writing";
    case ChipStage::verifying:
        return "verifying";
    case ChipStage::reading:
        return "reading";
    case ChipStage::locking:
        return "locking";
    case ChipStage::activating:
        return "activating";
    }
    return "unknown";
}

ChipInfo read_chip_info(smartcard::Reader& chip, std::stop_token stop)
{
    ChipInfo info;
    try {
        info.atr = chip.connect(stop);
        identify(info, [&](const CommandApdu& command) {
            return ResponseApdu::parse(chip.transmit(command.encode()));
        });
        chip.disconnect();
    } catch (const smartcard::ReaderError& error) {
        throw ChipError(kind_of(error.kind()), error.what());
    } catch (const ApduFormatError& error) {
        disconnect_quietly(chip);
        throw ChipError(Kind::not_ktpel, error.what());
    } catch (const ChipError&) {
        disconnect_quietly(chip);
        throw;
    }
    return info;
}

KtpelChipSession::KtpelChipSession(smartcard::Reader& chip, smartcard::Reader& sam,
                                   ChipProgressHook progress)
    : chip_(chip), sam_(sam), progress_(std::move(progress))
{
}

KtpelChipSession::~KtpelChipSession()
{
    close();
}

void KtpelChipSession::report(ChipStage stage, std::optional<DataGroup> group, std::size_t done,
                              std::size_t total) const
{
    if (progress_)
        progress_({stage, group, done, total});
}

void KtpelChipSession::close() noexcept
{
    open_ = false;
    sam_.close();
    if (!chip_connected_)
        return;
    chip_connected_ = false;
    disconnect_quietly(chip_);
}

void KtpelChipSession::fail_reader(const smartcard::ReaderError& error)
{
    close();
    throw ChipError(kind_of(error.kind()), "the chip reader " + chip_.name() + ": " + error.what());
}

void KtpelChipSession::require_open() const
{
    if (!open_)
        throw ChipError(Kind::secure_messaging, "no secure session with the chip: open() first");
}

ResponseApdu KtpelChipSession::exchange_plain(const CommandApdu& command)
{
    try {
        return ResponseApdu::parse(chip_.transmit(command.encode()));
    } catch (const smartcard::ReaderError& error) {
        fail_reader(error);
    } catch (const ApduFormatError& error) {
        close();
        throw ChipError(Kind::io, std::string("the chip answered nonsense: ") + error.what());
    }
}

const ChipInfo& KtpelChipSession::open(std::stop_token stop)
{
    close();
    report(ChipStage::connecting);
    info_ = {};
    try {
        info_.atr = chip_.connect(stop);
    } catch (const smartcard::ReaderError& error) {
        fail_reader(error);
    }
    chip_connected_ = true;
    try {
        sam_.open(stop);
        identify(info_, [&](const CommandApdu& command) { return exchange_plain(command); });

        report(ChipStage::authenticating);
        check_stop(stop);
        const auto challenge =
            exchange_plain(plain(ins::get_challenge, 0x00, 0x00, {}, kChallengeSize));
        if (challenge.sw != sw::ok || challenge.data.size() != kChallengeSize)
            unexpected("GET CHALLENGE", challenge.sw);
        const auto cryptogram = sam_.begin_authentication(info_.uid, challenge.data);
        const auto answer = exchange_plain(
            plain(ins::mutual_authenticate, 0x00, 0x00, cryptogram, kAuthCryptogramSize));
        if (answer.sw == sw::authentication_failed)
            throw ChipError(Kind::wrong_sam,
                            "the chip rejected the SAM's authentication: the SAM holds another "
                            "issuer's key (wrong SAM, or a card of another issuer)",
                            answer.sw);
        if (answer.sw != sw::ok || answer.data.size() != kAuthCryptogramSize)
            unexpected("MUTUAL AUTHENTICATE", answer.sw);
        sam_.finish_authentication(answer.data);
    } catch (const ChipError&) {
        close();
        throw;
    }
    open_ = true;
    return info_;
}

ResponseApdu KtpelChipSession::exchange_secure(const CommandApdu& command, std::stop_token stop)
{
    require_open();
    check_stop(stop);
    try {
        auto wrapped = sam_.wrap(command);
        std::vector<std::uint8_t> answer;
        try {
            answer = chip_.transmit(wrapped);
        } catch (const smartcard::ReaderError& error) {
            secure_clear(wrapped);
            fail_reader(error);
        }
        secure_clear(wrapped);
        if (answer.size() < 2)
            throw ChipError(Kind::io,
                            "the chip's answer has no status word (was the card pulled?)");
        if (answer.size() == 2) {
            const auto status = static_cast<std::uint16_t>((answer[0] << 8) | answer[1]);
            // Inside a session the chip protects every answer except its
            // refusal of SM itself, which it cannot protect.
            if (is_secure_messaging_refusal(status))
                throw ChipError(Kind::secure_messaging,
                                "the chip rejected a protected command: tampered with, replayed "
                                "or out of sequence; the secure session is over",
                                status);
            throw ChipError(Kind::secure_messaging,
                            "the chip answered a protected command without protection (" +
                                status_text(status) + ")",
                            status);
        }
        auto reply = sam_.unwrap(answer);
        secure_clear(answer);
        return reply;
    } catch (const ChipError& error) {
        if (error.kind() != Kind::card_error)
            close();
        throw;
    }
}

std::size_t KtpelChipSession::select_file(std::uint16_t file_id, std::stop_token stop)
{
    const auto reply = exchange_secure(
        plain(ins::select, kSelectChildEf, kSelectFcp, two_bytes(file_id), kMaxShortLe), stop);
    if (reply.sw != sw::ok)
        unexpected("SELECT " + to_hex(two_bytes(file_id)), reply.sw);
    try {
        const Tlv fcp = parse_single_tlv(reply.data);
        for (const Tlv& item : parse_tlvs(fcp.value))
            if (fcp.tag == 0x62 && item.tag == 0x80 && item.value.size() == 2)
                return static_cast<std::size_t>((item.value[0] << 8) | item.value[1]);
    } catch (const TlvFormatError&) {
    }
    throw ChipError(Kind::card_error,
                    "the chip gave no file size for " + to_hex(two_bytes(file_id)));
}

std::vector<std::uint8_t> KtpelChipSession::read_selected_file(std::size_t size,
                                                               std::optional<DataGroup> group,
                                                               ChipStage stage,
                                                               std::stop_token stop)
{
    std::vector<std::uint8_t> content;
    content.reserve(size);
    report(stage, group, 0, size);
    while (content.size() < size) {
        const std::size_t offset = content.size();
        const std::size_t count = std::min(kChunkSize, size - offset);
        auto reply = exchange_secure(plain(ins::read_binary, static_cast<std::uint8_t>(offset >> 8),
                                           static_cast<std::uint8_t>(offset & 0xFF), {}, count),
                                     stop);
        if ((reply.sw != sw::ok && reply.sw != sw::end_of_file) || reply.data.empty()) {
            secure_clear(content);
            unexpected("READ BINARY", reply.sw);
        }
        content.insert(content.end(), reply.data.begin(), reply.data.end());
        secure_clear(reply.data);
        report(stage, group, content.size(), size);
        if (reply.sw == sw::end_of_file)
            break;
    }
    return content;
}

void KtpelChipSession::write_data_group(DataGroup group, std::span<const std::uint8_t> value,
                                        std::stop_token stop)
{
    require_open();
    const DataGroupLayout& layout = layout_of(group);
    if (wrapped_size(value.size()) > layout.capacity)
        throw ChipError(Kind::data_too_large, std::string(layout.name) + " takes " +
                                                  std::to_string(wrapped_size(value.size())) +
                                                  " bytes; the chip holds " +
                                                  std::to_string(layout.capacity));
    if (info_.life_cycle == LifeCycle::locked)
        throw ChipError(Kind::locked, "the card is locked: its data groups are read-only");

    select_file(layout.file_id, stop);
    auto content = wrap_data_group(group, value);
    try {
        const auto erased = exchange_secure(plain(ins::erase_binary, 0x00, 0x00), stop);
        if (erased.sw == sw::security_status_not_satisfied)
            throw ChipError(Kind::locked, "the chip refuses writes: it is locked", erased.sw);
        if (erased.sw != sw::ok)
            unexpected("ERASE BINARY", erased.sw);
        if (info_.life_cycle == LifeCycle::blank)
            info_.life_cycle = LifeCycle::personalising;

        report(ChipStage::writing, group, 0, content.size());
        for (std::size_t offset = 0; offset < content.size(); offset += kChunkSize) {
            const auto end = std::min(content.size(), offset + kChunkSize);
            CommandApdu update = plain(ins::update_binary, static_cast<std::uint8_t>(offset >> 8),
                                       static_cast<std::uint8_t>(offset & 0xFF),
                                       {content.begin() + static_cast<std::ptrdiff_t>(offset),
                                        content.begin() + static_cast<std::ptrdiff_t>(end)});
            const auto reply = exchange_secure(update, stop);
            secure_clear(update.data);
            if (reply.sw == sw::not_enough_memory)
                throw ChipError(Kind::data_too_large, "the chip ran out of room", reply.sw);
            if (reply.sw != sw::ok)
                unexpected("UPDATE BINARY", reply.sw);
            report(ChipStage::writing, group, end, content.size());
        }

        const std::size_t size = select_file(layout.file_id, stop);
        auto written = read_selected_file(size, group, ChipStage::verifying, stop);
        const bool same = written == content;
        secure_clear(written);
        if (!same)
            throw ChipError(Kind::verify_failed,
                            std::string(layout.name) +
                                " reads back differently from what was written");
    } catch (...) {
        secure_clear(content);
        throw;
    }
    secure_clear(content);
}

std::vector<std::uint8_t> KtpelChipSession::read_raw_data_group(DataGroup group,
                                                                std::stop_token stop)
{
    require_open();
    const std::size_t size = select_file(layout_of(group).file_id, stop);
    return read_selected_file(size, group, ChipStage::reading, stop);
}

std::vector<std::uint8_t> KtpelChipSession::read_data_group(DataGroup group, std::stop_token stop)
{
    auto content = read_raw_data_group(group, stop);
    const auto value = data_group_value(group, content);
    if (!value) {
        const bool empty = content.empty();
        secure_clear(content);
        throw ChipError(Kind::incomplete,
                        std::string(layout_of(group).name) +
                            (empty ? " is empty" : " is incomplete or malformed"));
    }
    std::vector<std::uint8_t> result(value->begin(), value->end());
    secure_clear(content);
    return result;
}

void KtpelChipSession::write_biographic(const BiographicData& data, std::stop_token stop)
{
    auto value = encode_biographic(data);
    try {
        write_data_group(DataGroup::biographic, value, stop);
    } catch (...) {
        secure_clear(value);
        throw;
    }
    secure_clear(value);
}

BiographicData KtpelChipSession::read_biographic(std::stop_token stop)
{
    auto value = read_data_group(DataGroup::biographic, stop);
    try {
        auto data = decode_biographic(value);
        secure_clear(value);
        return data;
    } catch (const TlvFormatError& error) {
        secure_clear(value);
        throw ChipError(Kind::card_error, std::string("biographic data: ") + error.what());
    }
}

void KtpelChipSession::personalise(const ChipContents& contents, std::stop_token stop)
{
    require_open();
    if (info_.life_cycle == LifeCycle::locked)
        throw ChipError(Kind::locked, "the card is already personalised and locked");
    write_biographic(contents.biographic, stop);
    write_data_group(DataGroup::face, contents.face_jpeg, stop);
    write_data_group(DataGroup::right_index, contents.right_index_template, stop);
    write_data_group(DataGroup::left_index, contents.left_index_template, stop);
    write_data_group(DataGroup::signature, contents.signature_image, stop);
    lock(stop);
}

void KtpelChipSession::lock(std::stop_token stop)
{
    require_open();
    if (info_.life_cycle == LifeCycle::locked)
        throw ChipError(Kind::locked, "the card is already locked");
    report(ChipStage::locking);
    const auto reply =
        exchange_secure({kProprietaryCla, ins::lock, 0x00, 0x00, {}, std::nullopt}, stop);
    if (reply.sw == sw::conditions_not_satisfied)
        throw ChipError(Kind::incomplete,
                        "the chip refuses to lock: a data group is empty or incomplete", reply.sw);
    if (reply.sw != sw::ok)
        unexpected("LOCK", reply.sw);
    info_.life_cycle = LifeCycle::locked;
}

LifeCycle KtpelChipSession::read_life_cycle(std::stop_token stop)
{
    info_.life_cycle = life_cycle_from(exchange_secure(get_data(kLifeCycleDataTag), stop));
    return info_.life_cycle;
}

ActivationRecord KtpelChipSession::read_activation(std::stop_token stop)
{
    require_open();
    const std::size_t size = select_file(kActivationFileId, stop);
    const auto content = read_selected_file(size, std::nullopt, ChipStage::reading, stop);
    try {
        return decode_activation_record(content);
    } catch (const TlvFormatError& error) {
        throw ChipError(Kind::card_error, std::string("activation record: ") + error.what());
    }
}

ActivationRecord KtpelChipSession::record_activation(std::string_view date, std::stop_token stop)
{
    require_open();
    if (!is_activation_date(date))
        throw std::invalid_argument("an activation date is YYYYMMDD");
    if (read_life_cycle(stop) != LifeCycle::locked)
        throw ChipError(Kind::not_locked, "a card is activated only after personalisation");
    report(ChipStage::activating);
    const auto reply = exchange_secure({kProprietaryCla,
                                        ins::activation,
                                        kActivationSucceeded,
                                        0x00,
                                        {date.begin(), date.end()},
                                        std::nullopt},
                                       stop);
    if (reply.sw == sw::authentication_blocked)
        throw ChipError(Kind::activation_blocked, "activation is blocked after too many failures",
                        reply.sw);
    if (reply.sw == sw::conditions_not_satisfied)
        throw ChipError(Kind::already_activated, "the card is already activated", reply.sw);
    if (reply.sw != sw::ok)
        unexpected("ACTIVATION", reply.sw);
    return read_activation(stop);
}

ActivationRecord KtpelChipSession::record_failed_activation(std::stop_token stop)
{
    require_open();
    if (read_life_cycle(stop) != LifeCycle::locked)
        throw ChipError(Kind::not_locked, "a card is activated only after personalisation");
    report(ChipStage::activating);
    const auto reply = exchange_secure(
        {kProprietaryCla, ins::activation, kActivationFailedAttempt, 0x00, {}, std::nullopt}, stop);
    if (reply.sw == sw::authentication_blocked)
        throw ChipError(Kind::activation_blocked, "activation is blocked after too many failures",
                        reply.sw);
    if (reply.sw == sw::conditions_not_satisfied)
        throw ChipError(Kind::already_activated, "the card is already activated", reply.sw);
    if (!sw::is_tries_left(reply.sw))
        unexpected("ACTIVATION", reply.sw);
    return read_activation(stop);
}

std::array<std::uint8_t, kKeyCheckValueSize> KtpelChipSession::sam_key_check_value()
{
    require_open();
    return sam_.key_check_value();
}

} // namespace ktpel::chip
