// SPDX-License-Identifier: Apache-2.0
#include "capture_common.hpp"

#include <iostream>
#include <limits>

#include <unistd.h>

#include "../errors.hpp"
#include "../long_operation.hpp"
#include "../output.hpp"
#include "../table.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

constexpr int kDefaultCaptureTimeoutMs = 10'000; // docs/protocol.md's default

[[noreturn]] void unusable(const std::string& op, const std::string& why)
{
    throw ktpel::ClientError(ktpel::ClientErrorKind::malformed_reply, op + " result: " + why);
}

} // namespace

void add_common_capture_options(CLI::App& command, CaptureCommon& common, bool live)
{
    command.add_option("--device", common.device, "Device id (default: the first of its class)")
        ->type_name("ID");
    command
        .add_option("--timeout-ms", common.timeout_ms,
                    "How long the device waits for the subject (default 10000)")
        ->check(CLI::Range(100, 60000))
        ->type_name("MS");
    if (!live)
        return;
    command
        .add_option("--quality", common.quality,
                    "Auto-capture: the quality (0-100) to wait for (default: the daemon's, 40)")
        ->check(CLI::Range(0, 100))
        ->type_name("N");
    command.add_flag("--no-auto", common.no_auto,
                     "One frame as the device takes it, without auto-capture");
}

json common_capture_args(const CaptureCommon& common)
{
    json args = json::object();
    if (!common.device.empty())
        args["device"] = common.device;
    if (common.timeout_ms != 0)
        args["timeout_ms"] = common.timeout_ms;
    if (common.quality >= 0)
        args["quality"] = common.quality;
    if (common.no_auto)
        args["auto"] = false;
    return args;
}

ktpel::Reply run_capture(Connection& connection, const std::string& op, const json& args,
                         const CaptureCommon& common, const std::string& label)
{
    ktpel::Client& client = connection.client();
    // Machine output stays free of terminal control sequences.
    Feedback feedback(common.device.empty() ? label : common.device,
                      ::isatty(STDOUT_FILENO) && !connection.json_output());
    auto events = progress_events(connection, feedback);
    const std::string id = client.send(op, args);
    const auto capture_timeout = std::chrono::milliseconds(
        common.timeout_ms != 0 ? common.timeout_ms : kDefaultCaptureTimeoutMs);
    ktpel::Reply reply = await_reply(client, id, op, events ? &*events : nullptr,
                                     capture_timeout + connection.timeout(), feedback);
    feedback.finish();
    if (!reply.ok)
        throw ktpel::ProtocolError(reply.error.value_or(ktpel::Error{}));
    return reply;
}

const ktpel::Blob& reply_blob(const ktpel::Reply& reply, const std::string& op,
                              const std::string& key)
{
    const auto ref = reply.result.find(key);
    if (ref == reply.result.end() || !ref->is_object())
        unusable(op, "no " + key + " object");
    const auto frame = ref->find("frame");
    if (frame == ref->end() || !frame->is_number_unsigned())
        unusable(op, key + ".frame is missing");
    const auto index = frame->get<std::uint64_t>();
    if (index < 1 || index > reply.blobs.size())
        unusable(op, key + ".frame " + std::to_string(index) + " but the reply has " +
                         std::to_string(reply.blobs.size()) + " blob(s)");
    return reply.blobs[index - 1];
}

GreyImage reply_grey_image(const ktpel::Reply& reply, const std::string& op, const std::string& key)
{
    const auto& blob = reply_blob(reply, op, key);
    const auto& ref = reply.result.at(key);
    if (const auto format = ref.value("format", std::string{"gray8"}); format != "gray8")
        unusable(op, key + " format " + format + " cannot be written as PGM");
    const auto dimension = [&](const char* name) {
        const auto it = ref.find(name);
        if (it == ref.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() == 0 ||
            it->get<std::uint64_t>() > std::numeric_limits<std::uint16_t>::max())
            unusable(op, key + "." + name + " is missing or not a sane size");
        return it->get<std::uint32_t>();
    };
    GreyImage image{dimension("width"), dimension("height"), &blob};
    const std::uint64_t expected = std::uint64_t{image.width} * image.height;
    if (blob.size() != expected)
        unusable(op, key + " blob is " + std::to_string(blob.size()) + " bytes, " +
                         std::to_string(image.width) + "x" + std::to_string(image.height) +
                         " needs " + std::to_string(expected));
    return image;
}

std::string save_blob(AtomicFile& file, const ktpel::Reply& reply, const std::string& op,
                      const std::string& key)
{
    file.write(reply_blob(reply, op, key).bytes());
    file.commit();
    return file.target().string();
}

void print_checks(const json& result)
{
    Table table({"CHECK", "RESULT", "VALUE", "DETAIL"});
    for (const auto& check : result.value("checks", json::array()))
        table.add_row({cell(check, "/name"), check.value("passed", false) ? "pass" : "FAIL",
                       cell(check, "/value"), cell(check, "/detail")});
    if (!table.empty())
        table.print(std::cout);
}

std::string device_label(const json& result)
{
    std::string label = cell(result, "/device");
    if (const auto serial = cell(result, "/serial"); serial != "-")
        label += " (" + serial + ")";
    return label;
}

void print_capture_outcome(const json& result)
{
    if (const auto capture = result.find("auto_capture");
        capture != result.end() && capture->is_object()) {
        const auto& c = *capture;
        if (c.value("mode", "") == "auto")
            std::cout << "auto-capture: " << cell(c, "/outcome") << " (score "
                      << cell(result, "/score") << ", threshold " << cell(c, "/threshold")
                      << ", frame " << cell(c, "/chosen_frame") << " of " << cell(c, "/frames_seen")
                      << ", " << cell(c, "/frames_judged") << " judged, " << cell(c, "/elapsed_ms")
                      << " ms)\n";
        else
            std::cout << "single shot: score " << cell(result, "/score") << ", "
                      << cell(c, "/elapsed_ms") << " ms\n";
    }
    if (const auto prompt = result.find("prompt"); prompt != result.end() && prompt->is_object()) {
        if (prompt->value("action", "none") == "none") {
            std::cout << "prompt: none, the sample is good\n";
        } else {
            std::cout << "prompt: " << cell(*prompt, "/action") << " -";
            for (const auto& reason : prompt->value("reasons", json::array()))
                std::cout << ' ' << reason.get<std::string>();
            std::cout << '\n';
        }
    }
}

Command add_capture_command(CLI::App& app, Connection& connection)
{
    auto* capture = app.add_subcommand(
        "capture", "Capture biometrics into standard image files (diagnostics, no application)");
    capture->require_subcommand(1);
    const std::vector<Command> kinds{
        add_capture_fingerprint(*capture, connection),
        add_capture_iris(*capture, connection),
        add_capture_face(*capture, connection),
        add_capture_signature(*capture, connection),
    };
    return {capture, [kinds] {
                for (const auto& kind : kinds) {
                    if (kind.parsed_by->parsed())
                        return kind.run();
                }
            }};
}

} // namespace ktpelctl
