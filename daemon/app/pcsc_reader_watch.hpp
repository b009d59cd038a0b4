// SPDX-License-Identifier: Apache-2.0
// The daemon's PC/SC readers: pcscd's reader bus, and the monitor that
// tells the device manager when readers come and go (pcscd's PnP
// notification, on the monitor's own thread, posted onto the loop).
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>

#include "drivers/transport/pcsc/pcsc_reader_bus.hpp"
#include "drivers/transport/pcsc/reader_monitor.hpp"

namespace ktpel::daemon {

class DeviceManager;

class PcscReaderWatch
{
public:
    PcscReaderWatch() = default;
    // Starts the monitor: call before DeviceManager::start() enumerates,
    // so that no reader arriving in between is missed. Must be destroyed
    // on the loop's thread (or after the loop stopped), after `devices`,
    // and stopped before `devices` goes.
    void start(boost::asio::io_context& io, DeviceManager& devices);
    // Stops the monitor, whose closures reach into `devices`; the bus
    // stays, since bound devices still hold readers of it (the encoder's
    // SAM reader is looked up by name on it).
    void stop() noexcept { monitor_.reset(); }

    smartcard::ReaderBus& bus() noexcept { return bus_; }

private:
    smartcard::pcsc::PcscReaderBus bus_;
    std::unique_ptr<smartcard::pcsc::ReaderMonitor> monitor_;
};

} // namespace ktpel::daemon
