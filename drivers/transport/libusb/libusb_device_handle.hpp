// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <vector>

#include "drivers/transport/usb_transport.hpp"
#include "libusb_session.hpp"

namespace ktpel::usb::libusb {

// Transfers are asynchronous libusb transfers completed by the event pump on
// the loop thread; the calling worker thread sleeps until then.
class LibusbDeviceHandle final : public DeviceHandle
{
public:
    LibusbDeviceHandle(std::shared_ptr<Session> session, DeviceHandlePtr handle,
                       DeviceDescription description);
    ~LibusbDeviceHandle() override;

    const DeviceDescription& description() const override { return description_; }
    void claim_interface(int interface_number) override;

    void bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                    std::chrono::milliseconds timeout, std::stop_token stop) override;
    std::size_t bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                          std::chrono::milliseconds timeout, std::stop_token stop) override;
    std::size_t interrupt_read(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                               std::chrono::milliseconds timeout, std::stop_token stop) override;

private:
    enum class TransferType
    {
        bulk,
        interrupt,
    };

    std::size_t transfer(TransferType type, std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                         std::chrono::milliseconds timeout, const std::stop_token& stop);

    std::shared_ptr<Session> session_; // declared first: outlives handle_
    DeviceHandlePtr handle_;
    DeviceDescription description_;
    std::vector<int> claimed_;
};

} // namespace ktpel::usb::libusb
