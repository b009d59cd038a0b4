// SPDX-License-Identifier: Apache-2.0
#include "ptp_container.hpp"

#include <string>

#include "ptp_byte_order.hpp"

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

    std::vector<std::uint8_t> bytes;
    bytes.reserve(kHeaderSize + body);
    put_u32(bytes, static_cast<std::uint32_t>(kHeaderSize + body));
    put_u16(bytes, static_cast<std::uint16_t>(container.type));
    put_u16(bytes, container.code);
    put_u32(bytes, container.transaction_id);
    for (const auto param : container.params)
        put_u32(bytes, param);
    bytes.insert(bytes.end(), container.payload.begin(), container.payload.end());
    return bytes;
}

std::vector<std::uint8_t> encode_data_header(std::uint16_t code, std::uint32_t transaction_id,
                                             std::size_t payload_size)
{
    if (payload_size > kMaxDataLength)
        throw ContainerError("container too large");
    std::vector<std::uint8_t> bytes;
    put_u32(bytes, static_cast<std::uint32_t>(kHeaderSize + payload_size));
    put_u16(bytes, static_cast<std::uint16_t>(ContainerType::data));
    put_u16(bytes, code);
    put_u32(bytes, transaction_id);
    return bytes;
}

ContainerHeader decode_header(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() < kHeaderSize)
        throw ContainerError("container shorter than its header (" + std::to_string(bytes.size()) +
                             " bytes)");
    ContainerHeader header;
    header.length = get_u32(bytes.subspan(0));
    const std::uint16_t type = get_u16(bytes.subspan(4));
    header.code = get_u16(bytes.subspan(6));
    header.transaction_id = get_u32(bytes.subspan(8));
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
        for (std::size_t offset = 0; offset < body.size(); offset += 4)
            container.params.push_back(get_u32(body.subspan(offset)));
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
