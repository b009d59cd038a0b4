// SPDX-License-Identifier: Apache-2.0
// Prints the readers of the pcscd that libpcsclite reaches, one per line,
// with their state: the isolation test's eyes.
#include <iostream>

#include "drivers/transport/pcsc/pcsc_error.hpp"
#include "drivers/transport/pcsc/pcsc_reader_bus.hpp"

int main()
{
    using namespace ktpel::smartcard::pcsc;
    try {
        PcscReaderBus bus;
        for (const auto& name : bus.readers()) {
            PcscReader reader(name);
            std::cout << name << ": " << (reader.card_present() ? "card" : "empty") << '\n';
        }
        return 0;
    } catch (const PcscError& error) {
        std::cerr << "pcsc_probe: " << error.what() << '\n';
        return 1;
    }
}
