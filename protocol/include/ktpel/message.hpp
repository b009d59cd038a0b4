// SPDX-License-Identifier: Apache-2.0
// Protocol v1 messages: a JSON header (frame 0) plus raw binary blobs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ktpel/error.hpp>

#include "common/shared_bytes.hpp"

namespace ktpel {

inline constexpr int kProtocolVersion = 1;

// A binary payload carried in its own frame. It is the daemon's own
// shared, immutable buffer, so the bytes a service produced go into the
// reply frame without a copy.
using Blob = SharedBytes;

struct Request
{
    std::string id;
    std::string op;
    nlohmann::json args = nlohmann::json::object();
    std::optional<std::string> token;
    std::vector<Blob> blobs; // frames 1..n

    nlohmann::json header() const;
};

struct Reply
{
    std::string id;
    bool ok = true;
    nlohmann::json result = nlohmann::json::object();
    std::optional<Error> error;
    std::vector<Blob> blobs;

    static Reply success(std::string id, nlohmann::json result, std::vector<Blob> blobs = {});
    static Reply failure(std::string id, Error error);
    nlohmann::json header() const;
};

struct Event
{
    std::string topic; // e.g. "device.status", "op.progress"
    std::uint64_t seq = 0;
    double time = 0; // seconds since the Unix epoch
    nlohmann::json data = nlohmann::json::object();
    std::vector<Blob> blobs;

    nlohmann::json header() const;
};

// Limits a decoder enforces. The daemon takes them from its configuration;
// clients use the defaults.
struct DecodeLimits
{
    std::size_t max_header_bytes = 64 * 1024;
    std::size_t max_id_bytes = 128;
};

// Decoding throws ProtocolError with bad_request / unsupported_version /
// too_large. A request whose id could be read carries it in
// details.id so the caller can still address the reply.
Request decode_request(std::span<const std::uint8_t> header, std::vector<Blob> blobs,
                       const DecodeLimits& limits = {});
Reply decode_reply(std::span<const std::uint8_t> header, std::vector<Blob> blobs);
Event decode_event(std::span<const std::uint8_t> header, std::vector<Blob> blobs);

std::string encode_header(const nlohmann::json& header);

// Helper for blob references inside JSON: {"frame": N, ...metadata}.
nlohmann::json blob_ref(std::size_t frame, nlohmann::json metadata = nlohmann::json::object());

} // namespace ktpel
