// SPDX-License-Identifier: Apache-2.0
// One WebSocket frame on its way to a tab: a JSON text frame, or a blob
// as a binary frame (never base64). A message to a page is a JSON header
// with "blobs": n followed by its n binary frames, queued together.
#pragma once

#include <string>
#include <vector>

#include <boost/asio/buffer.hpp>

#include <ktpel/message.hpp>

namespace ktpel::console {

struct OutgoingFrame
{
    bool binary = false;
    std::string text; // when !binary
    Blob blob;        // when binary: shared with every tab it goes to, not copied

    std::size_t size() const noexcept { return binary ? blob.size() : text.size(); }
    boost::asio::const_buffer buffer() const noexcept
    {
        return binary ? boost::asio::const_buffer(blob.bytes().data(), blob.size())
                      : boost::asio::const_buffer(text.data(), text.size());
    }
};

// The header as a text frame, then each blob as a binary frame.
inline std::vector<OutgoingFrame> page_message(const nlohmann::json& header,
                                               const std::vector<Blob>& blobs = {})
{
    std::vector<OutgoingFrame> frames;
    frames.push_back(OutgoingFrame{
        false, header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}});
    for (const auto& blob : blobs)
        frames.push_back(OutgoingFrame{true, {}, blob});
    return frames;
}

} // namespace ktpel::console
