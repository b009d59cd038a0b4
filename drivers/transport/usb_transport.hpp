// SPDX-License-Identifier: Apache-2.0
// The USB transport interface every USB driver talks through. Two
// implementations: libusb (real hardware) and the emulated bus (device
// emulators in sim/). A driver cannot tell them apart.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

namespace ktpel::usb {

struct DeviceDescription
{
    std::string location; // stable per port, e.g. "1-4.2"; the key for open()
    std::uint16_t vendor_id = 0;
    std::uint16_t product_id = 0;
    std::string manufacturer;
    std::string product;
    std::string serial;
};

enum class TransferErrorKind
{
    disconnected, // the device went away (ENODEV / unplug)
    timeout,      // no data within the transfer's timeout
    stall,        // the endpoint halted
    cancelled,    // the stop token fired
    overflow,     // the device sent more than the buffer holds
    io,           // anything else the host controller reported
    access,       // permission denied opening the device
    not_found,    // no such device at that location
};

class TransferError : public std::runtime_error
{
public:
    TransferError(TransferErrorKind kind, const std::string& what)
        : std::runtime_error(what), kind_(kind)
    {
    }
    TransferErrorKind kind() const noexcept { return kind_; }

private:
    TransferErrorKind kind_;
};

// An opened device. Transfers block the calling thread (a device worker,
// never the event loop) until done, timed out or cancelled.
class DeviceHandle
{
public:
    virtual ~DeviceHandle() = default;

    virtual const DeviceDescription& description() const = 0;
    virtual void claim_interface(int interface_number) = 0;

    // Writes all of data or throws TransferError.
    virtual void bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                            std::chrono::milliseconds timeout, std::stop_token stop) = 0;
    // Reads at most buffer.size() bytes: one transfer's worth. Returns the
    // count received (possibly a short packet).
    virtual std::size_t bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                                  std::chrono::milliseconds timeout, std::stop_token stop) = 0;
    // Reads one interrupt IN transfer (device events, e.g. PTP's). Same
    // contract as bulk_read. Not pure: transports that predate it refuse.
    virtual std::size_t interrupt_read(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                                       std::chrono::milliseconds timeout, std::stop_token stop);
};

enum class HotplugEvent
{
    arrived,
    left,
};

using HotplugHandler = std::function<void(HotplugEvent, const DeviceDescription&)>;

// A USB bus. Hotplug handlers run on the daemon's event loop thread.
class Bus
{
public:
    virtual ~Bus() = default;

    // Install before the first enumerate() so no arrival falls between
    // the two (the pcsc-lite lesson). Arrivals already present are only
    // reported by enumerate().
    virtual void set_hotplug_handler(HotplugHandler handler) = 0;
    virtual std::vector<DeviceDescription> enumerate() = 0;
    virtual std::unique_ptr<DeviceHandle> open(const std::string& location) = 0;
    // True for a bus of emulators: its devices accept sim.inject.
    virtual bool emulated() const noexcept { return false; }
};

std::string to_string(TransferErrorKind kind);

} // namespace ktpel::usb
