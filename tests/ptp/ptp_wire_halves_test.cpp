// SPDX-License-Identifier: Apache-2.0
// The two halves of PTP against each other: the driver's codec writes
// commands the emulated camera reads, and reads the containers and data
// sets the camera writes. Each half was written on its own from
// docs/drivers/ptp.md and ISO 15740, so a slip in either shows here.
#include <array>

#include <gtest/gtest.h>

#include "drivers/ptp/ptp_container.hpp"
#include "drivers/ptp/ptp_dataset.hpp"
#include "sim/emulators/ptp_device_wire.hpp"

namespace ktpel {
namespace {

using Bytes = std::vector<std::uint8_t>;
namespace camera = sim::ptp_wire;

Bytes host_command(ptp::OperationCode code, std::uint32_t transaction_id,
                   std::vector<std::uint32_t> params)
{
    return ptp::encode(ptp::Container{ptp::ContainerType::command,
                                      static_cast<std::uint16_t>(code),
                                      transaction_id,
                                      std::move(params),
                                      {}});
}

TEST(PtpWireHalves, TheCameraReadsTheHostsCommandsAndSkipsItsData)
{
    Bytes stream = host_command(ptp::OperationCode::open_session, 0, {0x1234});
    const auto data = ptp::encode(ptp::Container{
        ptp::ContainerType::data, 0x100c, 1, {}, Bytes(100, 0x55)}); // SendObjectInfo's data
    stream.insert(stream.end(), data.begin(), data.end());
    const auto handles = host_command(ptp::OperationCode::get_object_handles, 2,
                                      {ptp::kAllStorages, 0, ptp::kRootFolder});
    stream.insert(stream.end(), handles.begin(), handles.end());

    camera::CommandStream device;
    std::vector<camera::Command> commands;
    for (std::size_t at = 0; at < stream.size(); at += 7) {
        device.append(std::span(stream).subspan(at, std::min<std::size_t>(7, stream.size() - at)));
        while (auto command = device.take())
            commands.push_back(std::move(*command));
    }
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0].code, static_cast<std::uint16_t>(camera::Operation::open_session));
    EXPECT_EQ(commands[0].transaction_id, 0u);
    EXPECT_EQ(commands[0].params, std::vector<std::uint32_t>{0x1234});
    EXPECT_EQ(commands[1].code, static_cast<std::uint16_t>(camera::Operation::get_object_handles));
    EXPECT_EQ(commands[1].transaction_id, 2u);
    EXPECT_EQ(commands[1].param(0), camera::kEverything);
    EXPECT_EQ(commands[1].param(2), camera::kEverything);
    EXPECT_EQ(commands[1].param(4), 0u); // left out: 0
}

TEST(PtpWireHalves, TheHostReadsTheCamerasContainers)
{
    const auto response = ptp::decode(camera::response(camera::Response::session_already_open, 5,
                                                       std::array<std::uint32_t, 1>{77}));
    EXPECT_EQ(response.type, ptp::ContainerType::response);
    EXPECT_EQ(response.code, static_cast<std::uint16_t>(ptp::ResponseCode::session_already_open));
    EXPECT_EQ(response.transaction_id, 5u);
    EXPECT_EQ(response.params, std::vector<std::uint32_t>{77});

    const auto event =
        ptp::decode(camera::event(camera::Event::object_added, 6, std::array<std::uint32_t, 1>{3}));
    EXPECT_EQ(event.type, ptp::ContainerType::event);
    EXPECT_EQ(event.code, static_cast<std::uint16_t>(ptp::EventCode::object_added));
    EXPECT_EQ(event.params, std::vector<std::uint32_t>{3});

    const Bytes photo{0xff, 0xd8, 0xff, 0xd9};
    const auto data = ptp::decode(camera::data(0x1009, 7, photo));
    EXPECT_EQ(data.type, ptp::ContainerType::data);
    EXPECT_EQ(data.code, static_cast<std::uint16_t>(ptp::OperationCode::get_object));
    EXPECT_EQ(data.payload, photo);

    const auto head = ptp::decode_header(camera::data_head(0x1009, 7, 1u << 20));
    EXPECT_EQ(head.type, ptp::ContainerType::data);
    EXPECT_EQ(head.payload_size(), 1u << 20);
}

TEST(PtpWireHalves, TheHostReadsTheCamerasDataSets)
{
    camera::CameraDescription description;
    description.operations = {0x1001, 0x1002, 0x100e};
    description.events = {0x4002, 0x400d};
    description.properties = {camera::kBatteryLevel};
    description.formats = {camera::kExifJpeg};
    description.manufacturer = "Ktpel Sim";
    description.model = "Kamera Ülkü 📷"; // two- and four-byte UTF-8: a surrogate pair
    description.firmware = "1.0.0";
    description.serial = "SIM-CAM-0001";
    const auto info = ptp::decode_device_info(camera::device_info(description));
    EXPECT_EQ(info.standard_version, 100);
    EXPECT_EQ(info.vendor_extension_desc, "");
    EXPECT_EQ(info.operations_supported, description.operations);
    EXPECT_EQ(info.events_supported, description.events);
    EXPECT_EQ(info.device_properties_supported, description.properties);
    EXPECT_EQ(info.capture_formats, description.formats);
    EXPECT_EQ(info.image_formats, description.formats);
    EXPECT_EQ(info.manufacturer, description.manufacturer);
    EXPECT_EQ(info.model, description.model);
    EXPECT_EQ(info.device_version, description.firmware);
    EXPECT_EQ(info.serial_number, description.serial);

    const auto storage = ptp::decode_storage_info(
        camera::storage_info({32'000'000'000ull, 31'000'000'000ull, 51666, "SD", "KTPEL-SIM"}));
    EXPECT_EQ(storage.storage_type, 4);
    EXPECT_EQ(storage.filesystem_type, 3);
    EXPECT_EQ(storage.max_capacity, 32'000'000'000ull);
    EXPECT_EQ(storage.free_space_in_bytes, 31'000'000'000ull);
    EXPECT_EQ(storage.free_space_in_images, 51666u);
    EXPECT_EQ(storage.storage_description, "SD");
    EXPECT_EQ(storage.volume_label, "KTPEL-SIM");

    camera::Photo photo;
    photo.storage_id = 0x00010001;
    photo.size_bytes = 654321;
    photo.width = 1200;
    photo.height = 1600;
    photo.sequence_number = 12;
    photo.filename = "KTP10001.JPG";
    photo.taken_at = "20240101T120000";
    const auto object = ptp::decode_object_info(camera::object_info(photo));
    EXPECT_EQ(object.storage_id, photo.storage_id);
    EXPECT_EQ(object.object_format, static_cast<std::uint16_t>(ptp::ObjectFormat::exif_jpeg));
    EXPECT_EQ(object.object_compressed_size, 654321u);
    EXPECT_EQ(object.thumb_format, 0);
    EXPECT_EQ(object.image_pix_width, 1200u);
    EXPECT_EQ(object.image_pix_height, 1600u);
    EXPECT_EQ(object.image_bit_depth, 24u);
    EXPECT_EQ(object.sequence_number, 12u);
    EXPECT_EQ(object.filename, "KTP10001.JPG");
    EXPECT_EQ(object.capture_date, "20240101T120000");
    EXPECT_EQ(object.modification_date, "20240101T120000");
    EXPECT_EQ(object.keywords, "");

    const std::array<std::uint32_t, 3> handles{1, 2, 0xfffffffe};
    const auto list = camera::DataSetWriter{}.u32_list(handles).take();
    EXPECT_EQ(ptp::DataReader(list).u32_array(),
              std::vector<std::uint32_t>(handles.begin(), handles.end()));
}

TEST(PtpWireHalves, LongAndBrokenTextIsCutOrReplacedAsTheHostExpects)
{
    // 300 characters: cut to the 254 a count byte can hold with its NUL.
    const auto long_text = camera::DataSetWriter{}.text(std::string(300, 'a')).take();
    EXPECT_EQ(ptp::DataReader(long_text).string(), std::string(254, 'a'));
    // A lone continuation byte and a truncated sequence stand for U+FFFD.
    const auto broken = camera::DataSetWriter{}
                            .text("a\x80"
                                  "b\xe2\x82")
                            .take();
    EXPECT_EQ(ptp::DataReader(broken).string(), "a\xef\xbf\xbd"
                                                "b\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(PtpWireHalves, TheCameraRefusesMalformedContainersWithItsOwnError)
{
    camera::CommandStream device;
    device.append(Bytes{8, 0, 0, 0, 1, 0, 0x01, 0x10, 0, 0, 0, 0}); // shorter than its header
    EXPECT_THROW(device.take(), camera::BadContainer);

    device.clear();
    device.append(ptp::encode(ptp::Container{ptp::ContainerType::response, 0x2001, 1, {}, {}}));
    EXPECT_THROW(device.take(), camera::BadContainer); // the host does not respond

    device.clear();
    auto torn = host_command(ptp::OperationCode::get_object, 3, {1});
    torn[0] = 18; // a parameter and a half
    device.append(torn);
    EXPECT_THROW(device.take(), camera::BadContainer);

    // A truncated command is waited for.
    const auto whole = host_command(ptp::OperationCode::get_object, 3, {1});
    device.clear();
    device.append(std::span(whole).first(whole.size() - 2));
    EXPECT_FALSE(device.take());
}

TEST(PtpWireHalves, TheHostRefusesMalformedCameraBytesWithItsOwnError)
{
    auto response = camera::response(camera::Response::ok, 1);
    response.pop_back();
    EXPECT_THROW(ptp::decode(response), ptp::ContainerError);

    auto info = camera::storage_info({1, 1, 1, "SD", "X"});
    info.resize(info.size() - 3);
    EXPECT_THROW(ptp::decode_storage_info(info), ptp::DataSetError);
}

} // namespace
} // namespace ktpel
