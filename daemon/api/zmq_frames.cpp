// SPDX-License-Identifier: Apache-2.0
#include "zmq_frames.hpp"

#include <memory>

namespace ktpel::daemon {
namespace {

using Storage = std::shared_ptr<const std::vector<std::uint8_t>>;

void release_storage(void* /*data*/, void* hint)
{
    // Takes back ownership of what frame_of() released to libzmq.
    std::unique_ptr<Storage> owned(static_cast<Storage*>(hint));
}

} // namespace

zmq::message_t frame_of(const Blob& blob)
{
    if (blob.size() == 0)
        return zmq::message_t{};
    auto keeper = std::make_unique<Storage>(blob.storage());
    auto* data = const_cast<std::uint8_t*>((*keeper)->data());
    zmq::message_t frame(data, (*keeper)->size(), &release_storage, keeper.get());
    keeper.release(); // now libzmq's: release_storage() frees it
    return frame;
}

zmq::message_t frame_of(const std::string& text)
{
    return zmq::message_t(text.data(), text.size());
}

} // namespace ktpel::daemon
