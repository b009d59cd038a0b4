// SPDX-License-Identifier: Apache-2.0
// The KTP-el encoding station as a CardEncoder: the card printer's PC/SC
// reader holding the card and a second reader holding the issuer's SAM.
// All chip work goes through KtpelChipSession, which relays between the
// two and never holds a key; this adapter adds waiting for the card,
// progress in the class's vocabulary, and the mapping of chip errors to
// device failures.
#include <cctype>
#include <thread>

#include "../classes/card_encoder.hpp"
#include "../registry/driver_registry.hpp"
#include "chip/sam_client.hpp"
#include "common/hex_bytes.hpp"

namespace ktpel::encoder {
namespace {

using drivers::DeviceFailure;
using Kind = DeviceFailure::Kind;

// How often wait_for_chip looks at the reader. pcscd's own presence poll
// is slower than this, so a shorter period would find nothing sooner.
constexpr std::chrono::milliseconds kCardPoll{100};
constexpr std::chrono::milliseconds kCardSettle{500};

DeviceFailure reader_failure(const smartcard::ReaderError& error)
{
    switch (error.kind()) {
    case smartcard::ReaderError::Kind::reader_gone:
        return {Kind::disconnected, "unplugged", error.what()};
    case smartcard::ReaderError::Kind::card_removed:
        return {Kind::hardware, "card_removed", error.what()};
    case smartcard::ReaderError::Kind::no_card:
        return {Kind::no_subject, "no_card", error.what()};
    case smartcard::ReaderError::Kind::cancelled:
        return {Kind::cancelled, "cancelled", error.what()};
    case smartcard::ReaderError::Kind::io:
        break;
    }
    return {Kind::hardware, "reader_io", error.what()};
}

// A removed card or a failed reader is the station's problem (the device
// goes to error until it works again); everything the card itself refused
// is the card's, and the next blank may well succeed.
DeviceFailure chip_failure(const chip::ChipError& error)
{
    using C = chip::ChipError::Kind;
    const std::string reason(error.reason());
    switch (error.kind()) {
    case C::no_card:
        return {Kind::no_subject, reason, error.what()};
    case C::reader_gone:
        return {Kind::disconnected, "unplugged", error.what()};
    case C::cancelled:
        return {Kind::cancelled, reason, error.what()};
    case C::card_removed:
    case C::sam_unavailable:
        return {Kind::hardware, reason, error.what()};
    case C::io:
        return {Kind::hardware, "reader_io", error.what()};
    case C::data_too_large:
        return {Kind::invalid, reason, error.what()};
    default:
        return {Kind::card, reason, error.what()};
    }
}

// A card that just arrived may still be settling in the reader: pcscd
// notices a removal and an insertion on its own poll, and a handle opened
// in between is told the card was removed. `connect` writes nothing, so a
// second try is safe.
template <typename Connect>
void settled(const drivers::OperationContext& context, Connect&& connect)
{
    try {
        connect();
        return;
    } catch (const chip::ChipError& error) {
        if (error.kind() != chip::ChipError::Kind::card_removed)
            throw;
    } catch (const smartcard::ReaderError& error) {
        if (error.kind() != smartcard::ReaderError::Kind::card_removed)
            throw;
    }
    std::this_thread::sleep_for(kCardSettle);
    context.throw_if_cancelled();
    connect();
}

template <typename Work>
auto guarded(Work&& work)
{
    try {
        return work();
    } catch (const chip::ChipError& error) {
        throw chip_failure(error);
    } catch (const smartcard::ReaderError& error) {
        throw reader_failure(error);
    }
}

std::optional<std::string_view> group_name(const std::optional<chip::DataGroup>& group)
{
    if (!group)
        return std::nullopt;
    return chip::layout_of(*group).name;
}

class KtpelEncoder final : public drivers::CardEncoder
{
public:
    KtpelEncoder(std::unique_ptr<smartcard::Reader> reader, std::unique_ptr<smartcard::Reader> sam,
                 std::string serial, std::string issuer_key_check_value)
        : reader_(std::move(reader)), sam_(std::move(sam)), serial_(std::move(serial)),
          issuer_key_check_value_(std::move(issuer_key_check_value))
    {
    }

    drivers::DeviceIdentity probe(const drivers::OperationContext& /*context*/) override
    {
        return {"PC/SC", reader_->name(), serial_, ""};
    }

    nlohmann::json capabilities() const override
    {
        return {{"interface", "contactless"},
                {"reader", reader_->name()},
                {"sam_reader", sam_ ? nlohmann::json(sam_->name()) : nlohmann::json(nullptr)}};
    }

    drivers::CardPresence detect_card(const drivers::OperationContext& context) override
    {
        try {
            drivers::CardPresence presence;
            if (!reader_->card_present())
                return presence;
            presence.atr = reader_->connect(context.stop_token());
            static constexpr std::uint8_t kSelectMasterFile[] = {0x00, 0xA4, 0x00, 0x00,
                                                                 0x02, 0x3F, 0x00};
            const auto reply = reader_->transmit(kSelectMasterFile);
            reader_->disconnect();
            if (reply.size() < 2 || reply[reply.size() - 2] != 0x90 || reply.back() != 0x00)
                throw DeviceFailure(Kind::hardware, "card_not_iso7816",
                                    "the card did not accept SELECT MF");
            presence.present = true;
            return presence;
        } catch (const smartcard::ReaderError& error) {
            throw reader_failure(error);
        }
    }

    std::string check_sam(const drivers::OperationContext& context) override
    {
        return guarded([&] {
            require_sam_reader();
            chip::SamClient sam(*sam_);
            sam.open(context.stop_token());
            const auto check_value = ktpel::to_hex(sam.key_check_value());
            sam.close();
            if (!issuer_key_check_value_.empty() && check_value != issuer_key_check_value_)
                throw chip::ChipError(chip::ChipError::Kind::wrong_sam,
                                      "the SAM in " + sam_->name() +
                                          " holds the key with check value " + check_value +
                                          ", not the issuer's " + issuer_key_check_value_ +
                                          " (options.sam_key_check_value): wrong SAM");
            return check_value;
        });
    }

    chip::ChipInfo wait_for_chip(const drivers::OperationContext& context) override
    {
        return guarded([&] {
            context.progress(drivers::ProgressStage::waiting_for_subject, {{"what", "card"}});
            // A card being swapped can look present a moment longer than it
            // is (pcscd reports on its own poll): until the deadline, a card
            // that will not connect is one that has not arrived yet.
            std::optional<chip::ChipInfo> info;
            while (!info) {
                context.throw_if_cancelled();
                if (reader_->card_present()) {
                    try {
                        info = chip::read_chip_info(*reader_, context.stop_token());
                        break;
                    } catch (const chip::ChipError& error) {
                        if (error.kind() != chip::ChipError::Kind::no_card &&
                            error.kind() != chip::ChipError::Kind::card_removed)
                            throw;
                    }
                }
                if (context.remaining().count() == 0)
                    throw DeviceFailure(Kind::no_subject, "no_card",
                                        "no card arrived in " + reader_->name());
                std::this_thread::sleep_for(kCardPoll);
            }
            context.progress(drivers::ProgressStage::subject_detected,
                             {{"what", "card"},
                              {"chip_uid", ktpel::to_hex(info->uid)},
                              {"life_cycle", chip::name_of(info->life_cycle)}});
            return *info;
        });
    }

    chip::ChipInfo personalise(const chip::ChipContents& contents,
                               const drivers::OperationContext& context) override
    {
        return guarded([&] {
            auto session = open_session(context);
            session->personalise(contents, context.stop_token());
            return session->info();
        });
    }

    drivers::EnrolledCard read_enrolled(const drivers::OperationContext& context) override
    {
        return guarded([&] {
            auto session = open_session(context);
            const auto& stop = context.stop_token();
            drivers::EnrolledCard card;
            card.info = session->info();
            card.nik = session->read_biographic(stop).nik;
            card.right_index_template =
                session->read_data_group(chip::DataGroup::right_index, stop);
            card.left_index_template = session->read_data_group(chip::DataGroup::left_index, stop);
            card.activation = session->read_activation(stop);
            return card;
        });
    }

    chip::ActivationRecord record_activation(const std::optional<std::string>& date,
                                             const drivers::OperationContext& context) override
    {
        return guarded([&] {
            auto session = open_session(context);
            return date ? session->record_activation(*date, context.stop_token())
                        : session->record_failed_activation(context.stop_token());
        });
    }

private:
    void require_sam_reader() const
    {
        if (!sam_)
            throw DeviceFailure(Kind::hardware, "sam_unavailable",
                                "no SAM reader is configured for " + reader_->name() +
                                    " (options.sam_reader)");
    }

    std::unique_ptr<chip::KtpelChipSession> open_session(const drivers::OperationContext& context)
    {
        require_sam_reader();
        auto session = std::make_unique<chip::KtpelChipSession>(
            *reader_, *sam_, [&context](const chip::ChipProgress& step) {
                nlohmann::json data = {{"what", chip::name_of(step.stage)}};
                if (const auto group = group_name(step.group))
                    data["group"] = *group;
                if (step.total_bytes > 0) {
                    data["done_bytes"] = step.done_bytes;
                    data["total_bytes"] = step.total_bytes;
                    data["percent"] = step.done_bytes * 100 / step.total_bytes;
                }
                context.progress(drivers::ProgressStage::transferring, data);
            });
        settled(context, [&] { session->open(context.stop_token()); });
        return session;
    }

    std::unique_ptr<smartcard::Reader> reader_;
    std::unique_ptr<smartcard::Reader> sam_;
    std::string serial_; // from the configuration: PC/SC has no standard way to ask
    // The issuer key's check value (upper-case hex, as chip::to_hex
    // writes it), from options.sam_key_check_value; empty: not checked
    // before a job, a wrong SAM then shows at the chip's authentication.
    std::string issuer_key_check_value_;
};

std::string upper_case(std::string text)
{
    for (auto& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

const drivers::DriverRegistration registration{{
    .name = "ktpel-encoder",
    .device_class = drivers::DeviceClass::card_encoder,
    .summary = "KTP-el chip encoding station: a PC/SC card reader and the issuer's SAM reader",
    .usb_ids = {},
    .reader_patterns = {""},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        auto serial = binding.options.value("serial", std::string{});
        auto check_value = upper_case(binding.options.value("sam_key_check_value", std::string{}));
        return std::make_unique<KtpelEncoder>(std::move(binding.reader),
                                              std::move(binding.sam_reader), std::move(serial),
                                              std::move(check_value));
    },
}};

} // namespace
} // namespace ktpel::encoder
