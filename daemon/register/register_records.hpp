// SPDX-License-Identifier: Apache-2.0
// What the register stores. Times are milliseconds since the Unix epoch
// (UTC). Never raw biometrics: capture rows hold metadata and hashes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ktpel::reg {

using Millis = std::int64_t;

enum class ApplicationState
{
    open,      // in service
    completed, // the card was handed over (last step done)
    ended,     // a decision ended it (file incomplete / invalid): end_state + reason
    cancelled, // application.cancel
};

std::string to_string(ApplicationState state);
std::optional<ApplicationState> application_state_from_string(const std::string& text);

struct ApplicationRecord
{
    std::string id;        // "20261124-0001": date of opening + counter of that day
    std::string sop_id;    // which SOP it follows
    std::string nik;       // 16 digits
    std::string kk_number; // 16 digits
    std::string opened_by; // officer id
    Millis opened_at = 0;
    ApplicationState state = ApplicationState::open;
    std::string current_step;          // step id (empty once closed)
    bool current_step_started = false; // in progress, or waiting to be started
    bool biometrics_recorded = false;  // declared at opening (step 4 skip condition)
    std::optional<Millis> closed_at;
    std::string end_state; // outcome's end_state, "completed" or "cancelled"
    std::string end_reason;
};

struct StepRecord
{
    std::int64_t id = 0; // row id
    std::string application_id;
    std::string step_id;
    int step_number = 0;
    std::string officer; // who did it
    std::string role;    // in which role
    Millis started_at = 0;
    std::optional<Millis> ended_at;
    std::int64_t standard_ms = 0; // the SOP's standard time (unscaled)
    std::int64_t time_scale = 1;  // the service ran this many times faster (training/demo)
    std::string outcome;          // decision outcome id, "done", or "skipped"
    std::string notes;
    std::string skip_reason;
    bool overrun = false; // ran past its (scaled) standard time
    std::optional<Millis> overrun_at;
    // A hand-over's acknowledgement (steps 7 and 8): the receiving role,
    // when, and what it rests on (a JSON object: the receiving officer, or
    // the applicant's signature capture and its hash).
    std::string acknowledged_role; // empty: not acknowledged
    std::optional<Millis> acknowledged_at;
    std::string acknowledgement; // JSON, "" when not acknowledged
};

// The proof of receipt of a completed service: a PDF kept in the receipt
// archive next to the register. The register holds its name and hash,
// committed with the completion, never its content (it shows the
// applicant's signature).
struct ReceiptRecord
{
    std::string application_id;
    std::string file; // name in the archive, e.g. "20261124-0001.pdf"
    std::string sha256;
    std::int64_t bytes = 0;
    Millis created_at = 0;
};

struct CaptureRecord
{
    std::int64_t id = 0;
    std::string application_id;
    std::string step_id;
    std::string operation; // "fingerprint.capture"
    std::string device_id;
    std::string device_serial;
    std::string sample_sha256; // hash of the raw sample, never the sample
    std::string metadata_json; // quality scores, geometry, slot...
    Millis captured_at = 0;
};

// A fact a service recorded about an application during one of its steps:
// what the SOP engine checks a step's evidence against (docs/register.md,
// "Step facts"). A fact that stops being true (a sample retaken or
// discarded, a card voided) is withdrawn, never deleted, so the register
// shows what was once recorded and why it no longer counts.
struct StepFact
{
    std::int64_t id = 0;
    std::string application_id;
    std::string step_id;
    // "fingerprints", "irises", "face_photo", "signature", "card_issued",
    // "card_activated", "card_blocked", "declared"
    std::string fact;
    std::string subject;     // the slot, the chip UID, the declared value's name; "" when none
    std::string source;      // what it rests on: a capture id, "card-<attempt id>", a request id
    std::string detail_json; // what the engine reads (counts, statuses, a declared value)
    Millis recorded_at = 0;
    std::optional<Millis> withdrawn_at;
    std::string withdrawn_reason; // "superseded", "discarded", "voided: <why>"

    bool live() const { return !withdrawn_at.has_value(); }
};

// One card job on a printer: a blank fed (or refused) and where it ended.
struct CardAttemptRecord
{
    std::int64_t id = 0;
    std::optional<std::string> application_id; // none: a technician's test card
    std::string operation;                     // "printer.print", "card.issue"
    std::string officer;
    std::string printer_id;
    std::string printer_serial;
    std::string encoder_serial; // empty when no chip was encoded
    std::string chip_uid;       // empty when no chip was read
    std::string card_fate;      // drivers::CardFate's word: not_fed, delivered, ...
    std::string error_code;     // empty when the job succeeded
    std::string reason;         // the failure's reason word
    std::int64_t bytes_sent = 0;
    Millis started_at = 0;
    Millis ended_at = 0;
    // A delivered card the section head declared unusable (damaged,
    // misprinted) so that another may be issued for the application.
    std::optional<Millis> voided_at;
    std::string voided_by;
    std::string void_reason;

    // A blank that left the hopper and will never reach a citizen: a failed
    // job whose card went to the reject box or stuck in the printer.
    bool spoiled() const
    {
        return !error_code.empty() && (card_fate == "rejected" || card_fate == "stuck");
    }
};

// The day's card stock: what the Kasi Yanmum reconciles against the
// blank-card ledger.
struct CardStatistics
{
    std::size_t delivered = 0;  // printed and ejected, or held for encoding
    std::size_t spoiled = 0;    // failed jobs whose blank was lost
    std::size_t test_cards = 0; // technicians' test prints (no application)
    std::size_t refused = 0;    // failed before a blank was fed
    std::size_t voided = 0;     // delivered, then voided by the section head (also in delivered)
    std::vector<std::pair<std::string, std::size_t>> spoiled_by_reason; // sorted by reason
};

struct RegisterQuery
{
    std::optional<Millis> from;  // opened_at >= from
    std::optional<Millis> until; // opened_at < until
    std::optional<std::string> nik;
    std::optional<ApplicationState> state;
    std::size_t limit = 1000;
};

struct StepStatistics
{
    std::string step_id;
    int step_number = 0;
    std::int64_t standard_ms = 0;
    std::size_t count = 0;      // finished (not skipped) occurrences
    std::int64_t median_ms = 0; // of scaled-back durations (duration * time_scale)
    std::int64_t p90_ms = 0;
    std::size_t overruns = 0;
    std::size_t skipped = 0;
};

struct DailyReport
{
    std::string date; // YYYY-MM-DD, an office day (Register::time_zone())
    std::size_t started = 0;
    std::size_t completed = 0;
    std::size_t ended_at_decision = 0;
    std::size_t cancelled = 0;
    std::size_t still_open = 0;
    std::vector<StepStatistics> steps; // in step order
    CardStatistics cards;              // card jobs started during the day
};

} // namespace ktpel::reg
