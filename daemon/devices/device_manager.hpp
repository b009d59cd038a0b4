// SPDX-License-Identifier: Apache-2.0
// Knows device classes, not models: binds configured devices to drivers as
// they appear on the buses, tracks their state, hands each to one request
// at a time, and publishes every change. Lives on the event loop thread;
// driver calls run on per-device workers.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>

#include "../config/station_config.hpp"
#include "../errors/domain_error.hpp"
#include "common/shared_bytes.hpp"
#include "device_state.hpp"
#include "device_worker.hpp"
#include "drivers/registry/driver_registry.hpp"
#include "event_sink.hpp"

namespace ktpel::daemon {

// What a device operation produces: a result and its blobs, or an error.
struct OperationOutcome
{
    std::optional<DomainError> error;
    nlohmann::json result = nlohmann::json::object();
    std::vector<SharedBytes> blobs;
    // A successful query may still find the device unable to work (a
    // printer with its cover open): the device's state becomes error with
    // this reason until an operation finds it well again.
    std::optional<std::string> device_fault;
};

// Runs on the device's worker. Throws drivers::DeviceFailure on failure.
using DeviceWork =
    std::function<OperationOutcome(drivers::Device&, const drivers::OperationContext&)>;
// A companion's failure, thrown by work across devices so that the error
// and the device state name the device that failed.
class CompanionFailure : public drivers::DeviceFailure
{
public:
    CompanionFailure(std::string device_id, const drivers::DeviceFailure& failure)
        : drivers::DeviceFailure(failure), device_id_(std::move(device_id))
    {
    }
    const std::string& device_id() const noexcept { return device_id_; }

private:
    std::string device_id_;
};

// The other devices a job across devices claimed, by id.
using CompanionDevices = std::map<std::string, std::shared_ptr<drivers::Device>>;
// Work across devices: runs on the main device's worker while the
// companions are claimed too (their workers stay idle).
using CompanionWork = std::function<OperationOutcome(drivers::Device&, const CompanionDevices&,
                                                     const drivers::OperationContext&)>;
using ProgressHandler = std::function<void(drivers::ProgressStage, const nlohmann::json&)>;
using PreviewHandler = std::function<void(nlohmann::json meta, SharedBytes image)>;
using CompletionHandler = std::function<void(OperationOutcome)>;

struct OperationRequest
{
    std::string device_id;
    std::string claimant; // who holds the device while the work runs (client + request id)
    std::chrono::milliseconds deadline{30000};
    DeviceWork work;
    // For work across devices: claimed with device_id, all or none; then
    // companion_work runs instead of work.
    std::vector<std::string> companion_ids;
    CompanionWork companion_work;
    ProgressHandler on_progress; // called on the loop thread
    PreviewHandler on_preview;   // called on the loop thread
    CompletionHandler on_done;   // called on the loop thread, exactly once
};

class DeviceManager
{
public:
    DeviceManager(boost::asio::io_context& io, EventSink& events, usb::Bus& usb,
                  smartcard::ReaderBus* readers, std::vector<config::DeviceConfig> devices);
    ~DeviceManager();

    // Installs the hotplug handler, then enumerates (in that order, so no
    // arrival is missed) and binds what it finds.
    void start();

    nlohmann::json list(std::optional<drivers::DeviceClass> filter) const;
    // Throws DomainError(not_found).
    nlohmann::json describe(const std::string& id) const;
    drivers::DeviceClass device_class(const std::string& id) const;
    std::string first_of_class(drivers::DeviceClass device_class) const;
    std::string location(const std::string& id) const;

    // Starts an operation, or throws DomainError (not_found, device_absent,
    // device_busy) without calling on_done. The returned source cancels it.
    std::stop_source run(OperationRequest request);
    void cancel_all();
    std::size_t operations_in_flight() const noexcept { return in_flight_; }

    // A reader came or went: from pcscd's PnP (daemon/app PcscReaderWatch), or from
    // sim.inject on the emulated reader bus. Binds or unbinds the device
    // whose reader it is; an encoder's SAM reader needs no notice (the
    // encoder looks it up by name at each connection: ReaderByName).
    void reader_changed(const std::string& reader_name, bool present);

private:
    struct Slot;

    void on_usb_hotplug(usb::HotplugEvent event, const usb::DeviceDescription& description);
    void bind_usb(Slot& slot, const usb::DeviceDescription& description);
    void bind_reader(Slot& slot, const std::string& reader_name);
    void start_probe(Slot& slot, std::unique_ptr<drivers::Device> device);
    // Throws device_absent or device_busy.
    void require_available(const Slot& target) const;
    void mark_absent(Slot& slot, const std::string& reason);
    void set_state(Slot& slot, DeviceState state, std::string reason);
    Slot& slot(const std::string& id);
    const Slot& slot(const std::string& id) const;
    nlohmann::json describe(const Slot& slot) const;

    boost::asio::io_context& io_;
    EventSink& events_;
    usb::Bus& usb_;
    smartcard::ReaderBus* readers_;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::size_t in_flight_ = 0;
};

} // namespace ktpel::daemon
