// SPDX-License-Identifier: Apache-2.0
// Class adapter: an ISO 7816 contact encoder (a PC/SC reader in the card
// printer's encoding station) as a CardEncoder. Chip personalisation
// arrives with the encoder issue; for now it detects the card and checks
// that it answers a SELECT of its master file.
#include "../classes/card_encoder.hpp"
#include "../registry/driver_registry.hpp"

namespace ktpel::encoder {
namespace {

using drivers::DeviceFailure;

DeviceFailure reader_failure(const smartcard::ReaderError& error)
{
    switch (error.kind()) {
    case smartcard::ReaderError::Kind::reader_gone:
        return {DeviceFailure::Kind::disconnected, "unplugged", error.what()};
    case smartcard::ReaderError::Kind::card_removed:
        return {DeviceFailure::Kind::hardware, "card_removed", error.what()};
    case smartcard::ReaderError::Kind::no_card:
        return {DeviceFailure::Kind::no_subject, "no_card", error.what()};
    case smartcard::ReaderError::Kind::cancelled:
        return {DeviceFailure::Kind::cancelled, "cancelled", error.what()};
    case smartcard::ReaderError::Kind::io:
        break;
    }
    return {DeviceFailure::Kind::hardware, "reader_io", error.what()};
}

class Iso7816Encoder final : public drivers::CardEncoder
{
public:
    explicit Iso7816Encoder(std::unique_ptr<smartcard::Reader> reader) : reader_(std::move(reader))
    {
    }

    drivers::DeviceIdentity probe(const drivers::OperationContext& /*context*/) override
    {
        return {"PC/SC", reader_->name(), "", ""};
    }

    nlohmann::json capabilities() const override
    {
        return {{"interface", "contact"}, {"reader", reader_->name()}};
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
                throw DeviceFailure(DeviceFailure::Kind::hardware, "card_not_iso7816",
                                    "the card did not accept SELECT MF");
            presence.present = true;
            return presence;
        } catch (const smartcard::ReaderError& error) {
            throw reader_failure(error);
        }
    }

private:
    std::unique_ptr<smartcard::Reader> reader_;
};

const drivers::DriverRegistration registration{{
    .name = "iso7816-encoder",
    .device_class = drivers::DeviceClass::card_encoder,
    .summary = "ISO 7816 contact encoders on a PC/SC reader",
    .usb_ids = {},
    .reader_patterns = {""},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        return std::make_unique<Iso7816Encoder>(std::move(binding.reader));
    },
}};

} // namespace
} // namespace ktpel::encoder
