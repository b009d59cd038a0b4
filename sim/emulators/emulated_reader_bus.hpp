// SPDX-License-Identifier: Apache-2.0
// Smartcard readers holding virtual cards, behind the same Reader
// interface the libpcsclite transport implements. The card answers APDUs
// through a handler, so the encoder driver's own APDU code runs.
#pragma once

#include <functional>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "chip/smartcard_reader.hpp"

namespace ktpel::sim {

using ApduHandler = std::function<std::vector<std::uint8_t>(std::span<const std::uint8_t>)>;

struct VirtualCard
{
    std::vector<std::uint8_t> atr;
    ApduHandler respond;
};

// A minimal ISO 7816-4 card: answers SELECT of the master file (3F00) and
// GET CHALLENGE; everything else gets 6D00. The full KTP-el chip comes with
// the encoder issue.
VirtualCard make_blank_card();

class EmulatedReaderBus final : public smartcard::ReaderBus
{
public:
    void add_reader(const std::string& name, std::optional<VirtualCard> card);
    void insert_card(const std::string& name, VirtualCard card);
    void remove_card(const std::string& name);
    void set_reader_present(const std::string& name, bool present);
    bool has_reader(const std::string& name) const;

    std::vector<std::string> readers() override;
    std::unique_ptr<smartcard::Reader> open(const std::string& name) override;
    bool emulated() const noexcept override { return true; }

    struct Slot
    {
        bool reader_present = true;
        std::optional<VirtualCard> card;
        std::uint64_t insertions = 0; // a handle connected to an older card sees it removed
    };

private:
    friend class EmulatedReader;
    mutable std::mutex mutex_;
    std::map<std::string, Slot> slots_;
};

} // namespace ktpel::sim
