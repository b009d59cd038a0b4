// SPDX-License-Identifier: Apache-2.0
#include "ptp_session.hpp"

#include <algorithm>

#include "ptp_failures.hpp"
#include "ptp_log.hpp"

namespace ktpel::ptp {
namespace {

using drivers::DeviceFailure;
using Kind = DeviceFailure::Kind;

// Big enough that a 20 MB photo takes a few hundred transfers, and a
// multiple of every bulk max packet size (64, 512, 1024).
constexpr std::size_t kBulkTransferSize = 64 * 1024;
constexpr std::size_t kEventTransferSize = 1024;
constexpr std::chrono::milliseconds kDrainPoll{100};
constexpr int kDrainTransfersAtMost = 8192;

[[noreturn]] void protocol_failure(const std::string& what)
{
    throw DeviceFailure(Kind::protocol, "protocol_error", what);
}

} // namespace

Session::Session(std::unique_ptr<usb::DeviceHandle> usb, usb::InterfaceLayout layout,
                 SessionTiming timing)
    : usb_(std::move(usb), layout), timing_(timing)
{
}

void Session::claim(const drivers::OperationContext& /*context*/)
{
    usb_.claim("the Still Image interface");
}

std::uint32_t Session::next_transaction_id()
{
    // 0 belongs to OpenSession and 0xffffffff is reserved: skip both on wrap.
    ++transaction_id_;
    if (transaction_id_ == 0 || transaction_id_ == 0xffffffff)
        transaction_id_ = 1;
    return transaction_id_;
}

void Session::open(const drivers::OperationContext& context)
{
    const std::uint32_t session_id = last_session_id_ == 0xffffffff ? 1 : last_session_id_ + 1;
    last_session_id_ = session_id;
    session_id_ = 0;
    transaction_id_ = 0;
    try {
        transact(OperationCode::open_session, {session_id}, context);
    } catch (const ResponseFailure& failure) {
        if (failure.code() != ResponseCode::session_already_open)
            throw;
        // A session a previous host (or driver instance) left open. Its
        // transaction count is unknown; leave it and start our own.
        session_id_ = 1; // so close() sends a transaction
        close(context);
        transaction_id_ = 0;
        transact(OperationCode::open_session, {session_id}, context);
    }
    session_id_ = session_id;
}

void Session::close(const drivers::OperationContext& context)
{
    if (!is_open())
        return;
    try {
        transact(OperationCode::close_session, {}, context);
    } catch (const ResponseFailure& failure) {
        // Not open on the device either: the state we wanted.
        if (failure.code() != ResponseCode::session_not_open)
            throw;
    }
    session_id_ = 0;
}

TransactionResult Session::transact(OperationCode operation, std::vector<std::uint32_t> params,
                                    const drivers::OperationContext& context,
                                    const DataProgress& progress)
{
    context.throw_if_cancelled();
    // OpenSession is transaction 0 of the session it opens (ISO 15740
    // 9.3.1); GetDeviceInfo outside a session is too.
    const bool sessionless = operation == OperationCode::open_session ||
                             (operation == OperationCode::get_device_info && !is_open());
    const std::uint32_t transaction_id = sessionless ? 0 : next_transaction_id();
    const auto stop = context.stop_token();
    const std::string doing =
        name_of(operation) + " (transaction " + std::to_string(transaction_id) + ")";
    TransactionResult result;
    try {
        const Container command{ContainerType::command,
                                static_cast<std::uint16_t>(operation),
                                transaction_id,
                                std::move(params),
                                {}};
        usb_.write(encode(command), timing_.command_write, stop);

        Container reply = read_container(transaction_id, operation, progress, stop);
        if (reply.type == ContainerType::data) {
            result.data = std::move(reply.payload);
            reply = read_container(transaction_id, operation, {}, stop);
        }
        if (reply.type != ContainerType::response)
            protocol_failure("expected a response to " + doing + ", got container type " +
                             std::to_string(static_cast<int>(reply.type)));
        const auto code = static_cast<ResponseCode>(reply.code);
        // Names and lengths only: the data phase may be a photo of a person.
        if (log_ptp().enabled(log::Level::debug))
            log_ptp().debug(doing + ": " + name_of(code) + ", " +
                            std::to_string(result.data.size()) + " data bytes");
        if (code == ResponseCode::session_not_open)
            forget();
        if (code != ResponseCode::ok)
            throw ResponseFailure(code, operation);
        result.response_params = std::move(reply.params);
        return result;
    } catch (const usb::TransferError& error) {
        drain();
        throw_transfer_failure(error, doing);
    } catch (const ContainerError& error) {
        drain();
        protocol_failure(std::string(error.what()) + " in " + doing);
    } catch (const ResponseFailure&) {
        throw; // a complete transaction: the pipe is clean
    } catch (const DeviceFailure&) {
        drain();
        throw;
    }
}

Container Session::read_container(std::uint32_t transaction_id, OperationCode operation,
                                  const DataProgress& progress, std::stop_token stop)
{
    std::vector<std::uint8_t> buffer(kBulkTransferSize);
    std::optional<ContainerHeader> header;
    std::size_t last_reported = 0;
    for (;;) {
        if (!header && bytes_.size() >= kHeaderSize) {
            header = decode_header(bytes_);
            if (header->transaction_id != transaction_id)
                protocol_failure("container for transaction " +
                                 std::to_string(header->transaction_id) + " while in " +
                                 std::to_string(transaction_id));
            if (header->type == ContainerType::data &&
                header->code != static_cast<std::uint16_t>(operation))
                protocol_failure("data container of operation " + hex4(header->code) +
                                 " while in " + name_of(operation));
            if (header->type == ContainerType::data)
                bytes_.reserve(header->length);
        }
        if (header && bytes_.size() >= header->length) {
            const std::span<const std::uint8_t> whole(bytes_.data(), header->length);
            Container container = decode(whole);
            bytes_.erase(bytes_.begin(), bytes_.begin() + header->length);
            return container;
        }
        const std::size_t count = usb_.read(buffer, timing_.silence_limit, stop);
        // A zero-length packet ends a data phase that filled its last
        // packet exactly; it carries nothing.
        bytes_.insert(bytes_.end(), buffer.begin(), buffer.begin() + count);
        if (progress && header && header->type == ContainerType::data) {
            const std::size_t received = std::min<std::size_t>(bytes_.size(), header->length);
            if (received - last_reported >= header->length / 20 || received == header->length) {
                last_reported = received;
                progress(received - std::min(received, kHeaderSize), header->payload_size());
            }
        }
    }
}

void Session::drain()
{
    bytes_.clear();
    usb_.drain_bulk(kBulkTransferSize, kDrainPoll, kDrainTransfersAtMost);
}

DeviceInfo Session::get_device_info(const drivers::OperationContext& context)
{
    const auto result = transact(OperationCode::get_device_info, {}, context);
    try {
        return decode_device_info(result.data);
    } catch (const DataSetError& error) {
        protocol_failure(std::string("DeviceInfo: ") + error.what());
    }
}

std::vector<std::uint32_t> Session::get_storage_ids(const drivers::OperationContext& context)
{
    const auto result = transact(OperationCode::get_storage_ids, {}, context);
    try {
        DataReader reader(result.data);
        return reader.u32_array();
    } catch (const DataSetError& error) {
        protocol_failure(std::string("StorageIDs: ") + error.what());
    }
}

StorageInfo Session::get_storage_info(std::uint32_t storage_id,
                                      const drivers::OperationContext& context)
{
    const auto result = transact(OperationCode::get_storage_info, {storage_id}, context);
    try {
        return decode_storage_info(result.data);
    } catch (const DataSetError& error) {
        protocol_failure(std::string("StorageInfo: ") + error.what());
    }
}

std::vector<std::uint32_t> Session::get_object_handles(std::uint32_t storage_id,
                                                       std::uint16_t format, std::uint32_t parent,
                                                       const drivers::OperationContext& context)
{
    const auto result =
        transact(OperationCode::get_object_handles, {storage_id, format, parent}, context);
    try {
        DataReader reader(result.data);
        return reader.u32_array();
    } catch (const DataSetError& error) {
        protocol_failure(std::string("ObjectHandles: ") + error.what());
    }
}

ObjectInfo Session::get_object_info(std::uint32_t handle, const drivers::OperationContext& context)
{
    const auto result = transact(OperationCode::get_object_info, {handle}, context);
    try {
        return decode_object_info(result.data);
    } catch (const DataSetError& error) {
        protocol_failure(std::string("ObjectInfo: ") + error.what());
    }
}

std::vector<std::uint8_t> Session::get_object(std::uint32_t handle,
                                              const drivers::OperationContext& context,
                                              const DataProgress& progress)
{
    return transact(OperationCode::get_object, {handle}, context, progress).data;
}

void Session::delete_object(std::uint32_t handle, const drivers::OperationContext& context)
{
    // Second parameter 0: delete whatever format the object is.
    transact(OperationCode::delete_object, {handle, 0}, context);
}

std::uint32_t Session::initiate_capture(std::uint32_t storage_id, std::uint16_t format,
                                        const drivers::OperationContext& context)
{
    transact(OperationCode::initiate_capture, {storage_id, format}, context);
    return transaction_id_;
}

std::vector<std::uint8_t> Session::get_device_prop_value(DevicePropCode property,
                                                         const drivers::OperationContext& context)
{
    return transact(OperationCode::get_device_prop_value, {static_cast<std::uint32_t>(property)},
                    context)
        .data;
}

std::optional<Event> Session::wait_event(std::chrono::milliseconds timeout, std::stop_token stop)
{
    std::vector<std::uint8_t> buffer(kEventTransferSize);
    std::size_t count = 0;
    try {
        count = usb_.read_interrupt(buffer, timeout, std::move(stop));
    } catch (const usb::TransferError& error) {
        if (error.kind() == usb::TransferErrorKind::timeout)
            return std::nullopt; // quiet is normal on the event pipe
        throw_transfer_failure(error, "waiting for an event");
    }
    try {
        const Container container = decode(std::span<const std::uint8_t>(buffer.data(), count));
        if (container.type != ContainerType::event)
            protocol_failure("container type " + std::to_string(static_cast<int>(container.type)) +
                             " on the event pipe");
        return Event{static_cast<EventCode>(container.code), container.transaction_id,
                     container.params};
    } catch (const ContainerError& error) {
        protocol_failure(std::string("event: ") + error.what());
    }
}

std::vector<Event> Session::pending_events()
{
    std::vector<Event> events;
    while (auto event = wait_event(std::chrono::milliseconds{0}, {}))
        events.push_back(std::move(*event));
    return events;
}

} // namespace ktpel::ptp
