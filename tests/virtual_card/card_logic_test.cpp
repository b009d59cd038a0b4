// SPDX-License-Identifier: Apache-2.0
// The chip and the SAM APDU by APDU, with a hand-driven terminal: access
// rules, life cycle, volatile state and status words (docs/chip.md).
#include <gtest/gtest.h>

#include "chip/data_group_content.hpp"
#include "chip/status_words.hpp"
#include "hex.hpp"
#include "sim/card_sm/issuer_keys.hpp"
#include "sim/card_sm/mutual_authentication.hpp"
#include "sim/virtual_chip/ktpel_chip.hpp"
#include "sim/virtual_sam/sam_applet.hpp"

namespace ktpel::sim::virtual_chip {
namespace {

using chip::CommandApdu;
using chip::ResponseApdu;
using chip::test::hex;
using Bytes = std::vector<std::uint8_t>;

const chip::CardUid kUid{0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7};

ResponseApdu send(KtpelChip& chip, const Bytes& command)
{
    return ResponseApdu::parse(chip.transmit(command));
}

ChipState locked_card()
{
    ChipState state = manufacture_blank_card(sm::demo_issuer_key().view(), kUid);
    for (const auto& layout : chip::kDataGroups)
        state.files[layout.file_id] = chip::wrap_data_group(layout.group, hex("0102"));
    state.life_cycle = chip::LifeCycle::locked;
    return state;
}

// What a SAM does, by hand: authenticate, then protect and open.
class Terminal
{
public:
    // Selects the application and authenticates; nullopt if the chip refuses.
    static std::optional<Terminal> authenticate(KtpelChip& chip,
                                                std::span<const std::uint8_t> issuer_key)
    {
        send(chip, hex("00A4040C07F04B5450454C01"));
        const auto challenge = send(chip, hex("0084000010"));
        if (challenge.sw != chip::sw::ok)
            return std::nullopt;
        const auto card_key = sm::diversify_card_key(issuer_key, kUid);
        const sm::TerminalAuthentication authentication(card_key.view(), challenge.data);
        const auto answer = send(
            chip, CommandApdu{0x00, 0x82, 0x00, 0x00, authentication.cryptogram(), 56}.encode());
        if (answer.sw != chip::sw::ok)
            return std::nullopt;
        auto keys = authentication.verify_chip_answer(answer.data);
        if (!keys)
            return std::nullopt;
        return Terminal(std::move(*keys));
    }

    ResponseApdu exchange(KtpelChip& chip, const CommandApdu& plain)
    {
        const auto answer = chip.transmit(channel_.protect_command(plain));
        if (answer.size() == 2)
            return ResponseApdu::parse(answer); // an SM refusal comes unprotected
        return channel_.unprotect_response(answer);
    }

private:
    explicit Terminal(sm::KeyPair keys) : channel_(std::move(keys)) {}
    sm::SecureMessaging channel_;
};

CommandApdu select_ef(std::uint16_t file_id)
{
    return {0x00,
            0xA4,
            0x02,
            0x0C,
            {static_cast<std::uint8_t>(file_id >> 8), static_cast<std::uint8_t>(file_id)},
            {}};
}

class ChipLogic : public ::testing::Test
{
protected:
    std::vector<ChipState> commits;
    KtpelChip chip{manufacture_blank_card(sm::demo_issuer_key().view(), kUid),
                   [this](const ChipState& state) {
                       commits.push_back(state);
                   }};
};

TEST_F(ChipLogic, AnswersSelectMasterFileLikeAnyIso7816Card)
{
    // What the plain ISO 7816 encoder driver sends to detect a card.
    const auto reply = send(chip, hex("00A40000023F00"));
    EXPECT_EQ(reply.sw, chip::sw::ok);
    EXPECT_EQ(reply.data.front(), 0x62); // an FCP template
    EXPECT_EQ(send(chip, hex("00A4040C05A000000001")).sw, chip::sw::file_not_found);
}

TEST_F(ChipLogic, GivesUidAndLifeCycleWithoutAuthentication)
{
    EXPECT_EQ(chip.transmit(hex("00CA005A00")), hex("5A08A0A1A2A3A4A5A6A79000"));
    EXPECT_EQ(chip.transmit(hex("00CA008A00")), hex("8A01019000"));
    EXPECT_EQ(chip.transmit(hex("00CA00C100")), hex("6A88"));
}

TEST_F(ChipLogic, DataGroupsNeedSecureMessaging)
{
    send(chip, hex("00A4040C07F04B5450454C01"));
    EXPECT_EQ(send(chip, select_ef(0x0102).encode()).sw, chip::sw::ok);
    EXPECT_EQ(send(chip, hex("00B0000010")).sw, chip::sw::security_status_not_satisfied);
    EXPECT_EQ(send(chip, hex("00D60000020102")).sw, chip::sw::security_status_not_satisfied);
    EXPECT_EQ(send(chip, hex("000E0000")).sw, chip::sw::security_status_not_satisfied);
    EXPECT_EQ(send(chip, hex("804C0000")).sw, chip::sw::security_status_not_satisfied);
    // A protected command without a session cannot be checked.
    EXPECT_EQ(send(chip, hex("0CB000000D9701048E080102030405060708")).sw,
              chip::sw::sm_objects_incorrect);
    EXPECT_TRUE(commits.empty());
}

TEST_F(ChipLogic, FirstAuthenticatedWriteStartsPersonalisation)
{
    auto terminal = Terminal::authenticate(chip, sm::demo_issuer_key().view());
    ASSERT_TRUE(terminal);
    EXPECT_TRUE(chip.in_secure_session());
    EXPECT_EQ(terminal->exchange(chip, select_ef(0x0101)).sw, chip::sw::ok);
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0xD6, 0x00, 0x00, hex("6103"), {}}).sw, chip::sw::ok);
    ASSERT_EQ(commits.size(), 1u);
    EXPECT_EQ(commits.back().life_cycle, chip::LifeCycle::personalising);
    EXPECT_EQ(chip.state().files.at(0x0101), hex("6103"));
    // No holes; not past the capacity; reads stop at the end of the file.
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0xD6, 0x00, 0x05, hex("01"), {}}).sw,
              chip::sw::wrong_offset);
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0xD6, 0x07, 0xFF, hex("01"), {}}).sw,
              chip::sw::wrong_offset);
    const auto read = terminal->exchange(chip, {0x00, 0xB0, 0x00, 0x00, {}, 16});
    EXPECT_EQ(read.sw, chip::sw::end_of_file);
    EXPECT_EQ(read.data, hex("6103"));
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0xB0, 0x00, 0x03, {}, 16}).sw,
              chip::sw::wrong_offset);
}

TEST_F(ChipLogic, LockNeedsEveryGroupComplete)
{
    auto terminal = Terminal::authenticate(chip, sm::demo_issuer_key().view());
    ASSERT_TRUE(terminal);
    const CommandApdu lock{0x80, 0x4C, 0x00, 0x00, {}, {}};
    EXPECT_EQ(terminal->exchange(chip, lock).sw, chip::sw::conditions_not_satisfied); // blank
    for (const auto& layout : chip::kDataGroups) {
        terminal->exchange(chip, select_ef(layout.file_id));
        auto content = chip::wrap_data_group(layout.group, hex("AABBCC"));
        if (layout.group == chip::DataGroup::signature)
            content.pop_back(); // one byte short
        EXPECT_EQ(terminal->exchange(chip, {0x00, 0xD6, 0x00, 0x00, content, {}}).sw, chip::sw::ok);
    }
    EXPECT_EQ(terminal->exchange(chip, lock).sw, chip::sw::conditions_not_satisfied);
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0xD6, 0x00, 0x04, hex("CC"), {}}).sw, chip::sw::ok);
    EXPECT_EQ(terminal->exchange(chip, lock).sw, chip::sw::ok);
    EXPECT_EQ(chip.state().life_cycle, chip::LifeCycle::locked);
    EXPECT_EQ(commits.back().life_cycle, chip::LifeCycle::locked);
}

TEST(LockedChip, RefusesWritesButKeepsTheSession)
{
    KtpelChip chip(locked_card(), {});
    auto terminal = Terminal::authenticate(chip, sm::demo_issuer_key().view());
    ASSERT_TRUE(terminal);
    terminal->exchange(chip, select_ef(0x0102));
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0xD6, 0x00, 0x00, hex("75"), {}}).sw,
              chip::sw::security_status_not_satisfied);
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0x0E, 0x00, 0x00, {}, {}}).sw,
              chip::sw::security_status_not_satisfied);
    // The activation record is written by ACTIVATION only.
    terminal->exchange(chip, select_ef(chip::kActivationFileId));
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0xD6, 0x00, 0x00, hex("70"), {}}).sw,
              chip::sw::security_status_not_satisfied);
    const auto record = terminal->exchange(chip, {0x00, 0xB0, 0x00, 0x00, {}, 64});
    EXPECT_EQ(chip::decode_activation_record(record.data), chip::ActivationRecord{});
    EXPECT_TRUE(chip.in_secure_session());
    EXPECT_EQ(chip.state().files.at(0x0102),
              chip::wrap_data_group(chip::DataGroup::face, hex("0102")));
}

TEST(LockedChip, CountsFailedActivationsWith63Cx)
{
    KtpelChip chip(locked_card(), {});
    auto terminal = Terminal::authenticate(chip, sm::demo_issuer_key().view());
    ASSERT_TRUE(terminal);
    const CommandApdu failed{0x80, 0x4E, 0x02, 0x00, {}, {}};
    EXPECT_EQ(terminal->exchange(chip, failed).sw, 0x63C2);
    EXPECT_EQ(terminal->exchange(chip, {0x80, 0x4E, 0x01, 0x00, hex("3230323631333031"), {}}).sw,
              chip::sw::wrong_data); // month 13
    EXPECT_EQ(terminal->exchange(chip, failed).sw, 0x63C1);
    EXPECT_EQ(terminal->exchange(chip, failed).sw, 0x63C0);
    EXPECT_EQ(terminal->exchange(chip, failed).sw, chip::sw::authentication_blocked);
    EXPECT_EQ(chip.state().activation.status, chip::ActivationRecord::Status::blocked);
}

TEST_F(ChipLogic, PlainCommandOrResetEndsTheSecureSession)
{
    auto terminal = Terminal::authenticate(chip, sm::demo_issuer_key().view());
    ASSERT_TRUE(terminal);
    EXPECT_EQ(send(chip, hex("00CA005A00")).sw, chip::sw::ok);
    EXPECT_FALSE(chip.in_secure_session());
    EXPECT_EQ(terminal->exchange(chip, select_ef(0x0101)).sw, chip::sw::sm_objects_incorrect);

    terminal = Terminal::authenticate(chip, sm::demo_issuer_key().view());
    ASSERT_TRUE(terminal);
    chip.reset();
    EXPECT_FALSE(chip.in_secure_session());
    EXPECT_EQ(terminal->exchange(chip, select_ef(0x0101)).sw, chip::sw::sm_objects_incorrect);
}

TEST_F(ChipLogic, ChallengeIsSingleUseAndAnotherIssuerIsRefused)
{
    EXPECT_FALSE(Terminal::authenticate(chip, sm::wrong_demo_issuer_key().view()));
    EXPECT_FALSE(chip.in_secure_session());
    // The failed attempt used the challenge up.
    EXPECT_EQ(send(chip, CommandApdu{0x00, 0x82, 0x00, 0x00, Bytes(56, 0), 56}.encode()).sw,
              chip::sw::conditions_not_satisfied);
    EXPECT_EQ(send(chip, hex("0084000008")).sw, chip::sw::wrong_length);
}

TEST(ChipCommit, AFailedCommitLeavesTheChipUnchanged)
{
    KtpelChip chip(manufacture_blank_card(sm::demo_issuer_key().view(), kUid),
                   [](const ChipState&) { throw std::runtime_error("disk full"); });
    auto terminal = Terminal::authenticate(chip, sm::demo_issuer_key().view());
    ASSERT_TRUE(terminal);
    terminal->exchange(chip, select_ef(0x0101));
    EXPECT_EQ(terminal->exchange(chip, {0x00, 0xD6, 0x00, 0x00, hex("6100"), {}}).sw,
              chip::sw::memory_failure);
    EXPECT_EQ(chip.state().life_cycle, chip::LifeCycle::blank);
    EXPECT_TRUE(chip.state().files.at(0x0101).empty());
    EXPECT_EQ(chip.last_commit_error(), "disk full");
}

TEST(ChipState, RoundTripsThroughJson)
{
    ChipState state = locked_card();
    state.activation = {chip::ActivationRecord::Status::activated, "20261124", 1, 3};
    const ChipState back = chip_state_from_json(chip_state_to_json(state));
    EXPECT_EQ(back.uid, state.uid);
    EXPECT_EQ(back.life_cycle, state.life_cycle);
    EXPECT_EQ(back.files, state.files);
    EXPECT_EQ(back.activation, state.activation);
    EXPECT_TRUE(sm::constant_time_equal(back.card_key.view(), state.card_key.view()));
    auto broken = chip_state_to_json(state);
    broken["life_cycle"] = "personalized";
    EXPECT_THROW(chip_state_from_json(broken), ChipStateError);
}

class SamLogic : public ::testing::Test
{
protected:
    virtual_sam::SamApplet sam{sm::demo_issuer_key()};

    ResponseApdu send_sam(const Bytes& command)
    {
        return ResponseApdu::parse(sam.transmit(command));
    }
};

TEST_F(SamLogic, WantsSelectionThenAuthenticationBeforeItWraps)
{
    EXPECT_EQ(send_sam(hex("80CA00C100")).sw, chip::sw::conditions_not_satisfied);
    EXPECT_EQ(send_sam(hex("00A4040C07F04B5450454C01")).sw, chip::sw::file_not_found);
    EXPECT_EQ(send_sam(hex("00A4040C09F04B5450454C53414D")).sw, chip::sw::ok);
    EXPECT_EQ(send_sam(hex("80CA00C100")).data, hex("C1032DF67B"));
    const auto wrap_select = CommandApdu{0x80, 0x14, 0x00, 0x00, hex("00A4020C020101"), 256};
    EXPECT_EQ(send_sam(wrap_select.encode()).sw, chip::sw::security_status_not_satisfied);
    EXPECT_EQ(send_sam(CommandApdu{0x80, 0x12, 0x00, 0x00, Bytes(56, 0), {}}.encode()).sw,
              chip::sw::conditions_not_satisfied);
}

TEST_F(SamLogic, AuthenticatesAChipThenWrapsOnlyChipCommands)
{
    KtpelChip chip(manufacture_blank_card(sm::demo_issuer_key().view(), kUid), {});
    send_sam(hex("00A4040C09F04B5450454C53414D"));
    send(chip, hex("00A4040C07F04B5450454C01"));
    const auto challenge = send(chip, hex("0084000010"));
    Bytes begin(kUid.begin(), kUid.end());
    begin.insert(begin.end(), challenge.data.begin(), challenge.data.end());
    const auto cryptogram = send_sam(CommandApdu{0x80, 0x10, 0x00, 0x00, begin, 256}.encode());
    ASSERT_EQ(cryptogram.sw, chip::sw::ok);
    const auto answer =
        send(chip, CommandApdu{0x00, 0x82, 0x00, 0x00, cryptogram.data, 56}.encode());
    ASSERT_EQ(answer.sw, chip::sw::ok);
    EXPECT_EQ(send_sam(CommandApdu{0x80, 0x12, 0x00, 0x00, answer.data, {}}.encode()).sw,
              chip::sw::ok);
    EXPECT_TRUE(sam.in_secure_session());

    const auto wrap = [&](const Bytes& plain) {
        return send_sam(CommandApdu{0x80, 0x14, 0x00, 0x00, plain, 256}.encode());
    };
    EXPECT_EQ(wrap(hex("0084000010")).sw, chip::sw::function_not_supported);
    EXPECT_EQ(wrap(hex("84B0000010")).sw, chip::sw::function_not_supported);
    Bytes big_update = hex("00D60000E0");
    big_update.resize(5 + 224, 0xAB);
    EXPECT_EQ(wrap(big_update).sw, chip::sw::wrong_length);
    // A refused WRAP does not advance the counter: the next one still works.
    const auto wrapped = wrap(CommandApdu{0x00, 0xA4, 0x02, 0x0C, hex("0101"), {}}.encode());
    ASSERT_EQ(wrapped.sw, chip::sw::ok);
    const auto chip_answer = chip.transmit(wrapped.data);
    const auto unwrapped = send_sam(CommandApdu{0x80, 0x16, 0x00, 0x00, chip_answer, 256}.encode());
    EXPECT_EQ(unwrapped.sw, chip::sw::ok);
    EXPECT_EQ(unwrapped.data, hex("9000"));
    // The same answer again is a replay: refused, and the session ends.
    EXPECT_EQ(send_sam(CommandApdu{0x80, 0x16, 0x00, 0x00, chip_answer, 256}.encode()).sw,
              chip::sw::sm_objects_incorrect);
    EXPECT_FALSE(sam.in_secure_session());
}

} // namespace
} // namespace ktpel::sim::virtual_chip
