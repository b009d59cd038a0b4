// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <set>
#include <string>

namespace ktpel::daemon {

// Every device operation a driver class offers (or the station jobs built
// on them), by protocol name. An SOP may only permit operations from this
// list; a misspelt one in an SOP file is refused at load time.
inline const std::set<std::string>& device_operation_names()
{
    static const std::set<std::string> names{
        "fingerprint.capture", // FingerprintScanner
        "iris.capture",        // IrisScanner
        "camera.capture",      // Camera
        "signature.capture",   // SignaturePad (biometric recording issue)
        // printer.print is not here: it prints the specimen card for a
        // technician, never a holder's card, so no step may permit it.
        "printer.status", // CardPrinter
        "encoder.detect", // CardEncoder
        "card.issue",     // the issuance job: printer + encoder (step 5)
        "card.activate",  // activation: encoder + fingerprint scanner (step 6)
        // The samples held for an application (CaptureStore), not a device,
        // but gated by the same steps as the captures that made them.
        "capture.get",
        "capture.list",
        "capture.discard",
        "biometrics.bundle",
    };
    return names;
}

} // namespace ktpel::daemon
