// SPDX-License-Identifier: Apache-2.0
#include "ptp_device_wire.hpp"

#include <bit>
#include <string_view>

#include "common/byte_reader.hpp"

namespace ktpel::sim::ptp_wire {
namespace {

enum class Kind : std::uint16_t
{
    command = 1,
    data = 2,
    response = 3,
    event = 4,
};

// A command carries at most five parameters, an event three.
constexpr std::size_t kCommandParams = 5;
constexpr std::size_t kEventParams = 3;
// The camera supports no operation with a host data phase; it reads past
// one this size at most, to stay in step with the host.
constexpr std::uint32_t kHostDataLimit = 16u << 20;
// A PTP string's count byte includes the NUL: 254 units of text at most.
constexpr std::size_t kTextUnits = 254;
constexpr char32_t kUnknownCharacter = 0xfffd;

std::vector<std::uint8_t> container(Kind kind, std::uint16_t code, std::uint32_t transaction_id,
                                    std::span<const std::uint32_t> params, std::size_t limit)
{
    if (params.size() > limit)
        throw std::invalid_argument("too many parameters for one PTP container");
    const std::size_t length = kContainerHeadSize + 4 * params.size();
    LittleEndianWriter out(length);
    out.u32(static_cast<std::uint32_t>(length))
        .u16(static_cast<std::uint16_t>(kind))
        .u16(code)
        .u32(transaction_id);
    for (const auto param : params)
        out.u32(param);
    return out.take();
}

// The code points of UTF-8 text. A byte that does not begin a whole,
// well-formed sequence stands for U+FFFD, and the next byte starts over.
std::vector<char32_t> code_points(std::string_view utf8)
{
    std::vector<char32_t> points;
    std::size_t at = 0;
    while (at < utf8.size()) {
        const auto lead = static_cast<unsigned char>(utf8[at]);
        const int length = std::countl_one(lead); // 0: ASCII; 2 to 4: a sequence's start
        if (length == 0) {
            points.push_back(lead);
            ++at;
            continue;
        }
        bool whole = length >= 2 && length <= 4 && at + length <= utf8.size();
        char32_t point = lead & (0x7fu >> length);
        for (int k = 1; whole && k < length; ++k) {
            const auto next = static_cast<unsigned char>(utf8[at + k]);
            whole = (next & 0xc0) == 0x80;
            point = (point << 6) | (next & 0x3fu);
        }
        points.push_back(whole ? point : kUnknownCharacter);
        at += whole ? static_cast<std::size_t>(length) : 1;
    }
    return points;
}

} // namespace

std::uint32_t Command::param(std::size_t index) const
{
    return index < params.size() ? params[index] : 0;
}

void CommandStream::append(std::span<const std::uint8_t> bytes)
{
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
}

std::optional<Command> CommandStream::take()
{
    while (pending_.size() >= kContainerHeadSize) {
        LittleEndianReader<> in(pending_);
        const std::uint32_t length = in.u32();
        const auto kind = static_cast<Kind>(in.u16());
        Command command;
        command.code = in.u16();
        command.transaction_id = in.u32();
        if (length < kContainerHeadSize)
            throw BadContainer("container of " + std::to_string(length) +
                               " bytes cannot hold its own header");
        const std::uint32_t body = length - kContainerHeadSize;
        if (kind == Kind::command && (body % 4 != 0 || body / 4 > kCommandParams))
            throw BadContainer("command body of " + std::to_string(body) +
                               " bytes is not up to five parameters");
        if (kind == Kind::data && body > kHostDataLimit)
            throw BadContainer("host data phase of " + std::to_string(body) + " bytes");
        if (kind != Kind::command && kind != Kind::data)
            throw BadContainer("the host sent a container of type " +
                               std::to_string(static_cast<unsigned>(kind)));
        if (pending_.size() < length)
            return std::nullopt;
        while (kind == Kind::command && in.offset() < length)
            command.params.push_back(in.u32());
        pending_.erase(pending_.begin(), pending_.begin() + length);
        if (kind == Kind::command)
            return command;
        // Data for an operation the camera refused or does not know: dropped.
    }
    return std::nullopt;
}

std::vector<std::uint8_t> response(Response code, std::uint32_t transaction_id,
                                   std::span<const std::uint32_t> params)
{
    return container(Kind::response, static_cast<std::uint16_t>(code), transaction_id, params,
                     kCommandParams);
}

std::vector<std::uint8_t> event(Event code, std::uint32_t transaction_id,
                                std::span<const std::uint32_t> params)
{
    return container(Kind::event, static_cast<std::uint16_t>(code), transaction_id, params,
                     kEventParams);
}

std::vector<std::uint8_t> data(std::uint16_t operation, std::uint32_t transaction_id,
                               std::span<const std::uint8_t> payload)
{
    auto bytes = data_head(operation, transaction_id, payload.size());
    bytes.insert(bytes.end(), payload.begin(), payload.end());
    return bytes;
}

std::vector<std::uint8_t> data_head(std::uint16_t operation, std::uint32_t transaction_id,
                                    std::size_t payload_size)
{
    if (payload_size > 0xffffffffu - kContainerHeadSize)
        throw std::invalid_argument("a PTP data phase is under 4 GiB");
    return LittleEndianWriter(kContainerHeadSize)
        .u32(static_cast<std::uint32_t>(kContainerHeadSize + payload_size))
        .u16(static_cast<std::uint16_t>(Kind::data))
        .u16(operation)
        .u32(transaction_id)
        .take();
}

DataSetWriter& DataSetWriter::u16(std::uint16_t value)
{
    out_.u16(value);
    return *this;
}

DataSetWriter& DataSetWriter::u32(std::uint32_t value)
{
    out_.u32(value);
    return *this;
}

DataSetWriter& DataSetWriter::u64(std::uint64_t value)
{
    out_.u64(value);
    return *this;
}

DataSetWriter& DataSetWriter::text(const std::string& utf8)
{
    std::vector<std::uint16_t> units;
    for (const char32_t point : code_points(utf8)) {
        const bool pair = point > 0xffff;
        if (units.size() + (pair ? 2 : 1) > kTextUnits)
            break; // cut at a whole character
        if (pair) {
            const char32_t above = point - 0x10000;
            units.push_back(static_cast<std::uint16_t>(0xd800 | (above >> 10)));
            units.push_back(static_cast<std::uint16_t>(0xdc00 | (above & 0x3ff)));
        } else {
            units.push_back(static_cast<std::uint16_t>(point));
        }
    }
    if (units.empty()) {
        out_.u8(0); // the empty string has no NUL either
        return *this;
    }
    units.push_back(0);
    out_.u8(static_cast<std::uint8_t>(units.size()));
    for (const auto unit : units)
        out_.u16(unit);
    return *this;
}

DataSetWriter& DataSetWriter::u16_list(std::span<const std::uint16_t> values)
{
    out_.u32(static_cast<std::uint32_t>(values.size()));
    for (const auto value : values)
        out_.u16(value);
    return *this;
}

DataSetWriter& DataSetWriter::u32_list(std::span<const std::uint32_t> values)
{
    out_.u32(static_cast<std::uint32_t>(values.size()));
    for (const auto value : values)
        out_.u32(value);
    return *this;
}

std::vector<std::uint8_t> device_info(const CameraDescription& camera)
{
    constexpr std::uint16_t kStandardVersion = 100; // PTP 1.00
    DataSetWriter out;
    // No vendor extension: id 0, version 0, no description; standard mode.
    out.u16(kStandardVersion).u32(0).u16(0).text("").u16(0);
    out.u16_list(camera.operations).u16_list(camera.events).u16_list(camera.properties);
    out.u16_list(camera.formats).u16_list(camera.formats);
    out.text(camera.manufacturer).text(camera.model).text(camera.firmware).text(camera.serial);
    return out.take();
}

std::vector<std::uint8_t> storage_info(const CardStorage& card)
{
    constexpr std::uint16_t kRemovableRam = 4;
    constexpr std::uint16_t kDcf = 3;
    constexpr std::uint16_t kReadWrite = 0;
    DataSetWriter out;
    out.u16(kRemovableRam).u16(kDcf).u16(kReadWrite);
    out.u64(card.capacity_bytes).u64(card.free_bytes).u32(card.free_images);
    out.text(card.description).text(card.label);
    return out.take();
}

std::vector<std::uint8_t> object_info(const Photo& photo)
{
    constexpr std::uint16_t kNoProtection = 0;
    DataSetWriter out;
    out.u32(photo.storage_id).u16(photo.format).u16(kNoProtection).u32(photo.size_bytes);
    // No thumbnail: format, size, width, height all 0.
    out.u16(0).u32(0).u32(0).u32(0);
    out.u32(photo.width).u32(photo.height).u32(photo.bit_depth);
    // In the root folder, not an association itself.
    out.u32(0).u16(0).u32(0);
    out.u32(photo.sequence_number);
    out.text(photo.filename).text(photo.taken_at).text(photo.taken_at).text("");
    return out.take();
}

} // namespace ktpel::sim::ptp_wire
