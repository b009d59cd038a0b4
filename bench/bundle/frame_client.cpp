// SPDX-License-Identifier: Apache-2.0
#include "frame_client.hpp"

#include <array>
#include <iterator>
#include <stdexcept>

#include <zmq_addon.hpp>

namespace ktpel::bench {

FrameClient::FrameClient(zmq::context_t& context, const std::string& endpoint,
                         std::chrono::milliseconds timeout)
    : endpoint_(endpoint), timeout_(timeout), socket_(context, zmq::socket_type::dealer)
{
    socket_.set(zmq::sockopt::linger, 0);
    socket_.set(zmq::sockopt::rcvtimeo, static_cast<int>(timeout.count()));
    socket_.connect(endpoint);
}

Delivery FrameClient::round_trip(const std::string& header)
{
    Delivery delivery;
    // The empty delimiter a REQ socket would add: the daemon's ROUTER
    // expects it.
    const std::array<zmq::const_buffer, 2> request{zmq::const_buffer{}, zmq::buffer(header)};
    const auto start = std::chrono::steady_clock::now();
    if (!zmq::send_multipart(socket_, request))
        throw std::runtime_error("cannot send to " + endpoint_ + ": send would block");
    // A multipart message arrives whole or not at all, so the timeout can
    // only strike before the first frame.
    const auto received = zmq::recv_multipart(socket_, std::back_inserter(delivery.frames));
    delivery.elapsed = std::chrono::steady_clock::now() - start;
    if (!received)
        throw std::runtime_error("no reply from " + endpoint_ + " within " +
                                 std::to_string(timeout_.count()) + " ms");
    return delivery;
}

} // namespace ktpel::bench
