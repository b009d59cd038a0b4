// SPDX-License-Identifier: Apache-2.0
// The capture operations, one file each: fingerprint, iris, camera,
// signature.
#include "capture_support.hpp"

namespace ktpel::daemon {

void register_capture_operations(OperationTable& table, StationServices& services)
{
    register_fingerprint_capture(table, services);
    register_iris_capture(table, services);
    register_camera_capture(table, services);
    register_signature_operations(table, services);
}

} // namespace ktpel::daemon
