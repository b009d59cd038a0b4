// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "device_failure.hpp"

namespace ktpel::drivers {

// The fixed vocabulary of progress stages (as libfprint does): clients
// may switch on these words; new ones are only ever added.
enum class ProgressStage
{
    waiting_for_subject, // place finger / look into the scanner
    subject_detected,
    capturing,
    transferring, // data coming from the device; data.percent
    processing,   // host-side work on the sample
};

std::string_view to_string(ProgressStage stage) noexcept;

// Everything a driver needs from the caller during one operation:
// cancellation, a deadline and a way to report progress. Progress may be
// reported from any thread.
class OperationContext
{
public:
    using Clock = std::chrono::steady_clock;
    using ProgressFn = std::function<void(ProgressStage, const nlohmann::json&)>;
    // A live preview: a small image for the operator's screen, described
    // by `meta` (format, width, height ...). Never the final sample.
    using PreviewFn = std::function<void(nlohmann::json meta, std::vector<std::uint8_t> bytes)>;

    OperationContext(std::stop_token stop, Clock::time_point deadline, ProgressFn progress = {},
                     PreviewFn preview = {})
        : stop_(std::move(stop)), deadline_(deadline), progress_(std::move(progress)),
          preview_(std::move(preview))
    {
    }

    const std::stop_token& stop_token() const noexcept { return stop_; }
    Clock::time_point deadline() const noexcept { return deadline_; }

    std::chrono::milliseconds remaining() const
    {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
        return left.count() > 0 ? left : std::chrono::milliseconds{0};
    }

    void progress(ProgressStage stage, const nlohmann::json& data = nlohmann::json::object()) const
    {
        if (progress_)
            progress_(stage, data);
    }

    void preview(nlohmann::json meta, std::vector<std::uint8_t> bytes) const
    {
        if (preview_)
            preview_(std::move(meta), std::move(bytes));
    }

    // The same operation (cancellation, progress, previews) with at most
    // `limit` left: one stage of a longer job, such as waiting for a card.
    OperationContext within(std::chrono::milliseconds limit) const
    {
        return OperationContext(stop_, std::min(deadline_, Clock::now() + limit), progress_,
                                preview_);
    }

    void throw_if_cancelled() const
    {
        if (stop_.stop_requested())
            throw DeviceFailure(DeviceFailure::Kind::cancelled, "cancelled", "operation cancelled");
    }

private:
    std::stop_token stop_;
    Clock::time_point deadline_;
    ProgressFn progress_;
    PreviewFn preview_;
};

} // namespace ktpel::drivers
