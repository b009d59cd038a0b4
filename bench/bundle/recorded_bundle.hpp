// SPDX-License-Identifier: Apache-2.0
// ktpeld's first biometrics.bundle reply, frame by frame as the client
// received it: what the replay server sends back, what the size comparison
// encodes, and what every later reply (from either server) must equal.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "frame_client.hpp"

namespace ktpel::bench {

class RecordedBundle
{
public:
    // Throws std::runtime_error unless `first` is a successful reply to the
    // request `request_id` whose blobs add up to its result's "bytes".
    RecordedBundle(const Delivery& first, const std::string& request_id);

    // Throws std::runtime_error unless `delivery` is a successful reply to
    // `request_id` carrying the same blobs.
    void check_daemon_reply(const Delivery& delivery, const std::string& request_id) const;
    // Throws std::runtime_error unless `delivery` equals the recording byte for byte.
    void check_replay(const Delivery& delivery) const;

    // Delimiter, header, blobs.
    const std::vector<std::vector<std::uint8_t>>& frames() const noexcept { return frames_; }
    const nlohmann::json& header() const noexcept { return header_; }
    std::size_t header_bytes() const noexcept { return frames_.at(1).size(); }
    std::size_t blob_count() const noexcept { return frames_.size() - 2; }
    std::size_t blob_bytes() const noexcept;
    std::vector<std::span<const std::uint8_t>> blobs() const;

private:
    void check_blobs(const Delivery& delivery, const char* server) const;

    std::vector<std::vector<std::uint8_t>> frames_;
    nlohmann::json header_;
};

} // namespace ktpel::bench
