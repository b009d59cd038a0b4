// SPDX-License-Identifier: Apache-2.0
// Serves applications through the SOP: asks the engine whether a request
// is allowed, commits the transition to the register, and only then
// publishes the sop.* events and answers; keeps one overrun timer per
// step in progress. Loop thread only.
#pragma once

#include <map>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "../auth/officer.hpp"
#include "../devices/event_sink.hpp"
#include "../register/register.hpp"
#include "../sop/engine.hpp"

namespace ktpel::daemon {

class ApplicationService
{
public:
    ApplicationService(boost::asio::io_context& io, const sop::Engine& engine,
                       reg::Register& register_, EventSink& events, const sop::Clock& clock);

    // After a restart: re-arms the overrun timers of the steps in progress
    // (firing at once those already past their time).
    void restore();

    nlohmann::json open(const sop::OpenRequest& request, const sop::Actor& actor);
    nlohmann::json start_step(const std::string& application_id, const std::string& step_id,
                              const sop::Actor& actor);
    nlohmann::json complete_step(const std::string& application_id, const std::string& step_id,
                                 const sop::Actor& actor, const std::optional<std::string>& outcome,
                                 const std::string& notes, const std::string& reason);
    nlohmann::json acknowledge_step(const std::string& application_id, const std::string& step_id,
                                    const sop::Actor& actor,
                                    const std::optional<sop::SignatureEvidence>& signature);
    nlohmann::json skip_step(const std::string& application_id, const std::string& step_id,
                             const sop::Actor& actor, const std::string& reason);
    nlohmann::json cancel(const std::string& application_id, const sop::Actor& actor,
                          const std::string& reason);

    nlohmann::json describe(const std::string& application_id) const;
    nlohmann::json list(const reg::RegisterQuery& query) const;

    // Throws sop_order / forbidden / not_found unless the operation is
    // allowed for this application now.
    void authorize_operation(const std::string& application_id, const std::string& operation,
                             const sop::Actor& actor) const;
    // Registers a sample's metadata (never the sample) against the
    // application's step in progress.
    void record_capture(const std::string& application_id, const std::string& operation,
                        const std::string& device_id, const std::string& device_serial,
                        const std::string& sha256, const nlohmann::json& metadata);

    // The step the application is at (in progress or next); "" once closed.
    std::string current_step_of(const std::string& application_id) const;

    // Registers one card job (a print, later an issuance): the blank it
    // fed and where that ended. Test cards have no application.
    void record_card_attempt(const reg::CardAttemptRecord& attempt);
    // Called once an application leaves the open state (completed, ended
    // at a decision, cancelled), after the transition is committed.
    void on_closed(std::function<void(const std::string& application_id)> handler)
    {
        on_closed_ = std::move(handler);
    }

    // Who draws and archives a completed service's receipt: called with the
    // completing transition before it is committed, so a service is never
    // complete without its receipt. Unset: services complete without one.
    using ReceiptMaker = std::function<reg::ReceiptRecord(const sop::Transition&)>;
    void issue_receipts_with(ReceiptMaker maker) { receipts_ = std::move(maker); }

    // The injected clock, as register time.
    reg::Millis now() const;

    const sop::Engine& engine() const noexcept { return engine_; }

private:
    reg::ApplicationRecord load(const std::string& application_id) const;
    nlohmann::json commit(const sop::Transition& transition);
    void arm_overrun(const reg::StepRecord& step);
    void on_overrun(std::int64_t step_row_id, const std::string& application_id);
    nlohmann::json describe(const reg::ApplicationRecord& application) const;

    boost::asio::io_context& io_;
    const sop::Engine& engine_;
    reg::Register& register_;
    EventSink& events_;
    const sop::Clock& clock_;
    std::function<void(const std::string&)> on_closed_;
    ReceiptMaker receipts_;
    std::map<std::int64_t, std::unique_ptr<boost::asio::steady_timer>>
        overrun_timers_; // by step row id
};

sop::Actor actor_of(const auth::Officer& officer);

} // namespace ktpel::daemon
