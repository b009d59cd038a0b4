// SPDX-License-Identifier: Apache-2.0
// Class adapter: an Evolis-compatible card printer as a CardPrinter.
#include "../classes/card_printer.hpp"
#include "../registry/driver_registry.hpp"
#include "evolis_channel.hpp"
#include "evolis_status.hpp"

namespace ktpel::evolis {
namespace {

class EvolisPrinter final : public drivers::CardPrinter
{
public:
    explicit EvolisPrinter(std::unique_ptr<usb::DeviceHandle> usb) : channel_(std::move(usb)) {}

    drivers::DeviceIdentity probe(const drivers::OperationContext& context) override
    {
        identity_.manufacturer = "Evolis-compatible";
        identity_.model = channel_.command("Rtp", context);
        identity_.serial = channel_.command("Rsn", context);
        identity_.firmware = channel_.command("Rfv", context);
        return identity_;
    }

    nlohmann::json capabilities() const override
    {
        return {{"dpi", 300}, {"card", "CR80"}, {"panels", "YMCKO"}};
    }

    drivers::PrinterStatus query_status(const drivers::OperationContext& context) override
    {
        return parse_status(channel_.command("Rst", context));
    }

private:
    Channel channel_;
    drivers::DeviceIdentity identity_;
};

const drivers::DriverRegistration registration{{
    .name = "evolis",
    .device_class = drivers::DeviceClass::card_printer,
    .summary = "Evolis-compatible card printers (escape-command protocol over USB)",
    .usb_ids = {{0xf1f0, 0x0022}},
    .reader_patterns = {},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        return std::make_unique<EvolisPrinter>(std::move(binding.usb));
    },
}};

} // namespace
} // namespace ktpel::evolis
