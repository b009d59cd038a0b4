// SPDX-License-Identifier: Apache-2.0
#include "claimed_interface.hpp"

#include <vector>

#include "usb_failure.hpp"
#include "usb_log.hpp"

namespace ktpel::usb {
namespace {

std::string hex2(std::uint8_t value)
{
    static constexpr char digits[] = "0123456789abcdef";
    return {'0', 'x', digits[value >> 4], digits[value & 0x0f]};
}

// One line per transfer: endpoint, length and outcome only. The bytes
// themselves never reach the log: they carry biometric images, pen traces
// and personal data.
void log_transfer(const char* kind, std::uint8_t endpoint, std::size_t length,
                  std::string_view outcome)
{
    if (!log_usb().enabled(log::Level::debug))
        return;
    log_usb().debug(std::string(kind) + " " + hex2(endpoint) + " " + std::to_string(length) +
                    " bytes: " + std::string(outcome));
}

// Runs one transfer, logs its summary, and passes its error on.
template <typename Transfer>
std::size_t logged(const char* kind, std::uint8_t endpoint, std::size_t asked, Transfer transfer)
{
    try {
        const std::size_t done = transfer();
        log_transfer(kind, endpoint, done, "ok");
        return done;
    } catch (const TransferError& error) {
        log_transfer(kind, endpoint, asked, to_string(error.kind()));
        throw;
    }
}

} // namespace

ClaimedInterface::ClaimedInterface(std::unique_ptr<DeviceHandle> device, InterfaceLayout layout)
    : device_(std::move(device)), layout_(layout)
{
}

void ClaimedInterface::claim(const std::string& what)
{
    try {
        device_->claim_interface(layout_.interface_number);
    } catch (const TransferError& error) {
        throw_device_failure(error, "claiming " + what);
    }
    log_usb().debug("claimed interface " + std::to_string(layout_.interface_number) + " of " +
                    device_->description().location);
}

void ClaimedInterface::write(std::span<const std::uint8_t> data, std::chrono::milliseconds timeout,
                             std::stop_token stop)
{
    logged("bulk out", layout_.bulk_out, data.size(), [&] {
        device_->bulk_write(layout_.bulk_out, data, timeout, std::move(stop));
        return data.size();
    });
}

std::size_t ClaimedInterface::read(std::span<std::uint8_t> buffer,
                                   std::chrono::milliseconds timeout, std::stop_token stop)
{
    return logged("bulk in", layout_.bulk_in, buffer.size(), [&] {
        return device_->bulk_read(layout_.bulk_in, buffer, timeout, std::move(stop));
    });
}

std::size_t ClaimedInterface::read_interrupt(std::span<std::uint8_t> buffer,
                                             std::chrono::milliseconds timeout,
                                             std::stop_token stop)
{
    return logged("interrupt in", layout_.interrupt_in, buffer.size(), [&] {
        return device_->interrupt_read(layout_.interrupt_in, buffer, timeout, std::move(stop));
    });
}

void ClaimedInterface::drain_bulk(std::size_t transfer_size, std::chrono::milliseconds poll,
                                  int transfers) noexcept
{
    try {
        std::vector<std::uint8_t> buffer(transfer_size);
        for (int i = 0; i < transfers; ++i)
            device_->bulk_read(layout_.bulk_in, buffer, poll, {});
    } catch (...) {
        // A timeout (nothing more queued), a stall, an unplug or no memory
        // for the buffer: each ends the drain, none is news to the caller.
    }
}

void ClaimedInterface::drain_interrupt(std::size_t transfer_size, std::chrono::milliseconds poll,
                                       int transfers) noexcept
{
    try {
        std::vector<std::uint8_t> buffer(transfer_size);
        for (int i = 0; i < transfers; ++i)
            device_->interrupt_read(layout_.interrupt_in, buffer, poll, {});
    } catch (...) {
        // As for drain_bulk.
    }
}

} // namespace ktpel::usb
