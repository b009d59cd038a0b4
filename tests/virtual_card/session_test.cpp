// SPDX-License-Identifier: Apache-2.0
// KtpelChipSession against the virtual chip and SAM, in process: the
// daemon's whole chip protocol, and what a tampering or careless host,
// a wrong SAM, a fake chip and a pulled card each run into.
#include <fstream>
#include <set>

#include "chip/data_group_content.hpp"
#include "chip/status_words.hpp"
#include "sim/card_sm/aes_primitives.hpp"
#include "sim/virtual_chip/ktpel_chip.hpp"
#include "station_fixture.hpp"

namespace ktpel::chip::test {
namespace {

using Kind = ChipError::Kind;

template <typename Call>
ChipError expect_chip_error(Call&& call, Kind kind)
{
    try {
        call();
    } catch (const ChipError& error) {
        EXPECT_EQ(error.kind(), kind) << name_of(error.kind()) << ": " << error.what();
        return error;
    }
    ADD_FAILURE() << "expected ChipError " << name_of(kind) << ", nothing was thrown";
    return ChipError(Kind::io, "nothing thrown");
}

bool is_protected(const Bytes& command, std::uint8_t ins)
{
    return command.size() > 5 && (command[0] & 0x0C) == 0x0C && command[1] == ins;
}

std::string describe(const Bytes& bytes, std::size_t head)
{
    std::string text = to_hex(std::span(bytes).first(std::min(head, bytes.size())));
    if (bytes.size() > head)
        text += "... (" + std::to_string(bytes.size()) + " bytes)";
    return text;
}

TEST_F(Station, UidAndLifeCycleAreReadableWithoutTheSam)
{
    const CardUid uid = insert_blank();
    const ChipInfo info = read_chip_info(chip_reader, stop.get_token());
    EXPECT_EQ(info.uid, uid);
    EXPECT_EQ(info.life_cycle, LifeCycle::blank);
    EXPECT_EQ(info.atr, sim::virtual_chip::KtpelChip::answer_to_reset());
    EXPECT_TRUE(sam_reader.log.empty());

    // Without the SAM nothing more: a plain READ BINARY is refused.
    chip_reader.connect(stop.get_token());
    chip_reader.transmit(hex("00A4040C07F04B5450454C01"));
    EXPECT_EQ(chip_reader.transmit(hex("00A4020C020101")), hex("9000"));
    EXPECT_EQ(chip_reader.transmit(hex("00B0000010")), hex("6982"));
    EXPECT_EQ(chip_reader.transmit(hex("00D6000003616263")), hex("6982"));
}

TEST_F(Station, PersonalisesReadsBackAndLocks)
{
    insert_blank();
    std::vector<ChipProgress> progress;
    std::vector<std::pair<std::string, Exchange>> transcript;
    chip_reader.transcript = &transcript;
    sam_reader.transcript = &transcript;
    KtpelChipSession session(chip_reader, sam_reader,
                             [&](const ChipProgress& step) { progress.push_back(step); });
    EXPECT_EQ(session.open(stop.get_token()).life_cycle, LifeCycle::blank);
    const ChipContents contents = sample_contents();
    session.personalise(contents, stop.get_token());
    EXPECT_EQ(session.info().life_cycle, LifeCycle::locked);
    const std::size_t personalisation_apdus = transcript.size();

    EXPECT_EQ(session.read_life_cycle(stop.get_token()), LifeCycle::locked);
    EXPECT_EQ(session.read_biographic(stop.get_token()), contents.biographic);
    EXPECT_EQ(session.read_data_group(DataGroup::face, stop.get_token()), contents.face_jpeg);
    EXPECT_EQ(session.read_data_group(DataGroup::right_index, stop.get_token()),
              contents.right_index_template);
    EXPECT_EQ(session.read_data_group(DataGroup::left_index, stop.get_token()),
              contents.left_index_template);
    EXPECT_EQ(session.read_data_group(DataGroup::signature, stop.get_token()),
              contents.signature_image);
    EXPECT_EQ(card_status()["life_cycle"], "locked");
    for (const auto& layout : kDataGroups)
        EXPECT_TRUE(card_status()["data_groups"][std::string(layout.name)]["complete"]);

    // Every group was written and verified to its last byte, then locked.
    for (const auto& layout : kDataGroups) {
        for (const ChipStage stage : {ChipStage::writing, ChipStage::verifying}) {
            const ChipProgress* last = nullptr;
            for (const auto& step : progress)
                if (step.stage == stage && step.group == layout.group)
                    last = &step;
            ASSERT_NE(last, nullptr) << layout.name << " " << name_of(stage);
            EXPECT_GT(last->total_bytes, 0u);
            EXPECT_EQ(last->done_bytes, last->total_bytes);
        }
    }
    EXPECT_TRUE(std::any_of(progress.begin(), progress.end(), [](const ChipProgress& step) {
        return step.stage == ChipStage::locking;
    }));
    // No plain APDU after authentication: every chip command is protected.
    bool authenticated = false;
    for (const auto& [reader, exchange] : transcript) {
        if (reader != chip_reader.name())
            continue;
        if (authenticated) {
            EXPECT_EQ(exchange.command[0] & 0x0C, 0x0C) << to_hex(exchange.command);
        }
        authenticated = authenticated || exchange.command[1] == ins::mutual_authenticate;
    }

    // The APDU transcript, for docs/chip.md and for a human to read.
    std::ofstream out(std::string(KTPEL_TEST_OUTPUT_DIR) + "/personalisation_apdus.txt");
    out << "# reader: command -> answer, one full personalisation (" << personalisation_apdus
        << " APDUs)\n";
    for (std::size_t i = 0; i < personalisation_apdus; ++i) {
        const auto& [reader, exchange] = transcript[i];
        out << reader << ": " << describe(exchange.command, 12) << " -> "
            << describe(exchange.answer, 8) << "\n";
    }
}

TEST_F(Station, LockedCardRefusesWrites)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    const ChipContents contents = sample_contents();
    session.personalise(contents, stop.get_token());
    expect_chip_error(
        [&] { session.write_data_group(DataGroup::face, hex("FFD8FFD9"), stop.get_token()); },
        Kind::locked);
    expect_chip_error([&] { session.lock(stop.get_token()); }, Kind::locked);
    expect_chip_error([&] { session.personalise(sample_contents(8), stop.get_token()); },
                      Kind::locked);

    KtpelChipSession again(chip_reader, sam_reader);
    EXPECT_EQ(again.open(stop.get_token()).life_cycle, LifeCycle::locked);
    expect_chip_error(
        [&] { again.write_data_group(DataGroup::signature, hex("00"), stop.get_token()); },
        Kind::locked);
    EXPECT_EQ(again.read_data_group(DataGroup::face, stop.get_token()), contents.face_jpeg);
}

TEST_F(Station, LockIsRefusedWhileAGroupIsIncomplete)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    session.write_biographic(sample_contents().biographic, stop.get_token());
    EXPECT_EQ(session.info().life_cycle, LifeCycle::personalising);
    const auto error = expect_chip_error([&] { session.lock(stop.get_token()); }, Kind::incomplete);
    EXPECT_EQ(error.status_word(), sw::conditions_not_satisfied);
    EXPECT_TRUE(session.is_open()); // a refusal, not a broken channel
    EXPECT_EQ(session.read_life_cycle(stop.get_token()), LifeCycle::personalising);
    expect_chip_error([&] { session.read_data_group(DataGroup::face, stop.get_token()); },
                      Kind::incomplete);
}

TEST_F(Station, ActivationIsRecordedOnceAndFailuresAreCounted)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    session.personalise(sample_contents(), stop.get_token());
    EXPECT_EQ(session.read_activation(stop.get_token()), ActivationRecord{});

    const auto after_failure = session.record_failed_activation(stop.get_token());
    EXPECT_EQ(after_failure.status, ActivationRecord::Status::not_activated);
    EXPECT_EQ(after_failure.failed_attempts, 1u);
    const auto activated = session.record_activation("20261124", stop.get_token());
    EXPECT_EQ(activated.status, ActivationRecord::Status::activated);
    EXPECT_EQ(activated.date, "20261124");
    EXPECT_EQ(activated.failed_attempts, 1u);

    expect_chip_error([&] { session.record_activation("20261125", stop.get_token()); },
                      Kind::already_activated);
    expect_chip_error([&] { session.record_failed_activation(stop.get_token()); },
                      Kind::already_activated);
    KtpelChipSession again(chip_reader, sam_reader);
    again.open(stop.get_token());
    EXPECT_EQ(again.read_activation(stop.get_token()), activated);
    EXPECT_EQ(card_status()["activation"]["date"], "20261124");
}

TEST_F(Station, ActivationBlocksAtTheAttemptLimit)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    session.personalise(sample_contents(), stop.get_token());
    ActivationRecord record;
    for (unsigned attempt = 1; attempt <= kActivationAttemptLimit; ++attempt) {
        record = session.record_failed_activation(stop.get_token());
        EXPECT_EQ(record.failed_attempts, attempt);
    }
    EXPECT_EQ(record.status, ActivationRecord::Status::blocked);
    const auto error = expect_chip_error(
        [&] { session.record_activation("20261124", stop.get_token()); }, Kind::activation_blocked);
    EXPECT_EQ(error.status_word(), sw::authentication_blocked);
    expect_chip_error([&] { session.record_failed_activation(stop.get_token()); },
                      Kind::activation_blocked);
    EXPECT_EQ(session.read_activation(stop.get_token()).failed_attempts, kActivationAttemptLimit);
}

TEST_F(Station, ActivationNeedsALockedCard)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    expect_chip_error([&] { session.record_activation("20261124", stop.get_token()); },
                      Kind::not_locked);
    expect_chip_error([&] { session.record_failed_activation(stop.get_token()); },
                      Kind::not_locked);
    EXPECT_THROW(session.record_activation("2026-11-24", stop.get_token()), std::invalid_argument);
}

TEST_F(Station, WrongSamIsRefusedByTheChip)
{
    insert_blank();
    sim::virtual_sam::SamApplet wrong(sim::sm::wrong_demo_issuer_key());
    TestReader wrong_reader("wrong SAM", card_in(wrong));
    KtpelChipSession session(chip_reader, wrong_reader);
    const auto error = expect_chip_error([&] { session.open(stop.get_token()); }, Kind::wrong_sam);
    EXPECT_EQ(error.status_word(), sw::authentication_failed);
    EXPECT_FALSE(session.is_open());
    EXPECT_FALSE(card_status()["secure_session"]);
    EXPECT_FALSE(wrong.in_secure_session());
    expect_chip_error([&] { session.read_biographic(stop.get_token()); }, Kind::secure_messaging);

    // The card is unharmed: the right SAM opens it.
    KtpelChipSession right(chip_reader, sam_reader);
    EXPECT_EQ(right.open(stop.get_token()).life_cycle, LifeCycle::blank);
    EXPECT_NE(right.sam_key_check_value(),
              sim::sm::key_check_value(sim::sm::wrong_demo_issuer_key().view()));
}

TEST_F(Station, ChipWithoutTheIssuerKeyIsRefusedByTheSam)
{
    insert_blank();
    // A fake chip answers MUTUAL AUTHENTICATE with bytes of the right size.
    chip_reader.on_answer = [](std::size_t, Bytes& answer) {
        if (answer.size() == kAuthCryptogramSize + 2)
            sim::sm::random_bytes(std::span(answer).first(kAuthCryptogramSize));
    };
    KtpelChipSession session(chip_reader, sam_reader);
    const auto error =
        expect_chip_error([&] { session.open(stop.get_token()); }, Kind::authentication_failed);
    EXPECT_EQ(error.status_word(), sw::authentication_failed);
    EXPECT_FALSE(sam.in_secure_session());
}

TEST_F(Station, TamperedCommandIsRefusedAndEndsTheSession)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    const ChipContents contents = sample_contents();
    session.write_biographic(contents.biographic, stop.get_token());

    bool tampered = false;
    chip_reader.on_command = [&](std::size_t, Bytes& command) {
        if (!tampered && is_protected(command, ins::update_binary)) {
            command[12] ^= 0x40; // inside the encrypted data
            tampered = true;
        }
    };
    const auto error = expect_chip_error(
        [&] { session.write_data_group(DataGroup::face, contents.face_jpeg, stop.get_token()); },
        Kind::secure_messaging);
    EXPECT_TRUE(tampered);
    EXPECT_EQ(error.status_word(), sw::sm_objects_incorrect);
    EXPECT_FALSE(session.is_open());
    EXPECT_FALSE(card_status()["secure_session"]);
    // The tampered UPDATE did not land: the face group is as ERASE left it.
    EXPECT_EQ(card_status()["data_groups"]["face"]["bytes"], 0);
    expect_chip_error([&] { session.read_biographic(stop.get_token()); }, Kind::secure_messaging);

    // A new session carries on.
    session.open(stop.get_token());
    session.write_data_group(DataGroup::face, contents.face_jpeg, stop.get_token());
    EXPECT_EQ(session.read_biographic(stop.get_token()), contents.biographic);
}

TEST_F(Station, TamperedAnswerIsRefusedByTheSam)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    session.write_biographic(sample_contents().biographic, stop.get_token());

    bool tampered = false;
    chip_reader.on_answer = [&](std::size_t, Bytes& answer) {
        // The first answer carrying data (DO'87') from here on.
        if (!tampered && answer.size() > 20 && answer[0] == 0x87) {
            answer[5] ^= 0x01;
            tampered = true;
        }
    };
    const auto error = expect_chip_error([&] { session.read_biographic(stop.get_token()); },
                                         Kind::secure_messaging);
    EXPECT_TRUE(tampered);
    EXPECT_EQ(error.status_word(), sw::sm_objects_incorrect);
    EXPECT_FALSE(session.is_open());
    EXPECT_FALSE(sam.in_secure_session());
}

TEST_F(Station, AnswerWithoutStatusWordIsAnIoError)
{
    // What pcscd hands back when vpcd loses the card in the middle of an APDU.
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    chip_reader.on_answer = [](std::size_t, Bytes& answer) {
        answer.clear();
    };
    expect_chip_error([&] { session.read_biographic(stop.get_token()); }, Kind::io);
    EXPECT_FALSE(session.is_open());
}

TEST_F(Station, ReplayedCommandIsRefused)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    std::optional<Bytes> first_update;
    chip_reader.on_command = [&](std::size_t, Bytes& command) {
        if (!is_protected(command, ins::update_binary))
            return;
        if (!first_update)
            first_update = command;
        else
            command = *first_update; // the attacker sends the first chunk again
    };
    const auto error = expect_chip_error(
        [&] {
            session.write_data_group(DataGroup::face, sample_contents().face_jpeg,
                                     stop.get_token());
        },
        Kind::secure_messaging);
    EXPECT_EQ(error.status_word(), sw::sm_objects_incorrect);
    // Only the genuine first chunk is on the card.
    EXPECT_EQ(card_status()["data_groups"]["face"]["bytes"], kChunkSize);
}

TEST_F(Station, ReplayedAnswerIsRefusedByTheSam)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    std::optional<Bytes> first_answer;
    chip_reader.on_answer = [&](std::size_t, Bytes& answer) {
        if (answer.size() != 16 || answer[0] != 0x99) // a protected 9000 without data
            return;
        if (!first_answer)
            first_answer = answer;
        else
            answer = *first_answer; // "it worked", replayed from an earlier command
    };
    const auto error = expect_chip_error(
        [&] {
            session.write_data_group(DataGroup::face, sample_contents().face_jpeg,
                                     stop.get_token());
        },
        Kind::secure_messaging);
    EXPECT_EQ(error.status_word(), sw::sm_objects_incorrect);
    EXPECT_FALSE(sam.in_secure_session());
}

TEST_F(Station, CardPulledMidWriteLeavesAVisiblyIncompleteCard)
{
    const CardUid uid = insert_blank();
    const ChipContents contents = sample_contents();
    {
        KtpelChipSession session(chip_reader, sam_reader);
        session.open(stop.get_token());
        slot.pull_after_writes(10); // a few chunks into the face
        expect_chip_error([&] { session.personalise(contents, stop.get_token()); },
                          Kind::card_removed);
        EXPECT_FALSE(session.is_open());
        EXPECT_FALSE(slot.present());
        expect_chip_error([&] { session.lock(stop.get_token()); }, Kind::secure_messaging);
    }

    slot.insert(uid);
    KtpelChipSession session(chip_reader, sam_reader);
    EXPECT_EQ(session.open(stop.get_token()).life_cycle, LifeCycle::personalising);
    EXPECT_EQ(session.read_biographic(stop.get_token()), contents.biographic);
    const auto partial = session.read_raw_data_group(DataGroup::face, stop.get_token());
    const auto whole = wrap_data_group(DataGroup::face, contents.face_jpeg);
    EXPECT_GT(partial.size(), 0u);
    EXPECT_LT(partial.size(), whole.size());
    EXPECT_TRUE(std::equal(partial.begin(), partial.end(), whole.begin()));
    expect_chip_error([&] { session.read_data_group(DataGroup::face, stop.get_token()); },
                      Kind::incomplete);
    expect_chip_error([&] { session.lock(stop.get_token()); }, Kind::incomplete);

    // Personalising again from the start finishes the card.
    session.personalise(contents, stop.get_token());
    EXPECT_EQ(session.read_data_group(DataGroup::face, stop.get_token()), contents.face_jpeg);
    EXPECT_EQ(card_status()["life_cycle"], "locked");
}

TEST_F(Station, CardPulledByTheLockItselfIsLockedAfterReinsertion)
{
    const CardUid uid = insert_blank();
    const ChipContents contents = sample_contents();
    {
        KtpelChipSession session(chip_reader, sam_reader);
        session.open(stop.get_token());
        // The LOCK lands, but its answer never reaches the host.
        slot.pull_after_writes(static_cast<unsigned>(personalisation_writes(contents)) + 1);
        expect_chip_error([&] { session.personalise(contents, stop.get_token()); },
                          Kind::card_removed);
    }
    slot.insert(uid);
    KtpelChipSession session(chip_reader, sam_reader);
    EXPECT_EQ(session.open(stop.get_token()).life_cycle, LifeCycle::locked);
    EXPECT_EQ(session.read_biographic(stop.get_token()), contents.biographic);
    EXPECT_EQ(session.read_data_group(DataGroup::signature, stop.get_token()),
              contents.signature_image);
}

TEST_F(Station, CancellationStopsBetweenChunks)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader, [&](const ChipProgress& step) {
        if (step.stage == ChipStage::writing && step.done_bytes > 0)
            stop.request_stop();
    });
    session.open(stop.get_token());
    expect_chip_error(
        [&] {
            session.write_data_group(DataGroup::face, sample_contents().face_jpeg,
                                     stop.get_token());
        },
        Kind::cancelled);
    EXPECT_EQ(card_status()["data_groups"]["face"]["bytes"], kChunkSize);
    EXPECT_EQ(card_status()["life_cycle"], "personalising");
}

TEST_F(Station, OversizedGroupIsRefusedBeforeAnyApdu)
{
    insert_blank();
    KtpelChipSession session(chip_reader, sam_reader);
    session.open(stop.get_token());
    const std::size_t sent = chip_reader.log.size();
    const Bytes too_big(layout_of(DataGroup::face).capacity, 0xAB);
    expect_chip_error([&] { session.write_data_group(DataGroup::face, too_big, stop.get_token()); },
                      Kind::data_too_large);
    EXPECT_EQ(chip_reader.log.size(), sent);
    EXPECT_TRUE(session.is_open());
}

TEST_F(Station, EmptyReadersAndForeignCardsAreTyped)
{
    KtpelChipSession no_card(chip_reader, sam_reader);
    expect_chip_error([&] { no_card.open(stop.get_token()); }, Kind::no_card);

    insert_blank();
    TestReader no_sam("empty SAM reader", {[] { return false; }, [] { return std::uint64_t{0}; },
                                           [] { return Bytes{}; }, [] {},
                                           [](std::span<const std::uint8_t>) {
                                               return std::nullopt;
                                           }});
    KtpelChipSession without_sam(chip_reader, no_sam);
    expect_chip_error([&] { without_sam.open(stop.get_token()); }, Kind::sam_unavailable);

    // A card without the KTP-el application (an ordinary ISO 7816 card).
    TestReader foreign("foreign card", {[] { return true; }, [] { return std::uint64_t{1}; },
                                        [] { return hex("3B8080"); }, [] {},
                                        [](std::span<const std::uint8_t>) -> std::optional<Bytes> {
                                            return hex("6A82");
                                        }});
    expect_chip_error([&] { read_chip_info(foreign, stop.get_token()); }, Kind::not_ktpel);
    KtpelChipSession with_foreign(foreign, sam_reader);
    expect_chip_error([&] { with_foreign.open(stop.get_token()); }, Kind::not_ktpel);

    // The chip in the SAM reader is not a SAM.
    KtpelChipSession swapped(chip_reader, chip_reader);
    expect_chip_error([&] { swapped.open(stop.get_token()); }, Kind::sam_unavailable);
}

} // namespace
} // namespace ktpel::chip::test
