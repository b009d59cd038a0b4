// SPDX-License-Identifier: Apache-2.0
// `ktpelctl capture signature`: the applicant signs on the pad
// (signature.capture); the card's signature box is written as PNG, the pen
// data optionally, and the checks are shown as a table.
#include <iostream>
#include <memory>
#include <optional>

#include "../atomic_file.hpp"
#include "../output.hpp"
#include "../table.hpp"
#include "capture_common.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

constexpr const char* kOp = "signature.capture";

struct SignatureOptions
{
    CaptureCommon common;
    std::string out;
    std::string pen_data;
};

void print_summary(const json& result, const std::vector<std::string>& written)
{
    std::cout << device_label(result) << ": " << cell(result, "/measures/strokes") << " stroke(s), "
              << cell(result, "/pen_data/samples") << " pen samples, finished by "
              << cell(result, "/finished_by") << ", " << cell(result, "/elapsed_ms") << " ms\n";
    for (const auto& path : written)
        std::cout << "wrote " << path << '\n';
    print_checks(result);
    print_capture_outcome(result);
}

void capture_signature(Connection& connection, const SignatureOptions& options)
{
    AtomicFile out(options.out, AtomicFile::Access::owner_only);
    std::optional<AtomicFile> pen;
    if (!options.pen_data.empty())
        pen.emplace(options.pen_data, AtomicFile::Access::owner_only);
    auto common = options.common;
    if (common.timeout_ms == 0)
        common.timeout_ms = 60000; // signing takes longer than a capture's default
    const auto reply =
        run_capture(connection, kOp, common_capture_args(common), common, "signature");
    std::vector<std::string> written{save_blob(out, reply, kOp, "signature")};
    if (pen)
        written.push_back(save_blob(*pen, reply, kOp, "pen_data"));
    if (connection.json_output())
        print_json(std::cout, reply.result);
    else
        print_summary(reply.result, written);
}

} // namespace

Command add_capture_signature(CLI::App& capture, Connection& connection)
{
    auto* command = capture.add_subcommand(
        "signature", "The applicant signs on the pad (signature.capture): the card's signature "
                     "box as PNG and the checks; Ctrl-C cancels");
    auto options = std::make_shared<SignatureOptions>();
    command->add_option("--out", options->out, "The signature as drawn for the card, PNG")
        ->required()
        ->type_name("FILE");
    command
        ->add_option("--pen-data", options->pen_data,
                     "Also the pen samples (ktpel-pen-v1, docs/protocol.md)")
        ->type_name("FILE");
    command->add_option("--device", options->common.device, "Pad id (default: the first pad)")
        ->type_name("ID");
    command
        ->add_option("--timeout-ms", options->common.timeout_ms,
                     "How long to wait for the signature (default 60000)")
        ->check(CLI::Range(1000, 180000))
        ->type_name("MS");
    return {command, [&connection, options] {
                capture_signature(connection, *options);
            }};
}

} // namespace ktpelctl
