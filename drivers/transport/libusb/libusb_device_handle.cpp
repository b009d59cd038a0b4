// SPDX-License-Identifier: Apache-2.0
#include "libusb_device_handle.hpp"

#include <algorithm>
#include <condition_variable>
#include <limits>
#include <mutex>

#include "libusb_errors.hpp"

namespace ktpel::usb::libusb {

namespace {

// Filled in by the completion callback on the loop thread, waited for by
// the worker thread that submitted the transfer.
struct Completion
{
    std::mutex mutex;
    std::condition_variable_any done_changed;
    bool done = false;
};

void LIBUSB_CALL on_transfer_done(libusb_transfer* transfer) noexcept
{
    auto& completion = *static_cast<Completion*>(transfer->user_data);
    std::lock_guard lock(completion.mutex);
    completion.done = true;
    // Notify under the lock: once the worker sees done it frees the
    // Completion, which must not happen while we still touch it.
    completion.done_changed.notify_all();
}

// libusb reads a zero timeout as "wait forever"; the transport means "do
// not wait", which the shortest libusb timeout approximates.
unsigned int libusb_timeout(std::chrono::milliseconds timeout)
{
    constexpr auto longest = std::numeric_limits<unsigned int>::max();
    return static_cast<unsigned int>(
        std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 1, longest));
}

std::string endpoint_name(std::uint8_t endpoint)
{
    constexpr char digits[] = "0123456789abcdef";
    return std::string("endpoint 0x") + digits[endpoint >> 4] + digits[endpoint & 0xf];
}

} // namespace

LibusbDeviceHandle::LibusbDeviceHandle(std::shared_ptr<Session> session, DeviceHandlePtr handle,
                                       DeviceDescription description)
    : session_(std::move(session)), handle_(std::move(handle)), description_(std::move(description))
{
}

LibusbDeviceHandle::~LibusbDeviceHandle()
{
    // Releasing (rather than leaving it to libusb_close) is what lets libusb
    // re-attach the kernel driver it auto-detached. After an unplug the
    // release fails with NO_DEVICE, which changes nothing for anyone.
    for (const int interface_number : claimed_)
        libusb_release_interface(handle_.get(), interface_number);
}

void LibusbDeviceHandle::claim_interface(int interface_number)
{
    const int result = libusb_claim_interface(handle_.get(), interface_number);
    if (result != LIBUSB_SUCCESS)
        throw_error(result, "claiming interface " + std::to_string(interface_number) + " of " +
                                description_.location);
    claimed_.push_back(interface_number);
}

void LibusbDeviceHandle::bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                                    std::chrono::milliseconds timeout, std::stop_token stop)
{
    // libusb's buffer pointer is non-const for both directions; it only
    // reads an OUT transfer's buffer.
    const std::span<std::uint8_t> buffer(const_cast<std::uint8_t*>(data.data()), data.size());
    const std::size_t written = transfer(TransferType::bulk, endpoint, buffer, timeout, stop);
    if (written != data.size())
        throw TransferError(TransferErrorKind::io, "short write on " + endpoint_name(endpoint) +
                                                       ": " + std::to_string(written) + " of " +
                                                       std::to_string(data.size()) + " bytes");
}

std::size_t LibusbDeviceHandle::bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                                          std::chrono::milliseconds timeout, std::stop_token stop)
{
    return transfer(TransferType::bulk, endpoint, buffer, timeout, stop);
}

std::size_t LibusbDeviceHandle::interrupt_read(std::uint8_t endpoint,
                                               std::span<std::uint8_t> buffer,
                                               std::chrono::milliseconds timeout,
                                               std::stop_token stop)
{
    return transfer(TransferType::interrupt, endpoint, buffer, timeout, stop);
}

std::size_t LibusbDeviceHandle::transfer(TransferType type, std::uint8_t endpoint,
                                         std::span<std::uint8_t> buffer,
                                         std::chrono::milliseconds timeout,
                                         const std::stop_token& stop)
{
    if (stop.stop_requested())
        throw TransferError(TransferErrorKind::cancelled, "transfer on " + endpoint_name(endpoint) +
                                                              " cancelled before it started");
    if (buffer.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw TransferError(TransferErrorKind::io, "transfer too large for libusb");

    const TransferPtr transfer(libusb_alloc_transfer(0));
    if (!transfer)
        throw TransferError(TransferErrorKind::io, "libusb_alloc_transfer failed");
    Completion completion;
    if (type == TransferType::interrupt)
        libusb_fill_interrupt_transfer(transfer.get(), handle_.get(), endpoint, buffer.data(),
                                       static_cast<int>(buffer.size()), &on_transfer_done,
                                       &completion, libusb_timeout(timeout));
    else
        libusb_fill_bulk_transfer(transfer.get(), handle_.get(), endpoint, buffer.data(),
                                  static_cast<int>(buffer.size()), &on_transfer_done, &completion,
                                  libusb_timeout(timeout));

    const int submitted = libusb_submit_transfer(transfer.get());
    if (submitted != LIBUSB_SUCCESS)
        throw_error(submitted, "submitting a transfer on " + endpoint_name(endpoint) + " of " +
                                   description_.location);
    session_->pump->deadline_added();

    std::unique_lock lock(completion.mutex);
    if (!completion.done_changed.wait(lock, stop, [&] { return completion.done; })) {
        lock.unlock();
        // Whatever cancel returns (NOT_FOUND when the transfer finished in
        // the meantime, NO_DEVICE after an unplug), libusb still calls the
        // callback exactly once, and the transfer must not be freed before.
        libusb_cancel_transfer(transfer.get());
        lock.lock();
        completion.done_changed.wait(lock, [&] { return completion.done; });
    }

    const libusb_transfer_status status = transfer->status;
    if (status == LIBUSB_TRANSFER_COMPLETED)
        return static_cast<std::size_t>(transfer->actual_length);

    std::string what = endpoint_name(endpoint) + " of " + description_.location + ": transfer " +
                       status_name(status);
    if (status == LIBUSB_TRANSFER_STALL) {
        // Until the halt is cleared every later transfer on the endpoint
        // stalls too, so the caller's retry would be pointless.
        const int cleared = libusb_clear_halt(handle_.get(), endpoint);
        if (cleared == LIBUSB_ERROR_NO_DEVICE)
            throw TransferError(TransferErrorKind::disconnected,
                                what + "; device gone while clearing the halt");
        if (cleared != LIBUSB_SUCCESS)
            what += std::string("; clearing the halt failed: ") + libusb_error_name(cleared);
    }
    throw TransferError(kind_of_status(status), what);
}

} // namespace ktpel::usb::libusb
