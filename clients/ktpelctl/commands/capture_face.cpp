// SPDX-License-Identifier: Apache-2.0
// `ktpelctl capture face`: the camera's own JPEG (camera.capture), the
// daemon's 3:4 card portrait, and the photo checks as a table.
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

constexpr const char* kOp = "camera.capture";

struct FaceOptions
{
    CaptureCommon common;
    std::string out;
    std::string portrait;
};

void print_summary(const json& result, const std::vector<std::string>& written)
{
    std::cout << device_label(result) << ": " << cell(result, "/photo/width") << 'x'
              << cell(result, "/photo/height") << " JPEG, " << cell(result, "/elapsed_ms")
              << " ms\n";
    for (const auto& path : written)
        std::cout << "wrote " << path << '\n';
    print_checks(result);
    print_capture_outcome(result);
}

void capture_face(Connection& connection, const FaceOptions& options)
{
    AtomicFile out(options.out, AtomicFile::Access::owner_only);
    std::optional<AtomicFile> portrait;
    if (!options.portrait.empty())
        portrait.emplace(options.portrait, AtomicFile::Access::owner_only);
    const auto reply =
        run_capture(connection, kOp, common_capture_args(options.common), options.common, "camera");
    if (!reply.result.contains("photo"))
        throw ktpel::ClientError(ktpel::ClientErrorKind::malformed_reply,
                                 "this camera sends no JPEG; use a camera with its own files");
    std::vector<std::string> written{save_blob(out, reply, kOp, "photo")};
    if (portrait)
        written.push_back(save_blob(*portrait, reply, kOp, "portrait"));
    if (connection.json_output())
        print_json(std::cout, reply.result);
    else
        print_summary(reply.result, written);
}

} // namespace

Command add_capture_face(CLI::App& capture, Connection& connection)
{
    auto* command = capture.add_subcommand(
        "face", "Take the face photo (camera.capture): the camera's JPEG, the 3:4 card portrait "
                "and the photo checks; Ctrl-C cancels");
    auto options = std::make_shared<FaceOptions>();
    command->add_option("--out", options->out, "The camera's photo, JPEG as the camera sent it")
        ->required()
        ->type_name("FILE");
    command->add_option("--portrait", options->portrait, "The 3:4 card portrait, JPEG")
        ->type_name("FILE");
    add_common_capture_options(*command, options->common, false);
    return {command, [&connection, options] {
                capture_face(connection, *options);
            }};
}

} // namespace ktpelctl
