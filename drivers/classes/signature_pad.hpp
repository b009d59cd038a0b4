// SPDX-License-Identifier: Apache-2.0
// A signature pad: a pen tablet under a small screen that shows the ink,
// with OK, Clear and Cancel buttons. The applicant signs on it (SOP step 4,
// and the hand-over receipt). The driver returns what the pen did, not a
// picture: drawing the signature is the daemon's job
// (biometrics/signature), as is judging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "common/pen_trace.hpp"
#include "device.hpp"

namespace ktpel::drivers {

using ktpel::PadGeometry;
using ktpel::PenContact;
using ktpel::PenSample;
using ktpel::PenStroke;
using ktpel::SignatureCapture;
using ktpel::SignatureFinish;

struct SignatureCaptureRequest
{
    // The whole capture, waiting for the applicant to pick up the pen
    // included (the context's deadline still applies when it is sooner).
    std::chrono::milliseconds timeout{60000};
    // How the capture ends. The pad's OK button always does. When this is
    // not zero the capture also ends once at least one stroke is drawn and
    // the pen has been off the surface this long, by the pad's clock.
    std::chrono::milliseconds finish_after_idle{0};
    // Pen-down path length below which neither OK nor the idle rule ends
    // the capture: an OK tapped on a blank pad is ignored (and reported as
    // progress) instead of returning an empty signature. This is not a
    // quality check; the daemon's signature checks judge what comes back.
    double minimum_ink_mm = 2.0;
};

// Progress reported by capture() (stage, data):
//   waiting_for_subject {"width", "height", "units_per_mm", "max_pressure",
//       "cleared"}: at the start, and again with "cleared": true after the
//       applicant pressed Clear (a live preview wipes its ink then);
//   subject_detected {}: the pen came near, once per attempt;
//   capturing {"stroke_count", "point_offset", "points": [[stroke, x, y,
//       pressure, time_ms], ...]}: the down samples that arrived since the
//       previous report, at least every 200 ms while there are new ones and
//       at every pen lift. point_offset counts this attempt's points
//       reported before; stroke indexes count from 0 per attempt. Carries
//       "ok_ignored": "not_enough_ink" (and maybe no points) when OK was
//       pressed before minimum_ink_mm.
// Failures (DeviceFailure kind / reason):
//   cancelled / cancelled: the context's stop token;
//   cancelled / cancel_button: the applicant pressed the pad's Cancel;
//   no_subject / no_signature: the deadline passed and the pen never touched;
//   timeout / signature_unfinished: strokes drawn but no finish before the deadline;
//   disconnected / unplugged; hardware / endpoint_stalled;
//   hardware / device_not_responding: the pad went silent mid-capture;
//   hardware or protocol / ksp_*: the pad refused a command (driver docs).
class SignaturePad : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::signature_pad; }

    // What probe() learnt; all zero before it.
    virtual PadGeometry geometry() const = 0;

    // Clears the pad's screen, collects one signature and blocks until it is
    // finished; throws DeviceFailure otherwise. The pad is idle on return.
    virtual SignatureCapture capture(const SignatureCaptureRequest& request,
                                     const OperationContext& context) = 0;

    // Wipes the ink off the pad's screen.
    virtual void clear(const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
