// SPDX-License-Identifier: Apache-2.0
#include "pcsc_reader.hpp"

#include <algorithm>
#include <string>
#include <thread>

#include "common/hex_bytes.hpp"
#include "pcsc_error.hpp"
#include "pcsc_log.hpp"

namespace ktpel::smartcard::pcsc {
namespace {

// "00a40400 +7 -> 9000 +0": the command header (CLA INS P1 P2), the bytes
// after it, the status word and the answer's data length. Never the data
// itself: it carries NIKs, personal data, templates and keys.
void log_exchange(const std::string& reader, std::span<const std::uint8_t> command,
                  std::span<const std::uint8_t> answer)
{
    if (!log_pcsc().enabled(log::Level::debug))
        return;
    const std::size_t header = std::min<std::size_t>(command.size(), 4);
    const std::size_t status = std::min<std::size_t>(answer.size(), 2);
    log_pcsc().debug(reader + ": " + to_hex(command.first(header)) + " +" +
                     std::to_string(command.size() - header) + " -> " +
                     to_hex(answer.last(status)) + " +" + std::to_string(answer.size() - status));
}

} // namespace

PcscReader::PcscReader(std::string name, PcscReaderOptions options)
    : name_(std::move(name)), options_(options)
{
}

template <typename Call>
auto PcscReader::with_context(Call&& call)
{
    for (int attempt = 0;; ++attempt) {
        if (!context_)
            context_ = PcscContext::establish();
        try {
            return call(context_);
        } catch (const PcscError& error) {
            if (attempt > 0 || !is_service_lost(error.code()))
                throw;
            context_.reset();
        }
    }
}

bool PcscReader::card_present()
{
    return with_context([this](const PcscContext& context) {
        SCARD_READERSTATE state{};
        state.szReader = name_.c_str();
        state.dwCurrentState = SCARD_STATE_UNAWARE;
        // UNAWARE makes the call return at once with the current state.
        if (const LONG result = SCardGetStatusChange(context.get(), 0, &state, 1);
            result != SCARD_S_SUCCESS)
            throw_error(result, "cannot read the state of " + name_);
        if (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE))
            throw PcscError(SCARD_E_READER_UNAVAILABLE, "reader " + name_ + " is gone");
        return (state.dwEventState & SCARD_STATE_PRESENT) != 0;
    });
}

std::vector<std::uint8_t> PcscReader::connect(std::stop_token stop)
{
    if (stop.stop_requested())
        throw ReaderError(ReaderError::Kind::cancelled,
                          "connecting to " + name_ + " was cancelled");
    card_.reset();
    with_context([this](const PcscContext& context) { card_.emplace(context, name_, options_); });
    LONG result = SCARD_S_SUCCESS;
    auto status = card_->status(result);
    if (result != SCARD_S_SUCCESS) {
        card_.reset();
        throw_error(result, "cannot read the ATR of the card in " + name_);
    }
    return std::move(status.atr);
}

std::vector<std::uint8_t> PcscReader::transmit(std::span<const std::uint8_t> apdu)
{
    if (!card_)
        throw ReaderError(ReaderError::Kind::no_card, "not connected to a card in " + name_);
    std::vector<std::uint8_t> answer;
    try {
        answer = card_->transmit(apdu);
    } catch (const PcscError& error) {
        if (error.kind() != ReaderError::Kind::io || !card_was_removed())
            throw;
        throw PcscError(SCARD_W_REMOVED_CARD, std::string(error.what()) + "; the card was removed");
    }
    log_exchange(name_, apdu, answer);
    // vpcd (and some reader drivers) report a card pulled mid-exchange as
    // a successful transmit with no answer: an exchange without a status
    // word failed, and removal is the likeliest reason.
    if (answer.size() < 2) {
        if (card_was_removed())
            throw PcscError(SCARD_W_REMOVED_CARD,
                            "the card in " + name_ + " was removed during the exchange");
        throw ReaderError(ReaderError::Kind::io, "the card in " + name_ + " answered " +
                                                     std::to_string(answer.size()) +
                                                     " byte(s), no status word");
    }
    return answer;
}

bool PcscReader::card_was_removed()
{
    const auto give_up = std::chrono::steady_clock::now() + options_.removal_grace;
    for (;;) {
        LONG result = SCARD_S_SUCCESS;
        const auto status = card_->status(result);
        if (result == SCARD_W_REMOVED_CARD || result == SCARD_E_NO_SMARTCARD ||
            (result == SCARD_S_SUCCESS && (status.state & SCARD_ABSENT)))
            return true;
        if (result != SCARD_S_SUCCESS || std::chrono::steady_clock::now() >= give_up)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void PcscReader::disconnect()
{
    if (!card_)
        return;
    auto card = std::move(*card_);
    card_.reset();
    try {
        card.disconnect(options_.on_disconnect);
    } catch (const PcscError& error) {
        if (error.kind() == ReaderError::Kind::io || error.kind() == ReaderError::Kind::cancelled)
            throw;
    }
}

PcscTransaction PcscReader::begin_transaction()
{
    if (!card_)
        throw ReaderError(ReaderError::Kind::no_card, "not connected to a card in " + name_);
    return PcscTransaction(card_->get());
}

} // namespace ktpel::smartcard::pcsc
