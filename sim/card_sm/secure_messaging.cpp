// SPDX-License-Identifier: Apache-2.0
#include "secure_messaging.hpp"

#include <algorithm>

#include "chip/ber_tlv.hpp"
#include "chip/chip_layout.hpp"
#include "chip/status_words.hpp"
#include "common/secure_wipe.hpp"
#include "iso_padding.hpp"

namespace ktpel::sim::sm {
namespace {

namespace sw = chip::sw;

constexpr std::uint16_t kCryptogramTag = 0x87; // padding-content indicator 01, then cipher
constexpr std::uint16_t kExpectedLengthTag = 0x97;
constexpr std::uint16_t kStatusTag = 0x99;
constexpr std::uint16_t kMacTag = 0x8E;
constexpr std::uint8_t kPaddingIndicator = 0x01;

std::size_t tlv_size(std::size_t value_size)
{
    return 1 + (value_size < 0x80 ? 1 : value_size <= 0xFF ? 2 : 3) + value_size;
}

// The data objects of a protected body, in the only order ICAO allows.
struct SmObjects
{
    std::optional<chip::Tlv> cryptogram;
    std::optional<chip::Tlv> expected_length;
    std::optional<chip::Tlv> status;
    chip::Tlv mac;
};

SmObjects split_objects(std::span<const std::uint8_t> body, bool response)
{
    std::vector<chip::Tlv> items;
    try {
        items = chip::parse_tlvs(body);
    } catch (const chip::TlvFormatError& error) {
        throw SmError(sw::sm_objects_incorrect, std::string("SM data objects: ") + error.what());
    }
    if (items.empty() || items.back().tag != kMacTag)
        throw SmError(sw::sm_objects_missing, "no DO'8E' (MAC) at the end");
    SmObjects objects{std::nullopt, std::nullopt, std::nullopt, items.back()};
    if (objects.mac.value.size() != kSmMacSize)
        throw SmError(sw::sm_objects_incorrect, "DO'8E' is not 8 bytes");
    std::size_t at = 0;
    const std::size_t last = items.size() - 1;
    if (at < last && items[at].tag == kCryptogramTag)
        objects.cryptogram = items[at++];
    if (!response && at < last && items[at].tag == kExpectedLengthTag)
        objects.expected_length = items[at++];
    if (response && at < last && items[at].tag == kStatusTag)
        objects.status = items[at++];
    if (at != last)
        throw SmError(sw::sm_objects_incorrect, "unexpected or misplaced SM data object");
    if (response && !objects.status)
        throw SmError(sw::sm_objects_missing, "no DO'99' (status) in the response");
    return objects;
}

void append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes)
{
    out.insert(out.end(), bytes.begin(), bytes.end());
}

} // namespace

SecureMessaging::SecureMessaging(KeyPair session_keys) : keys_(std::move(session_keys)) {}

void SecureMessaging::increment_counter() noexcept
{
    for (auto it = ssc_.rbegin(); it != ssc_.rend(); ++it)
        if (++*it != 0)
            break;
}

AesBlock SecureMessaging::current_iv() const
{
    return aes_encrypt_block(keys_.enc.view(), ssc_);
}

std::vector<std::uint8_t> SecureMessaging::encrypt(std::span<const std::uint8_t> data) const
{
    auto padded = pad_iso9797_m2(data);
    auto cipher = aes_cbc_encrypt(keys_.enc.view(), current_iv(), padded);
    ktpel::secure_clear(padded);
    std::vector<std::uint8_t> value{kPaddingIndicator};
    append(value, cipher);
    return value;
}

std::vector<std::uint8_t> SecureMessaging::decrypt(std::span<const std::uint8_t> do87_value) const
{
    if (do87_value.size() < 1 + kAesBlockSize || do87_value[0] != kPaddingIndicator ||
        (do87_value.size() - 1) % kAesBlockSize != 0)
        throw SmError(sw::sm_objects_incorrect, "DO'87' is not 01 followed by whole blocks");
    auto plain = aes_cbc_decrypt(keys_.enc.view(), current_iv(), do87_value.subspan(1));
    const auto size = unpadded_size(plain);
    if (!size) {
        ktpel::secure_clear(plain);
        throw SmError(sw::sm_objects_incorrect, "DO'87' padding is malformed");
    }
    plain.resize(*size);
    return plain;
}

std::array<std::uint8_t, kSmMacSize> SecureMessaging::mac(std::vector<std::uint8_t> input) const
{
    append_iso9797_m2_padding(input);
    const AesBlock full = aes_cmac(keys_.mac.view(), input);
    ktpel::secure_clear(input);
    std::array<std::uint8_t, kSmMacSize> truncated;
    std::copy_n(full.begin(), truncated.size(), truncated.begin());
    return truncated;
}

std::size_t SecureMessaging::protected_command_size(const chip::CommandApdu& plain) noexcept
{
    const std::size_t padded_size =
        plain.data.empty() ? 0 : (plain.data.size() / kAesBlockSize + 1) * kAesBlockSize;
    const std::size_t body_size = (plain.data.empty() ? 0 : tlv_size(1 + padded_size)) +
                                  (plain.le ? tlv_size(1) : 0) + tlv_size(kSmMacSize);
    return 4 + 1 + body_size + 1;
}

std::vector<std::uint8_t> SecureMessaging::protect_command(const chip::CommandApdu& plain)
{
    if ((plain.cla & chip::kSecureMessagingClaBits) != 0)
        throw SmError(sw::wrong_data, "the command is already marked as secure messaging");
    // Header, Lc and Le' around the body: the body must fit Lc's byte.
    if (protected_command_size(plain) - 6 > chip::kMaxShortLc)
        throw SmError(sw::wrong_length, "the protected command would not fit a short APDU");

    increment_counter();
    const std::uint8_t cla = plain.cla | chip::kSecureMessagingClaBits;
    std::vector<std::uint8_t> body;
    if (!plain.data.empty()) {
        auto cryptogram = encrypt(plain.data);
        chip::append_tlv(body, kCryptogramTag, cryptogram);
    }
    if (plain.le) {
        const std::uint8_t le =
            static_cast<std::uint8_t>(*plain.le == chip::kMaxShortLe ? 0 : *plain.le);
        chip::append_tlv(body, kExpectedLengthTag, std::span(&le, 1));
    }
    std::vector<std::uint8_t> mac_input(ssc_.begin(), ssc_.end());
    append(mac_input,
           pad_iso9797_m2(std::vector<std::uint8_t>{cla, plain.ins, plain.p1, plain.p2}));
    append(mac_input, body);
    const auto tag = mac(std::move(mac_input));
    chip::append_tlv(body, kMacTag, tag);
    return chip::CommandApdu{cla, plain.ins, plain.p1, plain.p2, std::move(body), chip::kMaxShortLe}
        .encode();
}

chip::CommandApdu SecureMessaging::unprotect_command(const chip::CommandApdu& protected_command)
{
    if ((protected_command.cla & chip::kSecureMessagingClaBits) != chip::kSecureMessagingClaBits)
        throw SmError(sw::sm_objects_missing, "the command is not protected");
    const SmObjects objects = split_objects(protected_command.data, false);

    increment_counter();
    std::vector<std::uint8_t> mac_input(ssc_.begin(), ssc_.end());
    append(mac_input,
           pad_iso9797_m2(std::vector<std::uint8_t>{protected_command.cla, protected_command.ins,
                                                    protected_command.p1, protected_command.p2}));
    if (objects.cryptogram)
        append(mac_input, objects.cryptogram->encoded);
    if (objects.expected_length)
        append(mac_input, objects.expected_length->encoded);
    if (!constant_time_equal(mac(std::move(mac_input)), objects.mac.value))
        throw SmError(sw::sm_objects_incorrect, "the command MAC does not verify");

    chip::CommandApdu plain{
        static_cast<std::uint8_t>(protected_command.cla & ~chip::kSecureMessagingClaBits),
        protected_command.ins,
        protected_command.p1,
        protected_command.p2,
        {},
        std::nullopt};
    if (objects.cryptogram)
        plain.data = decrypt(objects.cryptogram->value);
    if (objects.expected_length) {
        if (objects.expected_length->value.size() != 1)
            throw SmError(sw::sm_objects_incorrect, "DO'97' is not one byte");
        const std::uint8_t le = objects.expected_length->value[0];
        plain.le = le == 0 ? chip::kMaxShortLe : le;
    }
    return plain;
}

std::vector<std::uint8_t> SecureMessaging::protect_response(std::span<const std::uint8_t> data,
                                                            std::uint16_t status)
{
    increment_counter();
    std::vector<std::uint8_t> body;
    if (!data.empty()) {
        auto cryptogram = encrypt(data);
        chip::append_tlv(body, kCryptogramTag, cryptogram);
    }
    const auto status_bytes = chip::status_only(status);
    chip::append_tlv(body, kStatusTag, status_bytes);
    std::vector<std::uint8_t> mac_input(ssc_.begin(), ssc_.end());
    append(mac_input, body);
    const auto tag = mac(std::move(mac_input));
    chip::append_tlv(body, kMacTag, tag);
    append(body, status_bytes);
    return body;
}

chip::ResponseApdu SecureMessaging::unprotect_response(std::span<const std::uint8_t> response)
{
    if (response.size() < 2)
        throw SmError(sw::sm_objects_missing, "a response has at least a status word");
    const auto trailer = response.last(2);
    const SmObjects objects = split_objects(response.first(response.size() - 2), true);

    increment_counter();
    std::vector<std::uint8_t> mac_input(ssc_.begin(), ssc_.end());
    if (objects.cryptogram)
        append(mac_input, objects.cryptogram->encoded);
    append(mac_input, objects.status->encoded);
    if (!constant_time_equal(mac(std::move(mac_input)), objects.mac.value))
        throw SmError(sw::sm_objects_incorrect, "the response MAC does not verify");
    // The trailer travels outside the MAC; it must repeat the protected one.
    if (objects.status->value.size() != 2 || !constant_time_equal(objects.status->value, trailer))
        throw SmError(sw::sm_objects_incorrect, "the status word differs from DO'99'");

    chip::ResponseApdu plain;
    plain.sw = static_cast<std::uint16_t>((trailer[0] << 8) | trailer[1]);
    if (objects.cryptogram)
        plain.data = decrypt(objects.cryptogram->value);
    return plain;
}

} // namespace ktpel::sim::sm
