// SPDX-License-Identifier: Apache-2.0
// ReaderByName (how the device manager hands the encoder its SAM reader)
// against a real, private pcscd: a reader pcscd does not list yet is
// found at the first connect after it appears, and again after pcscd
// went away and came back.
//
// The reader appears with pcscd's start rather than as a second vpcd
// entry: vpcd keeps one card connection per slot number across all its
// reader.conf entries, so a second entry's slots share the first's.
#include <gtest/gtest.h>

#include "daemon/devices/reader_by_name.hpp"
#include "drivers/transport/pcsc/pcsc_reader_bus.hpp"
#include "pcscd_fixture.hpp"

namespace ktpel::test {
namespace {

using smartcard::ReaderError;
using Bytes = std::vector<std::uint8_t>;

const Bytes kAtr{0x3B, 0x80, 0x80, 0x01, 0x01};
const Bytes kGetChallenge{0x00, 0x84, 0x00, 0x00, 0x08};

class ReaderByNameTest : public PcscdTest
{
protected:
    // Whether the reader answers: a card is there and echoes an APDU.
    static bool answers(smartcard::Reader& reader, std::stop_token stop)
    {
        try {
            if (!reader.card_present())
                return false;
            EXPECT_EQ(reader.connect(stop), kAtr);
            auto echoed = kGetChallenge;
            echoed.push_back(0x90);
            echoed.push_back(0x00);
            EXPECT_EQ(reader.transmit(kGetChallenge), echoed);
            reader.disconnect();
            return true;
        } catch (const ReaderError&) {
            return false; // not there (yet)
        }
    }

    smartcard::pcsc::PcscReaderBus bus_;
    std::stop_source stop_;
};

TEST_F(ReaderByNameTest, AReaderListedOnlyAfterwardsIsFoundAtTheNextConnect)
{
    pcscd_->stop();
    sim::vpcd::VpcdCardSlot slot(host_, sam_port_); // keeps trying until vpcd listens
    slot.insert(std::make_shared<EchoCard>(kAtr));
    daemon::ReaderByName sam(bus_, sam_reader_);
    try {
        sam.connect(stop_.get_token());
        FAIL() << "connected to a reader no pcscd lists";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), ReaderError::Kind::reader_gone) << error.what();
    }
    EXPECT_FALSE(sam.resolved_now());

    pcscd_->start();
    EXPECT_TRUE(eventually([&] { return answers(sam, stop_.get_token()); })) << pcscd_->log();
    EXPECT_TRUE(sam.resolved_now());

    // pcscd crashes and comes back: the same object finds the reader again.
    pcscd_->kill();
    EXPECT_FALSE(answers(sam, stop_.get_token()));
    pcscd_->start();
    EXPECT_TRUE(eventually([&] { return answers(sam, stop_.get_token()); })) << pcscd_->log();
}

} // namespace
} // namespace ktpel::test
