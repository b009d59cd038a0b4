// SPDX-License-Identifier: Apache-2.0
// One claimed USB interface of an opened device, with its bulk pair and
// interrupt IN: the part every bulk-protocol session (PTP, KSP) shares, so
// that claiming, transfers, draining and their debug log live in one place
// (libfprint style: shared helpers, not copies per driver).
//
// Transfers throw usb::TransferError as the transport does; turning that
// into a DeviceFailure with the protocol's own words is the session's job.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stop_token>
#include <string>

#include "usb_interface_layout.hpp"
#include "usb_transport.hpp"

namespace ktpel::usb {

class ClaimedInterface
{
public:
    ClaimedInterface(std::unique_ptr<DeviceHandle> device, InterfaceLayout layout);

    // Claims the interface; throws DeviceFailure (usb::throw_device_failure)
    // naming `what`, e.g. "the Still Image interface".
    void claim(const std::string& what);

    void write(std::span<const std::uint8_t> data, std::chrono::milliseconds timeout,
               std::stop_token stop);
    std::size_t read(std::span<std::uint8_t> buffer, std::chrono::milliseconds timeout,
                     std::stop_token stop);
    std::size_t read_interrupt(std::span<std::uint8_t> buffer, std::chrono::milliseconds timeout,
                               std::stop_token stop);

    // Best effort after a failure: reads and drops what the device still
    // sends on bulk IN (or interrupt IN) until a read waits `poll` in vain,
    // or at most `transfers` reads. With a fresh stop token, so recovery
    // runs for a cancelled operation too. Never throws: the end of a drain
    // is a timeout, and a stall or an unplug ends it as well while the
    // operation's own failure is already on its way.
    void drain_bulk(std::size_t transfer_size, std::chrono::milliseconds poll,
                    int transfers) noexcept;
    void drain_interrupt(std::size_t transfer_size, std::chrono::milliseconds poll,
                         int transfers) noexcept;

    const InterfaceLayout& layout() const noexcept { return layout_; }

private:
    std::unique_ptr<DeviceHandle> device_;
    InterfaceLayout layout_;
};

} // namespace ktpel::usb
