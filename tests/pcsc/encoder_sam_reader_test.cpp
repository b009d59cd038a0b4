// SPDX-License-Identifier: Apache-2.0
// The encoder's SAM reader as the device manager binds it (ReaderByName):
// missing when the encoder is created, plugged in later, pulled and put
// back, all while the same encoder object stays bound. In process, on the
// emulated reader bus, with the virtual chip and SAM behind it.
#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "daemon/devices/reader_by_name.hpp"
#include "drivers/classes/card_encoder.hpp"
#include "drivers/registry/driver_registry.hpp"
#include "sim/card_sm/issuer_keys.hpp"
#include "sim/emulators/emulated_reader_bus.hpp"
#include "sim/virtual_chip/card_store.hpp"
#include "sim/virtual_chip/chip_slot.hpp"
#include "sim/virtual_sam/sam_applet.hpp"

namespace ktpel::test {
namespace {

using drivers::DeviceFailure;
using smartcard::ReaderError;

constexpr const char* kChipReader = "KTPEL Encoder 00 00";
constexpr const char* kSamReader = "KTPEL Encoder 00 01";

class ScratchDirectory
{
public:
    ScratchDirectory()
    {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("ktpel-encoder-sam-" + std::to_string(random()) + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDirectory() { std::filesystem::remove_all(path_); }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

sim::VirtualCard sam_card(sim::sm::SecretBytes key)
{
    auto applet = std::make_shared<sim::virtual_sam::SamApplet>(std::move(key));
    sim::VirtualCard card;
    card.atr = sim::virtual_sam::SamApplet::answer_to_reset();
    card.respond = [applet](std::span<const std::uint8_t> apdu) {
        return applet->transmit(apdu);
    };
    return card;
}

// A holder's data; the chip takes the biometric buffers as opaque bytes.
chip::ChipContents contents()
{
    chip::ChipContents contents;
    contents.biographic.nik = "3508015203900001";
    contents.biographic.nama = "DEWI KARTIKA SARI";
    contents.face_jpeg.assign(900, 0x5A);
    contents.right_index_template.assign(300, 0x21);
    contents.left_index_template.assign(280, 0x12);
    contents.signature_image.assign(400, 0x77);
    return contents;
}

class EncoderSamReaderTest : public ::testing::Test
{
protected:
    EncoderSamReaderTest()
    {
        bus_.add_reader(kChipReader, std::nullopt);
        slot_.insert_blank();
        sim::VirtualCard chip;
        chip.atr = slot_.atr();
        chip.respond = [this](std::span<const std::uint8_t> apdu) {
            auto answer = slot_.transmit(apdu);
            if (!answer)
                throw ReaderError(ReaderError::Kind::card_removed, "pulled");
            return *answer;
        };
        bus_.insert_card(kChipReader, std::move(chip));
    }

    // The encoder as DeviceManager::bind_reader makes it.
    std::unique_ptr<drivers::Device> bind_encoder()
    {
        const auto* driver = drivers::DriverRegistry::instance().find("ktpel-encoder");
        EXPECT_NE(driver, nullptr);
        drivers::DriverBinding binding;
        binding.reader = bus_.open(kChipReader);
        binding.sam_reader = std::make_unique<daemon::ReaderByName>(bus_, kSamReader);
        binding.options = {{"sam_reader", kSamReader}, {"serial", "TEST-EN-1"}};
        return driver->create(std::move(binding));
    }

    drivers::OperationContext context() const
    {
        return drivers::OperationContext(stop_.get_token(), std::chrono::steady_clock::now() +
                                                                std::chrono::seconds(30));
    }

    // Runs `work`, which must fail with the encoder's sam_unavailable that
    // names the SAM reader.
    template <typename Work>
    void expect_sam_unavailable(Work&& work)
    {
        try {
            work();
            ADD_FAILURE() << "the chip work succeeded without a SAM";
        } catch (const DeviceFailure& failure) {
            EXPECT_EQ(failure.kind(), DeviceFailure::Kind::hardware);
            EXPECT_EQ(failure.reason(), "sam_unavailable") << failure.what();
            EXPECT_NE(std::string(failure.what()).find(kSamReader), std::string::npos)
                << failure.what();
        }
    }

    ScratchDirectory directory_;
    sim::virtual_chip::CardStore store_{directory_.path() / "cards"};
    sim::virtual_chip::ChipSlot slot_{store_, sim::sm::demo_issuer_key()};
    sim::EmulatedReaderBus bus_;
    std::stop_source stop_;
};

TEST_F(EncoderSamReaderTest, ASamReaderPluggedInAfterTheEncoderIsUsedByTheNextSession)
{
    auto device = bind_encoder();
    auto& encoder = dynamic_cast<drivers::CardEncoder&>(*device);
    EXPECT_EQ(encoder.capabilities()["sam_reader"], kSamReader);
    // The card itself needs no SAM.
    const auto info = encoder.wait_for_chip(context());
    EXPECT_EQ(info.life_cycle, chip::LifeCycle::blank);
    expect_sam_unavailable([&] { encoder.personalise(contents(), context()); });

    bus_.add_reader(kSamReader, sam_card(sim::sm::demo_issuer_key()));
    const auto written = encoder.personalise(contents(), context());
    EXPECT_EQ(written.life_cycle, chip::LifeCycle::locked);
    EXPECT_EQ(written.uid, info.uid);
}

TEST_F(EncoderSamReaderTest, ASamReaderPulledAndPutBackIsFoundAgain)
{
    bus_.add_reader(kSamReader, sam_card(sim::sm::demo_issuer_key()));
    auto device = bind_encoder();
    auto& encoder = dynamic_cast<drivers::CardEncoder&>(*device);
    encoder.personalise(contents(), context());
    EXPECT_EQ(encoder.read_enrolled(context()).nik, "3508015203900001");

    bus_.set_reader_present(kSamReader, false);
    expect_sam_unavailable([&] { encoder.read_enrolled(context()); });
    bus_.set_reader_present(kSamReader, true);
    EXPECT_EQ(encoder.read_enrolled(context()).nik, "3508015203900001");
}

TEST_F(EncoderSamReaderTest, ACancelledSessionDoesNotLookForTheSamReader)
{
    daemon::ReaderByName sam(bus_, kSamReader);
    bus_.add_reader(kSamReader, sam_card(sim::sm::demo_issuer_key()));
    stop_.request_stop();
    try {
        sam.connect(stop_.get_token());
        ADD_FAILURE() << "connected although cancelled";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), ReaderError::Kind::cancelled);
    }
    EXPECT_FALSE(sam.resolved_now());
}

TEST_F(EncoderSamReaderTest, AReaderByNameReportsAMissingReaderAsGoneUntilItComes)
{
    daemon::ReaderByName sam(bus_, kSamReader);
    EXPECT_EQ(sam.name(), kSamReader);
    const auto expect_gone = [&](auto&& call) {
        try {
            call();
            ADD_FAILURE() << "the reader was found";
        } catch (const ReaderError& error) {
            EXPECT_EQ(error.kind(), ReaderError::Kind::reader_gone) << error.what();
        }
    };
    expect_gone([&] { sam.card_present(); });
    expect_gone([&] { sam.connect(stop_.get_token()); });
    EXPECT_FALSE(sam.resolved_now());
    sam.disconnect(); // nothing to release: no error

    bus_.add_reader(kSamReader, sam_card(sim::sm::demo_issuer_key()));
    EXPECT_TRUE(sam.card_present());
    EXPECT_EQ(sam.connect(stop_.get_token()), sim::virtual_sam::SamApplet::answer_to_reset());
    EXPECT_TRUE(sam.resolved_now());

    // Gone mid-session: the handle is dropped, and the next connect looks
    // the name up again.
    bus_.set_reader_present(kSamReader, false);
    static constexpr std::uint8_t kSelect[] = {0x00, 0xA4, 0x04, 0x0C, 0x01, 0xA0};
    expect_gone([&] { sam.transmit(kSelect); });
    EXPECT_FALSE(sam.resolved_now());
    try {
        sam.transmit(kSelect);
        ADD_FAILURE() << "transmitted without a connection";
    } catch (const ReaderError& error) {
        EXPECT_EQ(error.kind(), ReaderError::Kind::no_card);
    }
    bus_.set_reader_present(kSamReader, true);
    EXPECT_FALSE(sam.connect(stop_.get_token()).empty());
}

} // namespace
} // namespace ktpel::test
