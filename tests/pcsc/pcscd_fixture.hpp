// SPDX-License-Identifier: Apache-2.0
// Tests against a real pcscd: each test gets a fresh private pcscd (see
// PrivatePcscd) with the wrapper's two vpcd slots, and card slots to put
// EchoCards in.
#pragma once

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "echo_card.hpp"
#include "private_pcscd.hpp"
#include "sim/vpcd/vpcd_card_slot.hpp"

namespace ktpel::test {

class PcscdTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (const auto reason = PrivatePcscd::unavailable_reason(); !reason.empty())
            GTEST_SKIP() << reason;
        pcscd_ = std::make_unique<PrivatePcscd>();
        pcscd_->start();
        host_ = wrapper_variable("KTPEL_VPCD_HOST");
        encoder_port_ = port_variable("KTPEL_VPCD_ENCODER_PORT");
        sam_port_ = port_variable("KTPEL_VPCD_SAM_PORT");
        encoder_reader_ = wrapper_variable("KTPEL_PCSC_ENCODER_READER");
        sam_reader_ = wrapper_variable("KTPEL_PCSC_SAM_READER");
    }

    // One of scripts/with-private-pcscd.sh's variables; throws if unset.
    static std::string wrapper_variable(const char* name)
    {
        const char* value = std::getenv(name);
        if (!value || !*value)
            throw std::runtime_error(std::string(name) + " is not set by the wrapper");
        return value;
    }

    static std::uint16_t port_variable(const char* name)
    {
        return static_cast<std::uint16_t>(std::stoi(wrapper_variable(name)));
    }

    // Polls `condition` until it holds; false after `deadline`. pcscd
    // notices a vpcd card within one presence poll (about 400 ms), so the
    // deadline only bounds a hang on a loaded machine.
    static bool eventually(const std::function<bool()>& condition,
                           std::chrono::milliseconds deadline = std::chrono::seconds(15))
    {
        const auto give_up = std::chrono::steady_clock::now() + deadline;
        while (!condition()) {
            if (std::chrono::steady_clock::now() > give_up)
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

    std::unique_ptr<PrivatePcscd> pcscd_; // first: outlives the test's slots and readers
    std::string host_;
    std::uint16_t encoder_port_ = 0;
    std::uint16_t sam_port_ = 0;
    std::string encoder_reader_;
    std::string sam_reader_;
};

} // namespace ktpel::test
