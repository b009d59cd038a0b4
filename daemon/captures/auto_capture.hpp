// SPDX-License-Identifier: Apache-2.0
// Auto-capture: the policy half of a live capture (the driver streams,
// this decides). Every frame is previewed; frames are judged from their
// pixels on a thread of their own, newest first, so a slow judgement drops
// frames instead of holding the preview back. The capture ends at the
// first judged frame whose score reaches the threshold; when the stream
// times out first, the best judged frame is the result (documented as
// "best_at_timeout" in docs/protocol.md).
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "drivers/classes/live_frames.hpp"
#include "drivers/classes/operation_context.hpp"
#include "live_preview.hpp"

namespace ktpel::daemon {

// Judgement: any type with an `int score` (0..100, from the pixels).
template <typename Judgement>
class AutoCapture
{
public:
    using Judge = std::function<Judgement(const drivers::LiveFrame&)>;

    struct Result
    {
        drivers::LiveFrame frame; // the chosen frame, full resolution
        Judgement judgement;
        bool threshold_met = false;
        std::uint32_t frames_seen = 0;
        std::uint32_t frames_judged = 0;
    };

    AutoCapture(int threshold, Judge judge, const drivers::OperationContext& context)
        : threshold_(threshold), judge_(std::move(judge)), context_(context),
          judging_([this](std::stop_token stop) { judge_frames(stop); })
    {
    }

    ~AutoCapture()
    {
        judging_.request_stop();
        wake_.notify_all();
    }

    AutoCapture(const AutoCapture&) = delete;
    AutoCapture& operator=(const AutoCapture&) = delete;

    // What the driver's stream calls for every frame (worker thread).
    drivers::LiveFrameHandler handler()
    {
        return [this](drivers::LiveFrame&& frame) {
            return on_frame(std::move(frame));
        };
    }

    // After the stream has ended: waits for the judgement in hand, then
    // returns the chosen frame. nullopt when no frame was judged at all.
    std::optional<Result> finish()
    {
        {
            std::unique_lock lock(mutex_);
            // A stream that ended before any judgement still has its
            // newest frame judged; otherwise what waits is dropped.
            idle_.wait(lock, [&] { return !busy_ && (!pending_ || best_ || failure_); });
            pending_.reset();
        }
        judging_.request_stop();
        wake_.notify_all();
        judging_.join();
        if (failure_)
            std::rethrow_exception(failure_);
        if (!best_)
            return std::nullopt;
        best_->frames_seen = frames_seen_;
        best_->frames_judged = frames_judged_;
        return std::move(best_);
    }

private:
    drivers::LiveVerdict on_frame(drivers::LiveFrame&& frame)
    {
        nlohmann::json state;
        {
            std::lock_guard lock(mutex_);
            if (failure_ || met_)
                return drivers::LiveVerdict::stop;
            ++frames_seen_; // seen: previewed, and offered to the judge
            if (best_)
                state = {{"best_score", best_->judgement.score},
                         {"threshold", threshold_},
                         {"frames_judged", frames_judged_}};
        }
        publish_preview(context_, frame, state);
        std::lock_guard lock(mutex_);
        // Newest first: a frame still waiting is replaced, not queued.
        pending_ = std::move(frame);
        wake_.notify_all();
        return drivers::LiveVerdict::more;
    }

    void judge_frames(std::stop_token stop)
    {
        for (;;) {
            drivers::LiveFrame frame;
            {
                std::unique_lock lock(mutex_);
                if (!wake_.wait(lock, stop, [&] { return pending_.has_value(); }))
                    return;
                frame = std::move(*pending_);
                pending_.reset();
                busy_ = true;
            }
            try {
                auto judgement = judge_(frame);
                std::lock_guard lock(mutex_);
                ++frames_judged_;
                if (!best_ || judgement.score > best_->judgement.score)
                    best_ = Result{std::move(frame), std::move(judgement)};
                if (best_->judgement.score >= threshold_)
                    met_ = best_->threshold_met = true;
            } catch (...) {
                std::lock_guard lock(mutex_);
                failure_ = std::current_exception();
            }
            std::lock_guard lock(mutex_);
            busy_ = false;
            idle_.notify_all();
        }
    }

    const int threshold_;
    const Judge judge_;
    const drivers::OperationContext& context_;

    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::condition_variable idle_;
    std::optional<drivers::LiveFrame> pending_;
    bool busy_ = false;
    bool met_ = false;
    std::optional<Result> best_;
    std::exception_ptr failure_;
    std::uint32_t frames_seen_ = 0;
    std::uint32_t frames_judged_ = 0;

    std::jthread judging_; // last: starts after everything it uses exists
};

} // namespace ktpel::daemon
