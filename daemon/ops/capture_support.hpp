// SPDX-License-Identifier: Apache-2.0
// What the capture operations (fingerprint, iris, camera, signature) share:
// argument rules, blob descriptions, and holding a sample for its
// application.
#pragma once

#include "../api/arg_reader.hpp"
#include "common/raster_image.hpp"
#include "device_operation.hpp"

namespace ktpel::daemon {

// The host allows the device this much beyond the capture timeout to
// deliver the image before the operation itself times out.
inline constexpr std::chrono::milliseconds kTransferAllowance{5000};
// The default quality a live capture waits for (0..100 on each modality's
// own scale; see docs/protocol.md).
inline constexpr int kDefaultQualityThreshold = 40;

// args.timeout_ms, 100..60000, default 10000.
std::chrono::milliseconds capture_timeout(const ArgReader& args);
// args.quality, 0..100: the score auto-capture waits for.
int quality_threshold(const ArgReader& args);
// args.auto: whether to stream and judge frames (default true when the
// device can stream).
bool wants_auto_capture(const ArgReader& args);

nlohmann::json image_ref(std::size_t frame, const drivers::RasterImage& image);

// The step fact a capture establishes (register step_facts, checked by
// the SOP's evidence): its kind and what the engine reads, from the
// capture's result. Application, step and source are the caller's.
std::optional<reg::StepFact> capture_fact(const std::string& operation,
                                          const nlohmann::json& result);

// For a capture that served an application: commits its metadata (hashes,
// geometry, slot: never the sample) to the register, then holds the
// samples in the capture store and names the capture in the result. An
// empty hook for diagnostics (no application).
SuccessHook record_and_hold_capture(StationCore& core, const CallPtr& call,
                                    const std::optional<ServedApplication>& served,
                                    std::string operation, std::string device);

// result.prompt: what the operator should do next ("none" or "retake",
// with reasons), so that a capture that is usable but poor never passes
// silently.
nlohmann::json operator_prompt(const std::vector<std::string>& reasons);

void register_fingerprint_capture(OperationTable& table, StationCore& core, SopServices* sop);
void register_iris_capture(OperationTable& table, StationCore& core, SopServices* sop);
void register_camera_capture(OperationTable& table, StationCore& core, SopServices* sop);
void register_signature_operations(OperationTable& table, StationCore& core, SopServices* sop);

} // namespace ktpel::daemon
