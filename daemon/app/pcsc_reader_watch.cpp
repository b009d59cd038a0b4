// SPDX-License-Identifier: Apache-2.0
#include "pcsc_reader_watch.hpp"

#include <boost/asio/post.hpp>

#include "common/log.hpp"
#include "daemon/devices/device_manager.hpp"

namespace ktpel::daemon {

void PcscReaderWatch::start(boost::asio::io_context& io, DeviceManager& devices)
{
    using smartcard::pcsc::ReaderEvent;
    monitor_ = std::make_unique<smartcard::pcsc::ReaderMonitor>(
        [&io](std::function<void()> closure) { boost::asio::post(io, std::move(closure)); },
        [&devices](const ReaderEvent& event) {
            switch (event.kind) {
            case ReaderEvent::Kind::reader_added:
                devices.reader_changed(event.state.name, true);
                break;
            case ReaderEvent::Kind::reader_removed:
                devices.reader_changed(event.state.name, false);
                break;
            case ReaderEvent::Kind::service_lost:
                log::warning("pcscd is not reachable (" + event.detail +
                             "); smartcard readers are absent until it is back");
                break;
            case ReaderEvent::Kind::service_restored:
                log::notice("pcscd is reachable again");
                break;
            case ReaderEvent::Kind::state_changed:
                break; // card presence is read when a job needs it
            }
        });
}

} // namespace ktpel::daemon
