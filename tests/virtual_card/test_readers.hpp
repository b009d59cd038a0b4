// SPDX-License-Identifier: Apache-2.0
// smartcard::Readers that hand APDUs straight to in-process card logic
// (the chip slot, the SAM applet), with hooks that let a test tamper
// with, replace or record what crosses the reader, as a hostile host or
// a man in the middle would.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chip/smartcard_reader.hpp"
#include "sim/virtual_chip/chip_slot.hpp"
#include "sim/virtual_sam/sam_applet.hpp"

namespace ktpel::chip::test {

using Bytes = std::vector<std::uint8_t>;
// May change the bytes in place; its index counts the reader's APDUs.
using Hook = std::function<void(std::size_t index, Bytes&)>;

struct Exchange
{
    Bytes command;
    Bytes answer;
};

// The card behind a TestReader.
struct CardBehind
{
    std::function<bool()> present;
    std::function<std::uint64_t()> generation; // changes when the card is swapped or pulled
    std::function<Bytes()> atr;
    std::function<void()> reset;
    // nullopt: the card left while answering.
    std::function<std::optional<Bytes>(std::span<const std::uint8_t>)> transmit;
};

class TestReader final : public smartcard::Reader
{
public:
    TestReader(std::string name, CardBehind card) : name_(std::move(name)), card_(std::move(card))
    {
    }

    const std::string& name() const override { return name_; }
    bool card_present() override { return card_.present(); }
    std::vector<std::uint8_t> connect(std::stop_token stop) override;
    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> apdu) override;
    void disconnect() override { connected_generation_.reset(); }

    Hook on_command;
    Hook on_answer;
    std::vector<Exchange> log;
    // Shared by several readers: every exchange in order, with the reader's name.
    std::vector<std::pair<std::string, Exchange>>* transcript = nullptr;

private:
    std::string name_;
    CardBehind card_;
    std::optional<std::uint64_t> connected_generation_;
};

CardBehind card_in(sim::virtual_chip::ChipSlot& slot);
CardBehind card_in(sim::virtual_sam::SamApplet& sam);

// A fresh directory under the system's temporary directory, removed with
// everything in it when the object goes.
class TemporaryDirectory
{
public:
    TemporaryDirectory();
    ~TemporaryDirectory();
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace ktpel::chip::test
