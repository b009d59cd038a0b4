// SPDX-License-Identifier: Apache-2.0
// The simplest card that proves the vpcd path: a fixed ATR, and every
// command APDU answered with its own bytes followed by 90 00. It counts
// what vpcd asked for.
#pragma once

#include <atomic>
#include <stdexcept>

#include "sim/vpcd/virtual_card.hpp"

namespace ktpel::test {

class EchoCard final : public sim::vpcd::VirtualCard
{
public:
    // T=1, no historical bytes: 3B 80 80 01 01; callers may give another.
    explicit EchoCard(std::vector<std::uint8_t> atr = {0x3B, 0x80, 0x80, 0x01, 0x01})
        : atr_(std::move(atr))
    {
    }

    std::vector<std::uint8_t> atr() const override
    {
        ++atr_requests;
        return atr_;
    }
    void power_on() override { ++power_ons; }
    void power_off() override { ++power_offs; }
    void reset() override { ++resets; }
    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> command_apdu) override
    {
        ++apdus;
        if (throw_on_transmit)
            throw std::runtime_error("the echo card was told to fail");
        std::vector<std::uint8_t> response(command_apdu.begin(), command_apdu.end());
        response.push_back(0x90);
        response.push_back(0x00);
        return response;
    }

    mutable std::atomic<int> atr_requests{0};
    std::atomic<int> power_ons{0};
    std::atomic<int> power_offs{0};
    std::atomic<int> resets{0};
    std::atomic<int> apdus{0};
    std::atomic<bool> throw_on_transmit{false};

private:
    std::vector<std::uint8_t> atr_;
};

} // namespace ktpel::test
