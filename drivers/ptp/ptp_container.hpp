// SPDX-License-Identifier: Apache-2.0
// The USB Still Image class bulk container that carries every PTP phase
// (command, data, response) and every interrupt event:
//   u32 length (header included), u16 type, u16 code, u32 transaction id,
//   then up to five u32 parameters (command/response), up to three (event),
//   or the data-set bytes (data). All little-endian.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "ptp_codes.hpp"

namespace ktpel::ptp {

inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::size_t kMaxParams = 5;
inline constexpr std::size_t kMaxEventParams = 3;
// Larger than any photo this station takes; a bigger length is garbage.
inline constexpr std::uint32_t kMaxDataLength = 256u * 1024 * 1024;

// Bytes that are not a well-formed container.
class ContainerError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct ContainerHeader
{
    std::uint32_t length = 0; // header included
    ContainerType type = ContainerType::command;
    std::uint16_t code = 0;
    std::uint32_t transaction_id = 0;

    std::size_t payload_size() const { return length - kHeaderSize; }
};

struct Container
{
    ContainerType type = ContainerType::command;
    std::uint16_t code = 0;
    std::uint32_t transaction_id = 0;
    std::vector<std::uint32_t> params; // command, response, event
    std::vector<std::uint8_t> payload; // data

    bool operator==(const Container&) const = default;
};

std::vector<std::uint8_t> encode(const Container& container);
// The first twelve bytes of a data container whose payload follows
// separately (a large object is streamed, not copied into a Container).
std::vector<std::uint8_t> encode_data_header(std::uint16_t code, std::uint32_t transaction_id,
                                             std::size_t payload_size);

// Checks the length against the type's limits and the type itself.
ContainerHeader decode_header(std::span<const std::uint8_t> bytes);
// One whole container: exactly header.length bytes.
Container decode(std::span<const std::uint8_t> bytes);

// Host-to-device command containers arrive as a byte stream that a write
// may split or join; this cuts it into containers.
class ContainerReader
{
public:
    // Throws ContainerError on a header that cannot be right; the reader
    // is then reset.
    void feed(std::span<const std::uint8_t> bytes);
    std::optional<Container> next();
    void reset() { buffer_.clear(); }

private:
    std::vector<std::uint8_t> buffer_;
};

} // namespace ktpel::ptp
