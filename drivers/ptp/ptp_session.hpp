// SPDX-License-Identifier: Apache-2.0
// The host side of PTP over one USB Still Image interface: sessions,
// transaction ids, the command / data / response phases on the bulk pipes,
// and events on the interrupt pipe. Throws drivers::DeviceFailure only
// (ResponseFailure for a response code other than OK).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "../classes/operation_context.hpp"
#include "../transport/claimed_interface.hpp"
#include "../transport/usb_session_options.hpp"
#include "ptp_codes.hpp"
#include "ptp_container.hpp"
#include "ptp_dataset.hpp"

namespace ktpel::ptp {

using usb::SessionTiming;
// A device that owes us a container and says nothing for 3 s is hung (a
// camera answers any operation but a capture within ~1 s).
inline constexpr SessionTiming kDefaultTiming{std::chrono::milliseconds{2000},
                                              std::chrono::milliseconds{3000}};

struct Event
{
    EventCode code{};
    std::uint32_t transaction_id = 0;
    std::vector<std::uint32_t> params;
};

struct TransactionResult
{
    std::vector<std::uint32_t> response_params;
    std::vector<std::uint8_t> data; // the data-in phase, if the operation has one
};

// received, total bytes of a data-in phase (total from the container).
using DataProgress = std::function<void(std::size_t, std::size_t)>;

class Session
{
public:
    // `layout`: where the Still Image interface lives (see ptp.md).
    Session(std::unique_ptr<usb::DeviceHandle> usb, usb::InterfaceLayout layout,
            SessionTiming timing);

    void claim(const drivers::OperationContext& context);

    // A fresh session id each time. A device still in a session some
    // earlier host left open is closed first.
    void open(const drivers::OperationContext& context);
    void close(const drivers::OperationContext& context);
    bool is_open() const noexcept { return session_id_ != 0; }
    std::uint32_t session_id() const noexcept { return session_id_; }
    // The device forgot the session (it answered Session_Not_Open).
    void forget() noexcept { session_id_ = 0; }

    DeviceInfo get_device_info(const drivers::OperationContext& context);
    std::vector<std::uint32_t> get_storage_ids(const drivers::OperationContext& context);
    StorageInfo get_storage_info(std::uint32_t storage_id,
                                 const drivers::OperationContext& context);
    std::vector<std::uint32_t> get_object_handles(std::uint32_t storage_id, std::uint16_t format,
                                                  std::uint32_t parent,
                                                  const drivers::OperationContext& context);
    ObjectInfo get_object_info(std::uint32_t handle, const drivers::OperationContext& context);
    std::vector<std::uint8_t> get_object(std::uint32_t handle,
                                         const drivers::OperationContext& context,
                                         const DataProgress& progress = {});
    void delete_object(std::uint32_t handle, const drivers::OperationContext& context);
    // Returns the transaction id the capture's events will carry.
    std::uint32_t initiate_capture(std::uint32_t storage_id, std::uint16_t format,
                                   const drivers::OperationContext& context);
    std::vector<std::uint8_t> get_device_prop_value(DevicePropCode property,
                                                    const drivers::OperationContext& context);

    // One transaction, for operations without a helper above.
    TransactionResult transact(OperationCode operation, std::vector<std::uint32_t> params,
                               const drivers::OperationContext& context,
                               const DataProgress& progress = {});

    // The next event from the interrupt pipe, or nullopt when none came
    // within `timeout`.
    std::optional<Event> wait_event(std::chrono::milliseconds timeout, std::stop_token stop);
    // Reads and returns the events already queued, without waiting.
    std::vector<Event> pending_events();

private:
    std::uint32_t next_transaction_id();
    // Reads until `bytes_` holds one whole container, then takes it out.
    Container read_container(std::uint32_t transaction_id, OperationCode operation,
                             const DataProgress& progress, std::stop_token stop);
    // Best effort after a failed transaction: throw away whatever the device
    // still sends, so the next transaction starts on a clean pipe.
    void drain();

    usb::ClaimedInterface usb_;
    SessionTiming timing_;
    std::uint32_t session_id_ = 0;
    std::uint32_t last_session_id_ = 0;
    std::uint32_t transaction_id_ = 0; // of the last transaction sent
    std::vector<std::uint8_t> bytes_;  // bulk IN bytes not yet consumed
};

} // namespace ktpel::ptp
