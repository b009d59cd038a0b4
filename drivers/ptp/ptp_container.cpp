// SPDX-License-Identifier: Apache-2.0
#include "ptp_container.hpp"

#include <string>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace ktpel::ptp {

std::vector<std::uint8_t> encode(const Container& container)
{
    const bool is_data = container.type == ContainerType::data;
    const std::size_t limit = container.type == ContainerType::event ? kMaxEventParams : kMaxParams;
    if (!is_data && container.params.size() > limit)
        throw ContainerError("too many parameters for a container of this type");
    if (!is_data && !container.payload.empty())
        throw ContainerError("only data containers carry a payload");
    if (is_data && !container.params.empty())
        throw ContainerError("data containers carry no parameters");
    const std::size_t body = is_data ? container.payload.size() : 4 * container.params.size();
    if (body > kMaxDataLength)
        throw ContainerError("container too large");

    LittleEndianWriter out(kHeaderSize + body);
    out.u32(static_cast<std::uint32_t>(kHeaderSize + body))
        .u16(static_cast<std::uint16_t>(container.type))
        .u16(container.code)
        .u32(container.transaction_id);
    for (const auto param : container.params)
        out.u32(param);
    out.bytes(container.payload);
    return out.take();
}

std::vector<std::uint8_t> encode_data_header(std::uint16_t code, std::uint32_t transaction_id,
                                             std::size_t payload_size)
{
    if (payload_size > kMaxDataLength)
        throw ContainerError("container too large");
    return LittleEndianWriter(kHeaderSize)
        .u32(static_cast<std::uint32_t>(kHeaderSize + payload_size))
        .u16(static_cast<std::uint16_t>(ContainerType::data))
        .u16(code)
        .u32(transaction_id)
        .take();
}

ContainerHeader decode_header(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() < kHeaderSize)
        throw ContainerError("container shorter than its header (" + std::to_string(bytes.size()) +
                             " bytes)");
    ContainerHeader header;
    LittleEndianReader<> in(bytes.first(kHeaderSize)); // the size is checked above
    header.length = in.u32();
    const std::uint16_t type = in.u16();
    header.code = in.u16();
    header.transaction_id = in.u32();
    if (type < 1 || type > 4)
        throw ContainerError("unknown container type " + std::to_string(type));
    header.type = static_cast<ContainerType>(type);
    if (header.length < kHeaderSize)
        throw ContainerError("container length " + std::to_string(header.length) +
                             " is shorter than its header");
    if (header.type == ContainerType::data) {
        if (header.length - kHeaderSize > kMaxDataLength)
            throw ContainerError("data container of " + std::to_string(header.length) +
                                 " bytes is larger than any object this driver takes");
        return header;
    }
    const std::size_t limit = header.type == ContainerType::event ? kMaxEventParams : kMaxParams;
    const std::size_t body = header.length - kHeaderSize;
    if (body % 4 != 0 || body / 4 > limit)
        throw ContainerError("container length " + std::to_string(header.length) +
                             " does not hold whole parameters");
    return header;
}

Container decode(std::span<const std::uint8_t> bytes)
{
    const ContainerHeader header = decode_header(bytes);
    if (bytes.size() != header.length)
        throw ContainerError("container says " + std::to_string(header.length) + " bytes, has " +
                             std::to_string(bytes.size()));
    Container container;
    container.type = header.type;
    container.code = header.code;
    container.transaction_id = header.transaction_id;
    const auto body = bytes.subspan(kHeaderSize);
    if (header.type == ContainerType::data) {
        container.payload.assign(body.begin(), body.end());
    } else {
        // decode_header checked the parameters are whole u32s.
        LittleEndianReader<> in(body);
        while (!in.at_end())
            container.params.push_back(in.u32());
    }
    return container;
}

void ContainerReader::feed(std::span<const std::uint8_t> bytes)
{
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    if (buffer_.size() >= kHeaderSize) {
        try {
            decode_header(buffer_);
        } catch (const ContainerError&) {
            buffer_.clear();
            throw;
        }
    }
}

std::optional<Container> ContainerReader::next()
{
    if (buffer_.size() < kHeaderSize)
        return std::nullopt;
    const ContainerHeader header = decode_header(buffer_);
    if (buffer_.size() < header.length)
        return std::nullopt;
    Container container = decode(std::span<const std::uint8_t>(buffer_).first(header.length));
    buffer_.erase(buffer_.begin(), buffer_.begin() + header.length);
    return container;
}

} // namespace ktpel::ptp
