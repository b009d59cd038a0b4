// SPDX-License-Identifier: Apache-2.0
// The daemon's side of a KTP-el chip: one session over the encoder's
// reader (the chip) and the SAM's reader. It reads the UID, has the SAM
// authenticate the chip, then relays every data-group command through the
// SAM (WRAP -> chip -> UNWRAP). It never holds a key: without the SAM it
// can read the UID and the life-cycle state and nothing else.
//
// Not thread-safe; one issuance job owns a session. Every failure is a
// ChipError. After a secure-messaging failure, a removed card or a reader
// error the session is closed; open() starts a new one.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "activation_record.hpp"
#include "apdu.hpp"
#include "biographic_record.hpp"
#include "chip/smartcard_reader.hpp"
#include "chip_error.hpp"
#include "chip_layout.hpp"
#include "sam_client.hpp"

namespace ktpel::chip {

struct ChipInfo
{
    std::vector<std::uint8_t> atr;
    CardUid uid{};
    LifeCycle life_cycle = LifeCycle::blank;
};

enum class ChipStage
{
    connecting,
    authenticating,
    writing,
    verifying,
    reading,
    locking,
    activating,
};
std::string_view name_of(ChipStage stage) noexcept;

struct ChipProgress
{
    ChipStage stage;
    std::optional<DataGroup> group; // for writing, verifying and reading
    std::size_t done_bytes = 0;
    std::size_t total_bytes = 0;
};
using ChipProgressHook = std::function<void(const ChipProgress&)>;

// What personalisation writes. The biometric buffers are the caller's
// (and the caller's to wipe); the session wipes its own copies.
struct ChipContents
{
    BiographicData biographic;
    std::vector<std::uint8_t> face_jpeg;
    std::vector<std::uint8_t> right_index_template; // ISO/IEC 19794-2 record
    std::vector<std::uint8_t> left_index_template;  // ISO/IEC 19794-2 record
    std::vector<std::uint8_t> signature_image;
};

// UID and life-cycle state, which the chip gives without authentication
// (GET DATA 5A / 8A). Connects and disconnects `chip`.
ChipInfo read_chip_info(smartcard::Reader& chip, std::stop_token stop);

class KtpelChipSession
{
public:
    // Both readers must outlive the session.
    KtpelChipSession(smartcard::Reader& chip, smartcard::Reader& sam,
                     ChipProgressHook progress = {});
    ~KtpelChipSession();
    KtpelChipSession(const KtpelChipSession&) = delete;
    KtpelChipSession& operator=(const KtpelChipSession&) = delete;

    // Connects both, selects the KTP-el application, reads UID and
    // life-cycle state, and authenticates chip and SAM to each other.
    const ChipInfo& open(std::stop_token stop);
    void close() noexcept;
    bool is_open() const noexcept { return open_; }
    // As of open() and the session's own writes.
    const ChipInfo& info() const noexcept { return info_; }

    // Erases the group, writes `value` (wrapped in the group's TLV) in
    // chunks, then reads it back and compares (verify_failed if it differs).
    void write_data_group(DataGroup group, std::span<const std::uint8_t> value,
                          std::stop_token stop);
    // The group's value; ChipError incomplete when the file does not hold
    // one complete TLV.
    std::vector<std::uint8_t> read_data_group(DataGroup group, std::stop_token stop);
    // Whatever bytes the group's file holds (TLV header included), complete or not.
    std::vector<std::uint8_t> read_raw_data_group(DataGroup group, std::stop_token stop);

    void write_biographic(const BiographicData& data, std::stop_token stop);
    BiographicData read_biographic(std::stop_token stop);

    // All five groups, each verified, then LOCK.
    void personalise(const ChipContents& contents, std::stop_token stop);
    // Ends personalisation; ChipError incomplete when a group is not
    // complete, locked when it already was.
    void lock(std::stop_token stop);
    // Asks the chip (protected GET DATA 8A).
    LifeCycle read_life_cycle(std::stop_token stop);

    ActivationRecord read_activation(std::stop_token stop);
    // The activation succeeded on `date` ("YYYYMMDD"); only once, only on
    // a locked card, never after the attempt limit.
    ActivationRecord record_activation(std::string_view date, std::stop_token stop);
    // One failed activation attempt (counted by the chip; at the limit
    // the activation is blocked for good).
    ActivationRecord record_failed_activation(std::stop_token stop);

    std::array<std::uint8_t, kKeyCheckValueSize> sam_key_check_value();

private:
    ResponseApdu exchange_plain(const CommandApdu& command);
    ResponseApdu exchange_secure(const CommandApdu& plain, std::stop_token stop);
    // Selects an EF and returns its content size (from the FCP).
    std::size_t select_file(std::uint16_t file_id, std::stop_token stop);
    std::vector<std::uint8_t> read_selected_file(std::size_t size, std::optional<DataGroup> group,
                                                 ChipStage stage, std::stop_token stop);
    void require_open() const;
    [[noreturn]] void fail_reader(const smartcard::ReaderError& error);
    void report(ChipStage stage, std::optional<DataGroup> group = std::nullopt,
                std::size_t done = 0, std::size_t total = 0) const;

    smartcard::Reader& chip_;
    SamClient sam_;
    ChipProgressHook progress_;
    ChipInfo info_;
    bool chip_connected_ = false;
    bool open_ = false;
};

} // namespace ktpel::chip
