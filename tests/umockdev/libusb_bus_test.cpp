// SPDX-License-Identifier: Apache-2.0
// LibusbBus on umockdev's mocked bus. station.umockdev provides sysfs and
// the /dev/bus/usb nodes: a root hub, the KIP slap scanner at 1-2, a hub at
// 1-4 and the card printer behind it at 1-4.3. station.pcap is the devices'
// side of the conversation, which umockdev replays in order per device
// (make_station_pcap.py writes it). Run it through ctest
// (libusb_bus_umockdev), which wraps this binary in umockdev-run.
//
// One replay serves the whole process, so the tests share one bus and run
// in the order written: enumeration (string descriptors) in SetUpTestSuite,
// then the scanner's bulk exchange, then what the recording never answers.
// For the latter umockdev logs "Replay may be stuck: Reaping discard URB":
// expected, the cancelled URBs have no counterpart in the recording.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "drivers/transport/libusb/libusb_bus.hpp"

namespace {

using namespace std::chrono_literals;
using ktpel::usb::DeviceDescription;
using ktpel::usb::DeviceHandle;
using ktpel::usb::LibusbBus;
using ktpel::usb::TransferError;
using ktpel::usb::TransferErrorKind;

constexpr std::uint8_t kScannerOut = 0x01;
constexpr std::uint8_t kScannerIn = 0x81;
// KIP get_status, sequence 1, and the scanner's status reply (idle, no
// subject); the same bytes make_station_pcap.py records.
const std::vector<std::uint8_t> kGetStatus{0x4b, 0x50, 0x02, 0x01, 0x00, 0x00,
                                           0x00, 0x00, 0xde, 0x60, 0xa8, 0x42};
const std::vector<std::uint8_t> kStatusReply{0x4b, 0x50, 0x82, 0x01, 0x02, 0x00, 0x00,
                                             0x00, 0x00, 0x00, 0x4f, 0xfd, 0x23, 0x0d};

// The daemon's arrangement: the io_context runs on its own thread while a
// worker (here the test thread) blocks in transfers.
class LoopThread
{
public:
    explicit LoopThread(boost::asio::io_context& io)
        : io_(io), work_(boost::asio::make_work_guard(io)), thread_([&io] { io.run(); })
    {
    }
    ~LoopThread()
    {
        work_.reset();
        io_.stop();
        thread_.join();
        io_.restart();
    }

private:
    boost::asio::io_context& io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
};

template <typename F>
std::optional<TransferErrorKind> error_kind_of(F&& operation)
{
    try {
        operation();
    } catch (const TransferError& error) {
        return error.kind();
    }
    return std::nullopt;
}

class LibusbBusUmockdev : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        if (std::getenv("UMOCKDEV_DIR") == nullptr)
            return; // every test fails in SetUp, saying why
        bus_ = std::make_unique<LibusbBus>(io_);
        devices_ = bus_->enumerate();
    }

    static void TearDownTestSuite() { bus_.reset(); }

    void SetUp() override
    {
        ASSERT_NE(std::getenv("UMOCKDEV_DIR"), nullptr)
            << "run under umockdev-run (ctest -R libusb_bus_umockdev)";
    }

    static const DeviceDescription* device(std::uint16_t vendor_id, std::uint16_t product_id)
    {
        const auto it = std::find_if(devices_.begin(), devices_.end(), [&](const auto& device) {
            return device.vendor_id == vendor_id && device.product_id == product_id;
        });
        return it == devices_.end() ? nullptr : &*it;
    }

    static inline boost::asio::io_context io_;
    static inline std::unique_ptr<LibusbBus> bus_;
    static inline std::vector<DeviceDescription> devices_;
};

TEST_F(LibusbBusUmockdev, EnumeratesBothDevicesButNoHubs)
{
    EXPECT_EQ(devices_.size(), 2u); // not the root hub, not the hub at 1-4
    EXPECT_NE(device(0x2e5a, 0x0f01), nullptr) << "fingerprint scanner missing";
    EXPECT_NE(device(0xf1f0, 0x0022), nullptr) << "card printer missing";
}

TEST_F(LibusbBusUmockdev, LocationsFollowThePortChain)
{
    const auto* scanner = device(0x2e5a, 0x0f01);
    const auto* printer = device(0xf1f0, 0x0022);
    ASSERT_NE(scanner, nullptr);
    ASSERT_NE(printer, nullptr);
    EXPECT_EQ(scanner->location, "1-2");
    EXPECT_EQ(printer->location, "1-4.3");
}

// The strings come from GET_DESCRIPTOR control transfers umockdev answers
// from station.pcap, not from the sysfs attributes.
TEST_F(LibusbBusUmockdev, ReadsStringDescriptors)
{
    const auto* scanner = device(0x2e5a, 0x0f01);
    const auto* printer = device(0xf1f0, 0x0022);
    ASSERT_NE(scanner, nullptr);
    ASSERT_NE(printer, nullptr);
    EXPECT_EQ(scanner->manufacturer, "Ktpel Sim");
    EXPECT_EQ(scanner->product, "KIP Slap Scanner");
    EXPECT_EQ(scanner->serial, "UMOCK-FP-1");
    EXPECT_EQ(printer->manufacturer, "Ktpel Sim");
    EXPECT_EQ(printer->product, "Card Printer");
    EXPECT_EQ(printer->serial, "UMOCK-PR-1");
}

TEST_F(LibusbBusUmockdev, OpenOfAnUnknownLocationIsNotFound)
{
    EXPECT_EQ(error_kind_of([] { bus_->open("1-9"); }), TransferErrorKind::not_found);
    EXPECT_EQ(error_kind_of([] { bus_->open("3-2"); }), TransferErrorKind::not_found);
    // A hub is never offered to drivers, so it cannot be opened either.
    EXPECT_EQ(error_kind_of([] { bus_->open("1-4"); }), TransferErrorKind::not_found);
}

TEST_F(LibusbBusUmockdev, ScannerTransfersCompleteOnTheLoop)
{
    const std::unique_ptr<DeviceHandle> scanner = bus_->open("1-2");
    EXPECT_EQ(scanner->description().serial, "UMOCK-FP-1");
    // No claim_interface(0): with kernel-driver auto-detach libusb claims
    // through USBDEVFS_DISCONNECT_CLAIM, falling back to GETDRIVER and
    // USBDEVFS_IOCTL, and umockdev's pcap replay answers all three ENOTTY,
    // which libusb reports as LIBUSB_ERROR_OTHER. umockdev does not check
    // claims, so the transfers below work without one.
    const LoopThread loop(io_);

    // Generous deadlines: only the loop's handling of the replayed URBs can
    // complete these in time; a loop that missed them would end in timeouts.
    scanner->bulk_write(kScannerOut, kGetStatus, 5s, {});
    std::array<std::uint8_t, 64> buffer{};
    const std::size_t count = scanner->bulk_read(kScannerIn, buffer, 5s, {});
    EXPECT_EQ(std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + count), kStatusReply);

    // The recording stalls the next read.
    EXPECT_EQ(error_kind_of([&] { scanner->bulk_read(kScannerIn, buffer, 5s, {}); }),
              TransferErrorKind::stall);

    // Nothing further is recorded: libusb's deadline (its timer fd, watched
    // by the loop) ends the next read.
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(error_kind_of([&] { scanner->bulk_read(kScannerIn, buffer, 100ms, {}); }),
              TransferErrorKind::timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST_F(LibusbBusUmockdev, StopTokenCancelsAPendingRead)
{
    const std::unique_ptr<DeviceHandle> scanner = bus_->open("1-2");
    const LoopThread loop(io_);
    std::stop_source stop;
    const std::jthread canceller([&stop] {
        std::this_thread::sleep_for(100ms);
        stop.request_stop();
    });
    std::array<std::uint8_t, 64> buffer{};
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(error_kind_of([&] { scanner->bulk_read(kScannerIn, buffer, 30s, stop.get_token()); }),
              TransferErrorKind::cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST_F(LibusbBusUmockdev, AStoppedTokenDoesNotSubmit)
{
    const std::unique_ptr<DeviceHandle> scanner = bus_->open("1-2");
    std::stop_source stop;
    stop.request_stop();
    std::array<std::uint8_t, 64> buffer{};
    EXPECT_EQ(error_kind_of([&] { scanner->bulk_read(kScannerIn, buffer, 1s, stop.get_token()); }),
              TransferErrorKind::cancelled);
}

} // namespace
