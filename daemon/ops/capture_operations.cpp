// SPDX-License-Identifier: Apache-2.0
// The capture operations, one file each: fingerprint, iris, camera,
// signature.
#include "capture_support.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {

void register_capture_operations(OperationTable& table, StationCore& core, SopServices* sop)
{
    register_fingerprint_capture(table, core, sop);
    register_iris_capture(table, core, sop);
    register_camera_capture(table, core, sop);
    register_signature_operations(table, core, sop);
}

} // namespace ktpel::daemon
