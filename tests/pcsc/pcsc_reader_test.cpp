// SPDX-License-Identifier: Apache-2.0
// PcscReaderBus and PcscReader against a real, private pcscd whose vpcd
// slots hold EchoCards.
#include <gtest/gtest.h>

#include "drivers/transport/pcsc/pcsc_error.hpp"
#include "drivers/transport/pcsc/pcsc_reader_bus.hpp"
#include "pcscd_fixture.hpp"

namespace ktpel::test {
namespace {

using smartcard::ReaderError;
using smartcard::pcsc::PcscError;
using smartcard::pcsc::PcscReader;
using smartcard::pcsc::PcscReaderBus;
using Bytes = std::vector<std::uint8_t>;
using Kind = ReaderError::Kind;

const Bytes first_atr{0x3B, 0x80, 0x80, 0x01, 0x01};
const Bytes second_atr{0x3B, 0x81, 0x80, 0x01, 0x4B, 0xCB}; // one historical byte, 'K'

class PcscReaderTest : public PcscdTest
{
protected:
    PcscReader& open_encoder()
    {
        auto reader = bus_.open_reader(encoder_reader_, bus_.options());
        encoder_ = std::move(reader);
        return *encoder_;
    }

    // Puts a card in the encoder slot and waits until pcscd has it.
    std::shared_ptr<EchoCard> insert_card(sim::vpcd::VpcdCardSlot& slot, smartcard::Reader& reader,
                                          Bytes atr = first_atr)
    {
        auto card = std::make_shared<EchoCard>(std::move(atr));
        slot.insert(card);
        EXPECT_TRUE(eventually([&] { return reader.card_present(); }))
            << "pcscd never saw the card";
        return card;
    }

    PcscReaderBus bus_;
    std::unique_ptr<PcscReader> encoder_;
};

TEST_F(PcscReaderTest, ListsTheTwoVpcdSlotsUnderTheirDocumentedNames)
{
    EXPECT_EQ(bus_.readers(),
              (std::vector<std::string>{"KTPEL Encoder 00 00", "KTPEL Encoder 00 01"}));
    EXPECT_EQ(encoder_reader_, "KTPEL Encoder 00 00");
    EXPECT_EQ(sam_reader_, "KTPEL Encoder 00 01");
}

TEST_F(PcscReaderTest, OpeningAnUnknownReaderIsReaderGone)
{
    try {
        bus_.open("No Such Reader 00 00");
        FAIL() << "opened a reader pcscd does not have";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), Kind::reader_gone);
    }
}

TEST_F(PcscReaderTest, AnEmptySlotHasNoCard)
{
    auto& reader = open_encoder();
    EXPECT_FALSE(reader.card_present());
    try {
        reader.connect({});
        FAIL() << "connected to an empty slot";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), Kind::no_card) << error.what();
    }
    try {
        reader.transmit(Bytes{0x00, 0xA4, 0x00, 0x00});
        FAIL() << "transmitted without a connection";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), Kind::no_card);
    }
}

TEST_F(PcscReaderTest, ConnectsAndExchangesApdusWithTheVirtualCard)
{
    sim::vpcd::VpcdCardSlot slot(host_, encoder_port_);
    auto& reader = open_encoder();
    auto card = insert_card(slot, reader);

    EXPECT_EQ(reader.connect({}), first_atr);
    EXPECT_TRUE(reader.connected());
    EXPECT_EQ(reader.active_protocol(), DWORD{SCARD_PROTOCOL_T1}); // the ATR offers T=1 only
    const Bytes get_challenge{0x00, 0x84, 0x00, 0x00, 0x08};
    EXPECT_EQ(reader.transmit(get_challenge), (Bytes{0x00, 0x84, 0x00, 0x00, 0x08, 0x90, 0x00}));
    // An extended-length APDU goes through whole.
    Bytes extended{0x00, 0xD6, 0x00, 0x00, 0x00, 0x04, 0x00};
    extended.resize(7 + 1024, 0x5A);
    EXPECT_EQ(reader.transmit(extended).size(), extended.size() + 2);
    EXPECT_GE(card->apdus, 2);

    const int resets_before = card->resets;
    reader.disconnect(); // on_disconnect = reset by default
    EXPECT_FALSE(reader.connected());
    EXPECT_TRUE(eventually([&] { return card->resets > resets_before; }));
}

TEST_F(PcscReaderTest, TheSamSlotIsASecondIndependentReader)
{
    sim::vpcd::VpcdCardSlot encoder_slot(host_, encoder_port_);
    sim::vpcd::VpcdCardSlot sam_slot(host_, sam_port_);
    auto& encoder = open_encoder();
    auto sam = bus_.open(sam_reader_);
    insert_card(sam_slot, *sam, second_atr);
    EXPECT_FALSE(encoder.card_present());
    EXPECT_EQ(sam->connect({}), second_atr);
    insert_card(encoder_slot, encoder);
    EXPECT_EQ(encoder.connect({}), first_atr);
}

TEST_F(PcscReaderTest, ExclusiveAccessIsRefusedToASecondHandle)
{
    sim::vpcd::VpcdCardSlot slot(host_, encoder_port_);
    auto& holder = open_encoder();
    insert_card(slot, holder);
    ASSERT_EQ(holder.connect({}), first_atr);

    PcscReaderBus other_application;
    auto second = other_application.open(encoder_reader_);
    try {
        second->connect({});
        FAIL() << "a second handle connected to an exclusively held card";
    } catch (const PcscError& error) {
        EXPECT_EQ(error.code(), SCARD_E_SHARING_VIOLATION) << error.what();
        EXPECT_EQ(error.kind(), Kind::io);
    }
    auto shared = other_application.open_reader(encoder_reader_,
                                                {.share = smartcard::pcsc::ShareMode::shared});
    EXPECT_THROW(shared->connect({}), PcscError);

    holder.disconnect();
    EXPECT_EQ(second->connect({}), first_atr);
}

TEST_F(PcscReaderTest, ACardPulledMidTransactionIsReportedAndTheNextCardWorks)
{
    sim::vpcd::VpcdCardSlot slot(host_, encoder_port_);
    // A generous grace: the verdict waits for pcscd's next poll, which a
    // loaded machine may delay.
    auto reader = bus_.open_reader(encoder_reader_, {.removal_grace = std::chrono::seconds(10)});
    insert_card(slot, *reader);
    ASSERT_EQ(reader->connect({}), first_atr);
    {
        auto transaction = reader->begin_transaction();
        EXPECT_EQ(reader->transmit(Bytes{0x00, 0xB0, 0x00, 0x00, 0x02}).size(), 7u);

        slot.remove(); // and exchange at once, before pcscd has noticed
        for (int attempt = 0; attempt < 2; ++attempt) {
            try {
                reader->transmit(Bytes{0x00, 0xB0, 0x00, 0x02, 0x02});
                FAIL() << "transmitted to a card that was pulled";
            } catch (const ReaderError& error) {
                EXPECT_EQ(error.kind(), Kind::card_removed) << error.what();
            }
        }
        // The transaction's destructor ends it on a dead handle quietly.
    }
    EXPECT_FALSE(reader->card_present());
    reader->disconnect();

    insert_card(slot, *reader, second_atr);
    EXPECT_EQ(reader->connect({}), second_atr);
    EXPECT_EQ(reader->transmit(Bytes{0x00, 0x84, 0x00, 0x00, 0x04}).size(), 7u);
}

TEST_F(PcscReaderTest, ACardPulledBetweenExchangesIsReportedRemoved)
{
    sim::vpcd::VpcdCardSlot slot(host_, encoder_port_);
    auto& reader = open_encoder();
    insert_card(slot, reader);
    ASSERT_EQ(reader.connect({}), first_atr);
    slot.remove();
    ASSERT_TRUE(eventually([&] { return !reader.card_present(); }));
    try {
        reader.transmit(Bytes{0x00, 0x84, 0x00, 0x00, 0x04});
        FAIL() << "transmitted to a card that was pulled";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), Kind::card_removed) << error.what();
    }
}

TEST_F(PcscReaderTest, ConnectHonoursAStopRequestedBefore)
{
    auto& reader = open_encoder();
    std::stop_source stop;
    stop.request_stop();
    try {
        reader.connect(stop.get_token());
        FAIL() << "connect ignored the stop request";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), Kind::cancelled);
    }
}

TEST_F(PcscReaderTest, TheBusAndItsReadersWorkAgainAfterAPcscdRestart)
{
    sim::vpcd::VpcdCardSlot slot(host_, encoder_port_);
    auto& reader = open_encoder();
    auto card = insert_card(slot, reader);
    ASSERT_EQ(reader.connect({}), first_atr);

    pcscd_->kill();
    EXPECT_TRUE(bus_.readers().empty()); // pcscd is gone: no readers, not an error
    try {
        reader.transmit(Bytes{0x00, 0x84, 0x00, 0x00, 0x04});
        FAIL() << "transmitted through a dead pcscd";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), Kind::reader_gone) << error.what();
    }

    pcscd_->start();
    EXPECT_EQ(bus_.readers().size(), 2u);
    // The slot reconnects the card to the new pcscd's vpcd by itself.
    ASSERT_TRUE(eventually([&] { return reader.card_present(); }));
    EXPECT_GE(slot.connections(), 2); // 3 if it reached the dying pcscd's backlog once more
    EXPECT_EQ(reader.connect({}), first_atr);
    EXPECT_EQ(reader.transmit(Bytes{0x00, 0x84, 0x00, 0x00, 0x04}).size(), 7u);
}

} // namespace
} // namespace ktpel::test
