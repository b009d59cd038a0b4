// SPDX-License-Identifier: Apache-2.0
// The PTP camera emulator as a host that breaks the rules sees it: raw
// containers on the bulk pipes, checked response codes and events.
#include <gtest/gtest.h>

#include "drivers/ptp/ptp_container.hpp"
#include "drivers/ptp/ptp_dataset.hpp"
#include "drivers/ptp/ptp_session.hpp"
#include "sim/emulators/emulated_bus.hpp"
#include "sim/emulators/ptp_camera_emulator.hpp"

namespace ktpel {
namespace {

using namespace std::chrono_literals;
using ptp::Container;
using ptp::ContainerType;
using ptp::OperationCode;
using ptp::ResponseCode;
using Emulator = sim::PtpCameraEmulator;

struct Reply
{
    ResponseCode code{};
    std::vector<std::uint32_t> params;
    std::vector<std::uint8_t> data;
};

class PtpEmulatorTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        sim::PtpCameraEmulatorSettings settings;
        settings.capture_delay = 300ms;
        emulator_ = std::make_shared<Emulator>(settings);
        bus_.attach("sim-cam", emulator_);
        usb_ = bus_.open("sim-cam");
    }

    // One transaction exactly as written, whatever the rules say.
    Reply transact(OperationCode operation, std::uint32_t transaction_id,
                   std::vector<std::uint32_t> params = {})
    {
        usb_->bulk_write(Emulator::kBulkOut,
                         ptp::encode(Container{ContainerType::command,
                                               static_cast<std::uint16_t>(operation),
                                               transaction_id,
                                               std::move(params),
                                               {}}),
                         1s, {});
        Reply reply;
        for (;;) {
            const Container container = read_container();
            EXPECT_EQ(container.transaction_id, transaction_id);
            if (container.type == ContainerType::data) {
                reply.data = container.payload;
                continue;
            }
            EXPECT_EQ(container.type, ContainerType::response);
            reply.code = static_cast<ResponseCode>(container.code);
            reply.params = container.params;
            return reply;
        }
    }

    Container read_container()
    {
        std::vector<std::uint8_t> bytes, buffer(64 * 1024);
        for (;;) {
            const std::size_t count = usb_->bulk_read(Emulator::kBulkIn, buffer, 2s, {});
            bytes.insert(bytes.end(), buffer.begin(), buffer.begin() + count);
            if (bytes.size() >= ptp::kHeaderSize &&
                bytes.size() >= ptp::decode_header(bytes).length)
                return ptp::decode(bytes);
        }
    }

    Container read_event()
    {
        std::vector<std::uint8_t> buffer(64);
        const std::size_t count = usb_->interrupt_read(Emulator::kInterruptIn, buffer, 3s, {});
        return ptp::decode(std::span<const std::uint8_t>(buffer.data(), count));
    }

    sim::EmulatedBus bus_;
    std::shared_ptr<Emulator> emulator_;
    std::unique_ptr<usb::DeviceHandle> usb_;
};

TEST_F(PtpEmulatorTest, DeviceInfoNeedsNoSession)
{
    const Reply reply = transact(OperationCode::get_device_info, 0);
    ASSERT_EQ(reply.code, ResponseCode::ok);
    const auto info = ptp::decode_device_info(reply.data);
    EXPECT_EQ(info.manufacturer, "Ktpel Sim");
    EXPECT_EQ(info.serial_number, "SIM-CAM-0001");
}

TEST_F(PtpEmulatorTest, SessionRules)
{
    EXPECT_EQ(transact(OperationCode::get_storage_ids, 1).code, ResponseCode::session_not_open);
    EXPECT_EQ(transact(OperationCode::open_session, 0, {0}).code, ResponseCode::invalid_parameter);
    EXPECT_EQ(transact(OperationCode::open_session, 0, {5}).code, ResponseCode::ok);
    const Reply again = transact(OperationCode::open_session, 0, {6});
    EXPECT_EQ(again.code, ResponseCode::session_already_open);
    EXPECT_EQ(again.params, std::vector<std::uint32_t>{5});
    EXPECT_EQ(transact(OperationCode::close_session, 1).code, ResponseCode::ok);
    EXPECT_FALSE(emulator_->session_open());
}

TEST_F(PtpEmulatorTest, TransactionIdsMustCountUp)
{
    ASSERT_EQ(transact(OperationCode::open_session, 0, {1}).code, ResponseCode::ok);
    EXPECT_EQ(transact(OperationCode::get_storage_ids, 1).code, ResponseCode::ok);
    EXPECT_EQ(transact(OperationCode::get_storage_ids, 1).code,
              ResponseCode::invalid_transaction_id);
    EXPECT_EQ(transact(OperationCode::get_storage_ids, 7).code,
              ResponseCode::invalid_transaction_id);
    EXPECT_EQ(transact(OperationCode::get_storage_ids, 2).code, ResponseCode::ok);
}

TEST_F(PtpEmulatorTest, BadHandlesUnsupportedOperationsAndBusy)
{
    ASSERT_EQ(transact(OperationCode::open_session, 0, {1}).code, ResponseCode::ok);
    EXPECT_EQ(transact(OperationCode::get_object_info, 1, {99}).code,
              ResponseCode::invalid_object_handle);
    EXPECT_EQ(transact(OperationCode::get_object, 2, {99}).code,
              ResponseCode::invalid_object_handle);
    EXPECT_EQ(transact(OperationCode::delete_object, 3, {99, 0}).code,
              ResponseCode::invalid_object_handle);
    EXPECT_EQ(transact(OperationCode::get_device_prop_desc, 4, {0x5001}).code,
              ResponseCode::operation_not_supported);
    EXPECT_EQ(transact(OperationCode::get_device_prop_value, 5, {0x5003}).code,
              ResponseCode::device_prop_not_supported);
    EXPECT_EQ(transact(OperationCode::get_storage_info, 6, {0x00020001}).code,
              ResponseCode::invalid_storage_id);
    EXPECT_EQ(transact(OperationCode::initiate_capture, 7, {0, 0}).code, ResponseCode::ok);
    EXPECT_EQ(transact(OperationCode::initiate_capture, 8, {0, 0}).code, ResponseCode::device_busy);
    EXPECT_EQ(transact(OperationCode::initiate_capture, 9, {0, 0x3000}).code,
              ResponseCode::invalid_object_format_code);
}

TEST_F(PtpEmulatorTest, CaptureRaisesObjectAddedThenCaptureComplete)
{
    ASSERT_EQ(transact(OperationCode::open_session, 0, {1}).code, ResponseCode::ok);
    ASSERT_EQ(transact(OperationCode::initiate_capture, 1, {0, 0}).code, ResponseCode::ok);
    const Container added = read_event();
    EXPECT_EQ(added.type, ContainerType::event);
    EXPECT_EQ(added.code, static_cast<std::uint16_t>(ptp::EventCode::object_added));
    EXPECT_EQ(added.transaction_id, 1u);
    ASSERT_EQ(added.params.size(), 1u);
    const Container complete = read_event();
    EXPECT_EQ(complete.code, static_cast<std::uint16_t>(ptp::EventCode::capture_complete));
    EXPECT_EQ(complete.transaction_id, 1u);

    const Reply handles = transact(OperationCode::get_object_handles, 2, {0xffffffff, 0, 0});
    ASSERT_EQ(handles.code, ResponseCode::ok);
    EXPECT_EQ(ptp::DataReader(handles.data).u32_array(), std::vector{added.params[0]});
    const Reply info = transact(OperationCode::get_object_info, 3, {added.params[0]});
    ASSERT_EQ(info.code, ResponseCode::ok);
    const auto object = ptp::decode_object_info(info.data);
    EXPECT_EQ(object.object_format, 0x3801);
    const Reply photo = transact(OperationCode::get_object, 4, {added.params[0]});
    ASSERT_EQ(photo.code, ResponseCode::ok);
    EXPECT_EQ(photo.data.size(), object.object_compressed_size);
    EXPECT_EQ(photo.data[0], 0xff); // SOI
    EXPECT_EQ(photo.data[1], 0xd8);
    EXPECT_EQ(transact(OperationCode::delete_object, 5, {added.params[0], 0}).code,
              ResponseCode::ok);
    EXPECT_EQ(emulator_->object_count(), 0u);
}

TEST_F(PtpEmulatorTest, GarbageOnTheCommandPipeStallsIt)
{
    const std::vector<std::uint8_t> garbage{12, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0};
    usb_->bulk_write(Emulator::kBulkOut, garbage, 1s, {});
    std::vector<std::uint8_t> buffer(512);
    try {
        usb_->bulk_read(Emulator::kBulkIn, buffer, 1s, {});
        ADD_FAILURE() << "no stall";
    } catch (const usb::TransferError& error) {
        EXPECT_EQ(error.kind(), usb::TransferErrorKind::stall);
    }
    EXPECT_EQ(transact(OperationCode::get_device_info, 0).code, ResponseCode::ok);
}

TEST_F(PtpEmulatorTest, HostSessionReadsStorageAndBattery)
{
    ptp::Session session(std::move(usb_), {}, {});
    const drivers::OperationContext context({}, std::chrono::steady_clock::now() + 10s);
    session.open(context);
    const auto storages = session.get_storage_ids(context);
    ASSERT_EQ(storages, std::vector<std::uint32_t>{Emulator::kStorageId});
    EXPECT_GT(session.get_storage_info(storages[0], context).free_space_in_images, 0u);
    EXPECT_EQ(session.get_device_prop_value(ptp::DevicePropCode::battery_level, context),
              std::vector<std::uint8_t>{85});
    emulator_->inject("battery", {{"percent", 7}});
    EXPECT_EQ(session.get_device_prop_value(ptp::DevicePropCode::battery_level, context),
              std::vector<std::uint8_t>{7});
    EXPECT_TRUE(session.get_object_handles(ptp::kAllStorages, 0, 0, context).empty());
    session.close(context);
    EXPECT_FALSE(emulator_->session_open());
}

TEST_F(PtpEmulatorTest, UnknownFaultIsRefused)
{
    EXPECT_THROW(emulator_->inject("gremlins", {}), sim::UnknownFault);
    EXPECT_THROW(emulator_->inject("poor_exposure", {{"direction", "sideways"}}),
                 sim::UnknownFault);
    EXPECT_THROW(emulator_->inject("battery", {{"percent", 300}}), sim::UnknownFault);
}

} // namespace
} // namespace ktpel
