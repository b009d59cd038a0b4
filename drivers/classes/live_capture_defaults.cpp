// SPDX-License-Identifier: Apache-2.0
// What a scanner without a live stream answers when asked for one.
#include "fingerprint_scanner.hpp"
#include "iris_scanner.hpp"

namespace ktpel::drivers {
namespace {

[[noreturn]] void refuse_stream()
{
    throw DeviceFailure(DeviceFailure::Kind::invalid, "not_supported",
                        "this scanner cannot stream frames for auto-capture");
}

} // namespace

LiveEnd FingerprintScanner::stream(const FingerprintCaptureRequest& /*request*/,
                                   const OperationContext& /*context*/,
                                   const LiveFrameHandler& /*handler*/)
{
    refuse_stream();
}

LiveEnd IrisScanner::stream(const IrisCaptureRequest& /*request*/,
                            const OperationContext& /*context*/,
                            const LiveFrameHandler& /*handler*/)
{
    refuse_stream();
}

} // namespace ktpel::drivers
