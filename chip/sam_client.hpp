// SPDX-License-Identifier: Apache-2.0
// The host's view of the KTP-el SAM: the commands it relays to it. The
// SAM does the cryptography; this class only builds APDUs, reads status
// words and turns them into ChipErrors. It holds no key and sees none.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <stop_token>
#include <vector>

#include "apdu.hpp"
#include "chip/smartcard_reader.hpp"
#include "chip_layout.hpp"

namespace ktpel::chip {

class SamClient
{
public:
    explicit SamClient(smartcard::Reader& reader) : reader_(reader) {}
    ~SamClient() { close(); }
    SamClient(const SamClient&) = delete;
    SamClient& operator=(const SamClient&) = delete;

    // Connects and selects the SAM application; ChipError sam_unavailable
    // when there is no SAM or it is not a KTP-el SAM.
    void open(std::stop_token stop);
    void close() noexcept;

    std::array<std::uint8_t, kKeyCheckValueSize> key_check_value();
    // AUTH BEGIN: the cryptogram for the chip's MUTUAL AUTHENTICATE.
    std::vector<std::uint8_t> begin_authentication(const CardUid& uid,
                                                   std::span<const std::uint8_t> chip_challenge);
    // AUTH FINISH: ChipError authentication_failed when the SAM finds the
    // chip's answer false (a chip without the issuer's key).
    void finish_authentication(std::span<const std::uint8_t> chip_answer);
    // WRAP: the protected form of `plain`, ready for the chip.
    std::vector<std::uint8_t> wrap(const CommandApdu& plain);
    // UNWRAP: the chip's protected answer, checked and opened. ChipError
    // secure_messaging when it was tampered with or replayed.
    ResponseApdu unwrap(std::span<const std::uint8_t> protected_response);

private:
    ResponseApdu exchange(const CommandApdu& command);

    smartcard::Reader& reader_;
    bool connected_ = false;
};

} // namespace ktpel::chip
