// SPDX-License-Identifier: Apache-2.0
// An owned SCARDHANDLE: one connection to the card in one reader,
// disconnected with the chosen disposition when it goes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pcsc_context.hpp"
#include "pcsc_reader_options.hpp"

namespace ktpel::smartcard::pcsc {

class PcscCardHandle
{
public:
    struct Status
    {
        DWORD state = 0; // SCARD_ABSENT, SCARD_PRESENT, ..., SCARD_SPECIFIC (pcsclite.h)
        DWORD protocol = 0;
        std::vector<std::uint8_t> atr;
    };

    // SCardConnect; throws PcscError (no_card, reader_gone, io for a
    // sharing violation).
    PcscCardHandle(const PcscContext& context, const std::string& reader,
                   const PcscReaderOptions& options);
    ~PcscCardHandle();
    PcscCardHandle(PcscCardHandle&& other) noexcept;
    PcscCardHandle& operator=(PcscCardHandle&& other) = delete;
    PcscCardHandle(const PcscCardHandle&) = delete;
    PcscCardHandle& operator=(const PcscCardHandle&) = delete;

    SCARDHANDLE get() const noexcept { return handle_; }
    DWORD active_protocol() const noexcept { return protocol_; }
    const std::string& reader() const noexcept { return reader_; }

    // Throws PcscError. The response includes the status word.
    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> command_apdu);
    // SCardStatus; returns the failure (e.g. SCARD_W_REMOVED_CARD) in `result`.
    Status status(LONG& result) const;

    // Disconnects now, reporting a failure (the destructor cannot).
    // Afterwards the handle is empty.
    void disconnect(Disposition disposition);

private:
    SCARDHANDLE handle_ = 0;
    bool connected_ = false;
    DWORD protocol_ = 0;
    Disposition on_disconnect_;
    std::string reader_;
};

} // namespace ktpel::smartcard::pcsc
