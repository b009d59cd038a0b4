// SPDX-License-Identifier: Apache-2.0
// Base of the USB device emulators. An emulator is a device, not a
// shortcut: it sees exactly the bytes a real device would see on its bulk
// endpoints and answers with the bytes a real device would send.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/transport/usb_transport.hpp"

namespace ktpel::sim {

// Raised by inject() for a fault name the emulator does not know or
// arguments it cannot use.
class UnknownFault : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

class UsbDeviceEmulator
{
public:
    virtual ~UsbDeviceEmulator() = default;

    virtual usb::DeviceDescription description() const = 0;

    // Host-to-device data. Called from the driver's worker thread.
    virtual void receive(std::uint8_t endpoint, std::span<const std::uint8_t> data) = 0;

    // Device-to-host data: one packet, blocking like a bulk IN transfer.
    std::size_t send(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                     std::chrono::milliseconds timeout, std::stop_token stop);
    // Device-to-host events: one packet from the interrupt IN endpoint,
    // blocking like an interrupt transfer. A queue of its own, so events
    // never mix with bulk data, and untouched by a bulk IN halt.
    std::size_t send_interrupt(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                               std::chrono::milliseconds timeout, std::stop_token stop);

    // Fault injection (sim.inject). Lists what this emulator understands.
    virtual void inject(const std::string& fault, const nlohmann::json& args) = 0;
    virtual std::vector<std::string> faults() const = 0;

    // Plug state, driven by the emulated bus. Unplugging fails every
    // transfer in flight with `disconnected`; plugging in resets the device
    // as a power cycle would.
    void set_connected(bool connected);
    bool connected() const;
    // Incremented by every replug: a handle opened before it is stale.
    std::uint64_t plug_generation() const;

protected:
    // For subclasses: queue a packet for the host to read.
    void queue_packet(std::vector<std::uint8_t> packet);
    // For subclasses: queue a packet on the interrupt IN endpoint.
    void queue_interrupt_packet(std::vector<std::uint8_t> packet);
    // Make the IN endpoint answer with a STALL handshake until the host
    // clears it by writing again.
    void halt_in_endpoint();
    void discard_queued_packets();
    // Waits until the host has read all but `max_queued` packets: a device
    // streaming faster than its host is NAKed, not buffered without end.
    // False when unplugged, stopped or still full after `timeout`.
    bool wait_for_host(std::size_t max_queued, std::chrono::milliseconds timeout,
                       std::stop_token stop);
    // Called (without the lock) after a replug so the device starts afresh.
    virtual void on_power_cycle() {}

private:
    mutable std::mutex mutex_;
    std::condition_variable_any packets_ready_;
    std::condition_variable_any packets_taken_;
    std::deque<std::vector<std::uint8_t>> packets_;
    std::deque<std::vector<std::uint8_t>> interrupt_packets_;
    bool connected_ = true;
    bool in_halted_ = false;
    std::uint64_t plug_generation_ = 0;
};

} // namespace ktpel::sim
