// SPDX-License-Identifier: Apache-2.0
// The PC/SC readers of the pcscd that libpcsclite reaches (the system one,
// or a private one inside scripts/with-private-pcscd.sh's namespace).
#pragma once

#include <mutex>

#include "chip/smartcard_reader.hpp"
#include "pcsc_context.hpp"
#include "pcsc_reader.hpp"

namespace ktpel::smartcard::pcsc {

class PcscReaderBus final : public ReaderBus
{
public:
    explicit PcscReaderBus(PcscReaderOptions options = {});

    // pcscd's reader names. Empty when pcscd is not running (watch a
    // ReaderMonitor for it coming back); the bus reconnects by itself
    // after a pcscd restart. Thread-safe.
    std::vector<std::string> readers() override;
    // A PcscReader with the bus's options; reader_gone if pcscd has no
    // reader of that name.
    std::unique_ptr<Reader> open(const std::string& name) override;
    std::unique_ptr<PcscReader> open_reader(const std::string& name, PcscReaderOptions options);

    const PcscReaderOptions& options() const noexcept { return options_; }

private:
    PcscReaderOptions options_;
    std::mutex mutex_;
    PcscContext context_;
};

} // namespace ktpel::smartcard::pcsc
