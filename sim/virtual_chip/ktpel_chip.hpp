// SPDX-License-Identifier: Apache-2.0
// The virtual KTP-el chip: an ISO/IEC 7816-4 card application, APDU in,
// APDU out, no I/O of its own. Every change to its persistent state goes
// through `commit` before the command answers (as a real chip's EEPROM
// write completes before its status word), so a card pulled between two
// APDUs is always in a state some APDU left it in. Commands, status words
// and the life cycle: docs/chip.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chip_state.hpp"
#include "sim/card_sm/secure_messaging.hpp"

namespace ktpel::sim::virtual_chip {

class KtpelChip
{
public:
    // Persists the next state; throwing refuses the change (the command
    // then answers 6581, memory failure, and nothing changes).
    using Commit = std::function<void(const ChipState&)>;

    KtpelChip(ChipState state, Commit commit);

    // ISO 7816-3 ATR: T=1, historical bytes "KTPEL".
    static std::vector<std::uint8_t> answer_to_reset();

    // Power and reset forget the volatile state: selection, challenge and
    // the secure-messaging session.
    void power_on() { forget_volatile_state(); }
    void power_off() { forget_volatile_state(); }
    void reset() { forget_volatile_state(); }

    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> command);

    const ChipState& state() const noexcept { return state_; }
    bool in_secure_session() const noexcept { return session_.has_value(); }
    // Why the last failed commit failed (the card answered 6581); cleared
    // by the next successful one.
    const std::optional<std::string>& last_commit_error() const noexcept
    {
        return last_commit_error_;
    }

private:
    struct Reply
    {
        std::vector<std::uint8_t> data;
        std::uint16_t sw;
    };
    enum class Directory
    {
        master_file,
        application,
    };

    void forget_volatile_state();
    Reply execute(const chip::CommandApdu& command, bool secure);
    Reply select(const chip::CommandApdu& command);
    Reply get_data(const chip::CommandApdu& command) const;
    Reply get_challenge(const chip::CommandApdu& command);
    Reply mutual_authenticate(const chip::CommandApdu& command);
    Reply read_binary(const chip::CommandApdu& command, bool secure) const;
    Reply update_binary(const chip::CommandApdu& command, bool secure);
    Reply erase_binary(const chip::CommandApdu& command, bool secure);
    Reply lock(const chip::CommandApdu& command, bool secure);
    Reply activation(const chip::CommandApdu& command, bool secure);

    // The file READ BINARY sees (the activation record is encoded on demand).
    std::vector<std::uint8_t> current_file_content() const;
    // Checks shared by UPDATE and ERASE BINARY; the refusal, if any.
    std::optional<std::uint16_t> refuse_write(const chip::CommandApdu& command, bool secure) const;
    std::vector<std::uint8_t> file_control_parameters() const;
    // Copy, change, commit, then adopt; 6581 if the commit fails.
    std::uint16_t apply(const std::function<void(ChipState&)>& change);

    ChipState state_;
    Commit commit_;
    Directory directory_ = Directory::master_file;
    std::optional<std::uint16_t> current_file_;
    std::optional<std::vector<std::uint8_t>> challenge_;
    std::optional<sm::SecureMessaging> session_;
    std::optional<std::string> last_commit_error_;
};

} // namespace ktpel::sim::virtual_chip
