// SPDX-License-Identifier: Apache-2.0
#include "usb_device_emulator.hpp"

#include <algorithm>
#include <cstring>

namespace ktpel::sim {

std::size_t UsbDeviceEmulator::send(std::uint8_t /*endpoint*/, std::span<std::uint8_t> buffer,
                                    std::chrono::milliseconds timeout, std::stop_token stop)
{
    std::unique_lock lock(mutex_);
    const bool woke = packets_ready_.wait_for(
        lock, stop, timeout, [&] { return !connected_ || in_halted_ || !packets_.empty(); });
    if (!connected_)
        throw usb::TransferError(usb::TransferErrorKind::disconnected, "device disconnected");
    if (in_halted_) {
        in_halted_ = false; // the host's clear-halt is implied by the error it now sees
        throw usb::TransferError(usb::TransferErrorKind::stall, "bulk IN endpoint stalled");
    }
    if (stop.stop_requested())
        throw usb::TransferError(usb::TransferErrorKind::cancelled, "transfer cancelled");
    if (!woke)
        throw usb::TransferError(usb::TransferErrorKind::timeout, "bulk IN transfer timed out");

    auto& packet = packets_.front();
    if (packet.size() > buffer.size()) {
        packets_.pop_front();
        throw usb::TransferError(usb::TransferErrorKind::overflow,
                                 "device sent more than the transfer buffer holds");
    }
    std::memcpy(buffer.data(), packet.data(), packet.size());
    const std::size_t size = packet.size();
    packets_.pop_front();
    packets_taken_.notify_all();
    return size;
}

std::size_t UsbDeviceEmulator::send_interrupt(std::uint8_t /*endpoint*/,
                                              std::span<std::uint8_t> buffer,
                                              std::chrono::milliseconds timeout,
                                              std::stop_token stop)
{
    std::unique_lock lock(mutex_);
    const bool woke = packets_ready_.wait_for(
        lock, stop, timeout, [&] { return !connected_ || !interrupt_packets_.empty(); });
    if (!connected_)
        throw usb::TransferError(usb::TransferErrorKind::disconnected, "device disconnected");
    if (stop.stop_requested())
        throw usb::TransferError(usb::TransferErrorKind::cancelled, "transfer cancelled");
    if (!woke)
        throw usb::TransferError(usb::TransferErrorKind::timeout,
                                 "interrupt IN transfer timed out");

    auto packet = std::move(interrupt_packets_.front());
    interrupt_packets_.pop_front();
    if (packet.size() > buffer.size())
        throw usb::TransferError(usb::TransferErrorKind::overflow,
                                 "device sent more than the transfer buffer holds");
    std::memcpy(buffer.data(), packet.data(), packet.size());
    return packet.size();
}

void UsbDeviceEmulator::set_connected(bool connected)
{
    {
        std::lock_guard lock(mutex_);
        if (connected_ == connected)
            return;
        connected_ = connected;
        if (connected)
            ++plug_generation_;
        packets_.clear();
        interrupt_packets_.clear();
        in_halted_ = false;
    }
    packets_ready_.notify_all();
    packets_taken_.notify_all();
    if (connected)
        on_power_cycle();
}

bool UsbDeviceEmulator::connected() const
{
    std::lock_guard lock(mutex_);
    return connected_;
}

std::uint64_t UsbDeviceEmulator::plug_generation() const
{
    std::lock_guard lock(mutex_);
    return plug_generation_;
}

void UsbDeviceEmulator::queue_packet(std::vector<std::uint8_t> packet)
{
    {
        std::lock_guard lock(mutex_);
        if (!connected_)
            return; // nobody on the other end of the cable
        packets_.push_back(std::move(packet));
    }
    packets_ready_.notify_all();
}

void UsbDeviceEmulator::queue_interrupt_packet(std::vector<std::uint8_t> packet)
{
    {
        std::lock_guard lock(mutex_);
        if (!connected_)
            return;
        interrupt_packets_.push_back(std::move(packet));
    }
    packets_ready_.notify_all();
}

void UsbDeviceEmulator::halt_in_endpoint()
{
    {
        std::lock_guard lock(mutex_);
        in_halted_ = true;
    }
    packets_ready_.notify_all();
}

void UsbDeviceEmulator::discard_queued_packets()
{
    {
        std::lock_guard lock(mutex_);
        packets_.clear();
    }
    packets_taken_.notify_all();
}

bool UsbDeviceEmulator::wait_for_host(std::size_t max_queued, std::chrono::milliseconds timeout,
                                      std::stop_token stop)
{
    std::unique_lock lock(mutex_);
    packets_taken_.wait_for(lock, stop, timeout,
                            [&] { return !connected_ || packets_.size() <= max_queued; });
    return connected_ && !stop.stop_requested() && packets_.size() <= max_queued;
}

} // namespace ktpel::sim
