// SPDX-License-Identifier: Apache-2.0
// What the `capture` subcommands share: running one capture operation
// with progress and Ctrl-C, finding a reply's blobs safely, printing the
// auto-capture line and the operator prompt.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include <ktpel/message.hpp>

#include "../atomic_file.hpp"
#include "commands.hpp"

namespace ktpelctl {

struct CaptureCommon
{
    std::string device;
    int timeout_ms = 0; // 0: the daemon's default
    int quality = -1;   // -1: the daemon's default threshold
    bool no_auto = false;
};

// Adds --device, --timeout-ms and (when `live`) --quality and --no-auto.
void add_common_capture_options(CLI::App& command, CaptureCommon& common, bool live);
nlohmann::json common_capture_args(const CaptureCommon& common);

// Sends `op` and waits for its reply with a progress line; throws the
// daemon's error as ProtocolError.
ktpel::Reply run_capture(Connection& connection, const std::string& op, const nlohmann::json& args,
                         const CaptureCommon& common, const std::string& label);

// The blob result[key] points at (frame index checked); throws
// ClientError(malformed_reply) naming `op` when it is absent or broken.
const ktpel::Blob& reply_blob(const ktpel::Reply& reply, const std::string& op,
                              const std::string& key);
// As reply_blob for a gray8 image; checks width x height against its size.
struct GreyImage
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    const ktpel::Blob* pixels = nullptr;
};
GreyImage reply_grey_image(const ktpel::Reply& reply, const std::string& op,
                           const std::string& key);

// Writes the blob result[key] points at into `file` and commits it;
// returns the path written.
std::string save_blob(AtomicFile& file, const ktpel::Reply& reply, const std::string& op,
                      const std::string& key);
// The result's `checks` (photo or signature) as a table.
void print_checks(const nlohmann::json& result);

// "device (serial)" for summaries.
std::string device_label(const nlohmann::json& result);
// The auto-capture line and the operator prompt, when the result has them.
void print_capture_outcome(const nlohmann::json& result);

Command add_capture_fingerprint(CLI::App& capture, Connection& connection);
Command add_capture_iris(CLI::App& capture, Connection& connection);
Command add_capture_face(CLI::App& capture, Connection& connection);
Command add_capture_signature(CLI::App& capture, Connection& connection);

} // namespace ktpelctl
