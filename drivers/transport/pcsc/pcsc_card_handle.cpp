// SPDX-License-Identifier: Apache-2.0
#include "pcsc_card_handle.hpp"

#include <utility>

#include "pcsc_error.hpp"

namespace ktpel::smartcard::pcsc {

PcscCardHandle::PcscCardHandle(const PcscContext& context, const std::string& reader,
                               const PcscReaderOptions& options)
    : on_disconnect_(options.on_disconnect), reader_(reader)
{
    const LONG result = SCardConnect(context.get(), reader.c_str(), share_flag(options.share),
                                     options.protocols, &handle_, &protocol_);
    if (result != SCARD_S_SUCCESS)
        throw_error(result, "cannot connect to the card in " + reader);
    connected_ = true;
}

PcscCardHandle::~PcscCardHandle()
{
    if (connected_)
        // Fails only when the card or pcscd is already gone: then there is
        // nothing left to disconnect.
        SCardDisconnect(handle_, static_cast<DWORD>(on_disconnect_));
}

PcscCardHandle::PcscCardHandle(PcscCardHandle&& other) noexcept
    : handle_(other.handle_), connected_(std::exchange(other.connected_, false)),
      protocol_(other.protocol_), on_disconnect_(other.on_disconnect_),
      reader_(std::move(other.reader_))
{
}

std::vector<std::uint8_t> PcscCardHandle::transmit(std::span<const std::uint8_t> command_apdu)
{
    const SCARD_IO_REQUEST* send_pci = nullptr;
    switch (protocol_) {
    case SCARD_PROTOCOL_T0:
        send_pci = SCARD_PCI_T0;
        break;
    case SCARD_PROTOCOL_T1:
        send_pci = SCARD_PCI_T1;
        break;
    default:
        send_pci = SCARD_PCI_RAW;
        break;
    }
    std::vector<std::uint8_t> response(MAX_BUFFER_SIZE_EXTENDED);
    DWORD response_size = static_cast<DWORD>(response.size());
    const LONG result = SCardTransmit(handle_, send_pci, command_apdu.data(),
                                      static_cast<DWORD>(command_apdu.size()), nullptr,
                                      response.data(), &response_size);
    if (result != SCARD_S_SUCCESS)
        throw_error(result, "cannot exchange an APDU with the card in " + reader_);
    response.resize(response_size);
    return response;
}

PcscCardHandle::Status PcscCardHandle::status(LONG& result) const
{
    Status status;
    status.atr.resize(MAX_ATR_SIZE);
    DWORD atr_size = static_cast<DWORD>(status.atr.size());
    DWORD name_size = 0;
    // pcsc-lite accepts a null name buffer when it is not wanted.
    result = SCardStatus(handle_, nullptr, &name_size, &status.state, &status.protocol,
                         status.atr.data(), &atr_size);
    status.atr.resize(result == SCARD_S_SUCCESS ? atr_size : 0);
    return status;
}

void PcscCardHandle::disconnect(Disposition disposition)
{
    if (!connected_)
        return;
    connected_ = false;
    const LONG result = SCardDisconnect(handle_, static_cast<DWORD>(disposition));
    if (result != SCARD_S_SUCCESS)
        throw_error(result, "cannot disconnect from the card in " + reader_);
}

} // namespace ktpel::smartcard::pcsc
