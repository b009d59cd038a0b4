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
#include "application_view.hpp"
#include "operations_in_flight.hpp"

namespace ktpel::daemon {

class ApplicationService
{
public:
    ApplicationService(boost::asio::io_context& io, const sop::Engine& engine,
                       reg::Register& register_, EventSink& events, const sop::Clock& clock);

    // After a restart: re-arms the overrun timers of the steps in progress
    // (firing at once those already past their time), and withdraws their
    // capture facts, whose samples were in memory only.
    void restore();

    ApplicationView open(const sop::OpenRequest& request, const sop::Actor& actor);
    ApplicationView start_step(const std::string& application_id, const std::string& step_id,
                               const sop::Actor& actor);
    // Checks the step's evidence against the facts recorded for the
    // application and the values `declared` now.
    ApplicationView complete_step(const std::string& application_id, const std::string& step_id,
                                  const sop::Actor& actor,
                                  const std::optional<std::string>& outcome,
                                  const std::string& notes, const std::string& reason,
                                  const sop::Declarations& declared = {});
    ApplicationView acknowledge_step(const std::string& application_id, const std::string& step_id,
                                     const sop::Actor& actor,
                                     const std::optional<sop::SignatureEvidence>& signature);
    ApplicationView skip_step(const std::string& application_id, const std::string& step_id,
                              const sop::Actor& actor, const std::string& reason);
    ApplicationView cancel(const std::string& application_id, const sop::Actor& actor,
                           const std::string& reason);

    // The application as `viewer` may see it: an officer who holds no role
    // of the SOP (a technician) sees it without NIK and KK.
    ApplicationView describe(const std::string& application_id, const sop::Actor& viewer) const;
    // Whole, for the daemon's own use and the register's readers.
    ApplicationView describe(const std::string& application_id) const;
    // The same from a row already read (the register's query results).
    ApplicationView describe(reg::ApplicationRecord application) const;
    // Its register row (the card jobs read the NIK); throws not_found.
    reg::ApplicationRecord record_of(const std::string& application_id) const;
    // The register's rows for `query` (the list's summaries).
    std::vector<reg::ApplicationRecord> list(const reg::RegisterQuery& query) const;

    // Device operations in flight per application: start_device_operation
    // begins and ends them; a transition or a cancel refuses while any runs
    // (sop_order, details.awaiting "operations").
    OperationsInFlight& operations() noexcept { return in_flight_; }
    // Whether `step` of the application is still the one in progress: only
    // then may an operation's result be registered under it.
    bool step_in_progress(const std::string& application_id, const std::string& step) const;

    // Registers a capture's rows and the step fact it establishes, in one
    // transaction (`fact` may be empty: nothing for the evidence).
    void record_captures(const std::vector<reg::CaptureRecord>& rows,
                         const std::optional<reg::StepFact>& fact);
    // A held sample retaken or discarded: the facts resting on it no longer
    // count.
    void withdraw_facts(const std::string& application_id, const std::string& source,
                        const std::string& reason);

    // Throws sop_order / forbidden / not_found unless the operation is
    // allowed for this application now.
    void authorize_operation(const std::string& application_id, const std::string& operation,
                             const sop::Actor& actor) const;

    // Whether the application skipped the step that records biometrics (a
    // step whose evidence is the fingerprints): its card then carries
    // biometrics supplied from the central record.
    bool recording_skipped(const std::string& application_id) const;

    // The step the application is at (in progress or next); "" once closed.
    std::string current_step_of(const std::string& application_id) const;

    // Registers one card job (a print, later an issuance): the blank it
    // fed and where that ended. Test cards have no application.
    // A delivered card of an application comes with its card_issued fact.
    void record_card_attempt(const reg::CardAttemptRecord& attempt,
                             const std::optional<reg::StepFact>& fact = std::nullopt);
    // The chip UID of the application's delivered card that is not voided;
    // throws sop_order (details.reason "no_card") when there is none.
    std::string delivered_card_of(const std::string& application_id) const;
    // card.issue makes a second card only after the first was voided:
    // throws sop_order (details.reason "card_already_issued") otherwise.
    void require_no_delivered_card(const std::string& application_id) const;
    // The supervisor voids a delivered card (damaged, misprinted) while the
    // step that issues cards is in progress, so that another can be issued.
    ApplicationView void_card(const std::string& application_id, const std::string& chip_uid,
                              const sop::Actor& actor, const std::string& reason);
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
    ApplicationView commit(const sop::Transition& transition);
    void arm_overrun(const reg::StepRecord& step);
    void on_overrun(std::int64_t step_row_id, const std::string& application_id);
    // After a restart: the step in progress loses the capture facts whose
    // held samples the restart wiped.
    void withdraw_wiped_samples(const std::string& application_id, const std::string& step_id);
    // Refuses `what` while a device operation runs for the application.
    void refuse_while_operations(const std::string& application_id, const std::string& what) const;

    boost::asio::io_context& io_;
    const sop::Engine& engine_;
    reg::Register& register_;
    EventSink& events_;
    const sop::Clock& clock_;
    std::function<void(const std::string&)> on_closed_;
    ReceiptMaker receipts_;
    OperationsInFlight in_flight_;
    std::map<std::int64_t, std::unique_ptr<boost::asio::steady_timer>>
        overrun_timers_; // by step row id
};

sop::Actor actor_of(const auth::Officer& officer);

} // namespace ktpel::daemon
