// SPDX-License-Identifier: Apache-2.0
#include "vpcd_card_slot.hpp"

#include <condition_variable>

#include "vpcd_link.hpp"

namespace ktpel::sim::vpcd {

VpcdCardSlot::VpcdCardSlot(std::string host, std::uint16_t port,
                           std::chrono::milliseconds reinsert_delay)
    : host_(std::move(host)), port_(port), reinsert_delay_(reinsert_delay)
{
}

VpcdCardSlot::~VpcdCardSlot()
{
    remove();
}

void VpcdCardSlot::insert(std::shared_ptr<VirtualCard> card)
{
    remove();
    {
        std::lock_guard lock(mutex_);
        holds_card_ = true;
        connections_ = 0;
        last_error_ = nullptr;
    }
    const auto not_before =
        removed_at_ ? *removed_at_ + reinsert_delay_ : std::chrono::steady_clock::time_point{};
    worker_ = std::jthread([this, card = std::move(card), not_before](std::stop_token stop) {
        run(card, not_before, std::move(stop));
    });
}

void VpcdCardSlot::remove()
{
    if (!worker_.joinable())
        return;
    worker_.request_stop();
    worker_.join(); // the link closes when run() returns
    removed_at_ = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    holds_card_ = false;
}

bool VpcdCardSlot::holds_card() const
{
    std::lock_guard lock(mutex_);
    return holds_card_;
}

int VpcdCardSlot::connections() const
{
    std::lock_guard lock(mutex_);
    return connections_;
}

std::exception_ptr VpcdCardSlot::last_error() const
{
    std::lock_guard lock(mutex_);
    return last_error_;
}

void VpcdCardSlot::run(std::shared_ptr<VirtualCard> card,
                       std::chrono::steady_clock::time_point not_before, std::stop_token stop)
{
    if (std::chrono::steady_clock::now() < not_before) {
        std::mutex sleep_mutex;
        std::condition_variable_any sleeper;
        std::unique_lock lock(sleep_mutex);
        sleeper.wait_until(lock, stop, not_before, [] { return false; });
        if (stop.stop_requested())
            return;
    }
    try {
        while (!stop.stop_requested()) {
            auto link = connect_when_listening(host_, port_, stop);
            if (!link)
                return;
            {
                std::lock_guard lock(mutex_);
                ++connections_;
            }
            if (link->serve(*card, stop) != VpcdLink::ServeEnd::vpcd_closed)
                return;
        }
    } catch (...) {
        std::lock_guard lock(mutex_);
        last_error_ = std::current_exception();
        holds_card_ = false;
    }
}

} // namespace ktpel::sim::vpcd
