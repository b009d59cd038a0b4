// SPDX-License-Identifier: Apache-2.0
// PTP containers and data sets: round trips and what malformed bytes do.
#include <gtest/gtest.h>

#include "drivers/ptp/ptp_container.hpp"
#include "drivers/ptp/ptp_dataset.hpp"
#include "drivers/ptp/ptp_failures.hpp"

namespace ktpel::ptp {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(PtpContainer, CommandRoundTripsWithItsLayout)
{
    const Container command{ContainerType::command, 0x1002, 0, {7}, {}};
    const Bytes bytes = encode(command);
    EXPECT_EQ(bytes, (Bytes{16, 0, 0, 0, 1, 0, 0x02, 0x10, 0, 0, 0, 0, 7, 0, 0, 0}));
    EXPECT_EQ(decode(bytes), command);
}

TEST(PtpContainer, DataAndEventRoundTrip)
{
    const Container data{ContainerType::data, 0x1009, 42, {}, Bytes(1000, 0xab)};
    EXPECT_EQ(decode(encode(data)), data);
    const Container event{ContainerType::event, 0x4002, 9, {0x11, 0x22, 0x33}, {}};
    EXPECT_EQ(decode(encode(event)), event);
}

TEST(PtpContainer, EncodeRefusesWhatTheClassForbids)
{
    EXPECT_THROW(encode({ContainerType::command, 0x1001, 1, {1, 2, 3, 4, 5, 6}, {}}),
                 ContainerError);
    EXPECT_THROW(encode({ContainerType::event, 0x4002, 1, {1, 2, 3, 4}, {}}), ContainerError);
    EXPECT_THROW(encode({ContainerType::response, 0x2001, 1, {}, {1}}), ContainerError);
    EXPECT_THROW(encode({ContainerType::data, 0x1009, 1, {1}, {}}), ContainerError);
}

TEST(PtpContainer, MalformedHeadersAreRejected)
{
    EXPECT_THROW(decode_header(Bytes{12, 0, 0, 0, 3, 0}), ContainerError); // short
    EXPECT_THROW(decode_header(Bytes{12, 0, 0, 0, 9, 0, 1, 0x20, 0, 0, 0, 0}),
                 ContainerError); // type 9
    EXPECT_THROW(decode_header(Bytes{8, 0, 0, 0, 3, 0, 1, 0x20, 0, 0, 0, 0}),
                 ContainerError); // shorter than a header
    EXPECT_THROW(decode_header(Bytes{14, 0, 0, 0, 3, 0, 1, 0x20, 0, 0, 0, 0}),
                 ContainerError); // half a parameter
    EXPECT_THROW(decode_header(Bytes{36, 0, 0, 0, 3, 0, 1, 0x20, 0, 0, 0, 0}),
                 ContainerError); // six parameters
    EXPECT_THROW(decode_header(Bytes{0xff, 0xff, 0xff, 0xff, 2, 0, 9, 0x10, 0, 0, 0, 0}),
                 ContainerError); // 4 GiB of data
    Bytes truncated = encode({ContainerType::response, 0x2001, 3, {1}, {}});
    truncated.pop_back();
    EXPECT_THROW(decode(truncated), ContainerError);
}

TEST(PtpContainer, ReaderReassemblesSplitAndJoinedContainers)
{
    const Container a{ContainerType::command, 0x1001, 0, {}, {}};
    const Container b{ContainerType::command, 0x1002, 0, {1}, {}};
    Bytes stream = encode(a);
    const Bytes second = encode(b);
    stream.insert(stream.end(), second.begin(), second.end());
    ContainerReader reader;
    for (const auto byte : stream)
        reader.feed(std::span(&byte, 1));
    EXPECT_EQ(reader.next(), a);
    EXPECT_EQ(reader.next(), b);
    EXPECT_EQ(reader.next(), std::nullopt);
    EXPECT_THROW(reader.feed(Bytes{12, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}), ContainerError);
}

TEST(PtpDataSet, StringsAreCountedNulTerminatedUtf16)
{
    EXPECT_EQ(DataWriter{}.string("").take(), Bytes{0});
    EXPECT_EQ(DataWriter{}.string("Ab").take(), (Bytes{3, 'A', 0, 'b', 0, 0, 0}));
    const std::string text = "Kamera \xc3\x96 \xe2\x82\xac \xf0\x9f\x93\xb7"; // Ö € and a camera
    const Bytes bytes = DataWriter{}.string(text).take();
    DataReader reader(bytes);
    EXPECT_EQ(reader.string(), text);
    EXPECT_EQ(reader.remaining(), 0u);

    const Bytes long_text = DataWriter{}.string(std::string(300, 'x')).take();
    EXPECT_EQ(long_text[0], 255); // 254 characters and the NUL
    EXPECT_EQ(DataReader(long_text).string(), std::string(254, 'x'));

    const Bytes unterminated{2, 'A', 0, 'b', 0};
    EXPECT_THROW(DataReader(unterminated).string(), DataSetError);
}

TEST(PtpDataSet, DeviceInfoRoundTrips)
{
    DeviceInfo info;
    info.vendor_extension_desc = "none";
    info.operations_supported = {0x1001, 0x1002, 0x100e};
    info.events_supported = {0x4002, 0x400d};
    info.device_properties_supported = {0x5001};
    info.capture_formats = {0x3801};
    info.image_formats = {0x3801, 0x3000};
    info.manufacturer = "Maker";
    info.model = "Model X";
    info.device_version = "1.2";
    info.serial_number = "0042";
    EXPECT_EQ(decode_device_info(encode(info)), info);
}

TEST(PtpDataSet, ObjectAndStorageInfoRoundTrip)
{
    ObjectInfo object;
    object.storage_id = 0x00010001;
    object.object_format = 0x3801;
    object.object_compressed_size = 123456;
    object.image_pix_width = 1200;
    object.image_pix_height = 1600;
    object.image_bit_depth = 24;
    object.filename = "IMG_0001.JPG";
    object.capture_date = "20240101T120000";
    EXPECT_EQ(decode_object_info(encode(object)), object);

    StorageInfo storage;
    storage.max_capacity = 32ull << 30;
    storage.free_space_in_bytes = 31ull << 30;
    storage.free_space_in_images = 5000;
    storage.storage_description = "SD";
    EXPECT_EQ(decode_storage_info(encode(storage)), storage);
}

TEST(PtpDataSet, TruncatedAndOversizedDataSetsAreErrors)
{
    Bytes bytes = encode(ObjectInfo{});
    bytes.resize(bytes.size() - 3);
    EXPECT_THROW(decode_object_info(bytes), DataSetError);
    // An array claiming a million elements in a dozen bytes.
    const Bytes lying = DataWriter{}.u32(1000000).u16(1).u16(2).take();
    EXPECT_THROW(DataReader(lying).u16_array(), DataSetError);
}

TEST(PtpCodes, ResponseNamesAndFailureKinds)
{
    EXPECT_EQ(name_of(ResponseCode::device_busy), "Device_Busy");
    EXPECT_EQ(snake_name_of(ResponseCode::device_busy), "device_busy");
    EXPECT_EQ(snake_name_of(ResponseCode::invalid_transaction_id), "invalid_transaction_id");
    EXPECT_EQ(snake_name_of(ResponseCode::invalid_object_handle), "invalid_object_handle");
    EXPECT_EQ(snake_name_of(ResponseCode::self_test_failed), "self_test_failed");
    EXPECT_EQ(name_of(static_cast<ResponseCode>(0xa001)), "Response_0xa001");

    const ResponseFailure busy(ResponseCode::device_busy, OperationCode::initiate_capture);
    EXPECT_EQ(busy.kind(), drivers::DeviceFailure::Kind::hardware);
    EXPECT_EQ(busy.reason(), "ptp_device_busy");
    EXPECT_NE(std::string(busy.what()).find("InitiateCapture"), std::string::npos);
    EXPECT_EQ(kind_of(ResponseCode::operation_not_supported),
              drivers::DeviceFailure::Kind::invalid);
    EXPECT_EQ(kind_of(ResponseCode::invalid_object_handle), drivers::DeviceFailure::Kind::protocol);
    EXPECT_EQ(kind_of(ResponseCode::transaction_cancelled),
              drivers::DeviceFailure::Kind::cancelled);
    EXPECT_EQ(kind_of(ResponseCode::store_full), drivers::DeviceFailure::Kind::hardware);
}

} // namespace
} // namespace ktpel::ptp
