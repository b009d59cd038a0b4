// SPDX-License-Identifier: Apache-2.0
// `ktpelctl capture fingerprint`: one fingerprint.capture, saved as PGM.
#include <iostream>
#include <limits>
#include <memory>

#include <unistd.h>

#include "../errors.hpp"
#include "../long_operation.hpp"
#include "../output.hpp"
#include "../pgm_file.hpp"
#include "../table.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kDefaultCaptureTimeoutMs = 10'000; // docs/protocol.md's default

struct CaptureOptions
{
    std::string out;
    std::string device;
    std::string slot;
    int timeout_ms = 0; // 0: the daemon's default
};

json capture_args(const CaptureOptions& options)
{
    json args = json::object();
    if (!options.device.empty())
        args["device"] = options.device;
    if (!options.slot.empty())
        args["slot"] = options.slot;
    if (options.timeout_ms != 0)
        args["timeout_ms"] = options.timeout_ms;
    return args;
}

struct Image
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    const ktpel::Blob* pixels = nullptr;
};

[[noreturn]] void unusable(const std::string& why)
{
    throw ktpel::ClientError(ktpel::ClientErrorKind::malformed_reply,
                             "fingerprint.capture result: " + why);
}

std::uint32_t dimension(const json& image, const char* key)
{
    const auto it = image.find(key);
    if (it == image.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() == 0 ||
        it->get<std::uint64_t>() > std::numeric_limits<std::uint16_t>::max())
        unusable(std::string("image.") + key + " is missing or not a sane size");
    return it->get<std::uint32_t>();
}

// The blob that result.image.frame points at, checked against the size
// the result claims before anything is written.
Image find_image(const ktpel::Reply& reply)
{
    const auto image = reply.result.find("image");
    if (image == reply.result.end() || !image->is_object())
        unusable("no image object");
    const auto frame = image->find("frame");
    if (frame == image->end() || !frame->is_number_unsigned())
        unusable("image.frame is missing");
    const auto index = frame->get<std::uint64_t>();
    if (index < 1 || index > reply.blobs.size()) {
        unusable("image.frame " + std::to_string(index) + " but the reply has " +
                 std::to_string(reply.blobs.size()) + " blob(s)");
    }
    if (const auto format = image->value("format", std::string{"gray8"}); format != "gray8")
        unusable("image format " + format + " cannot be written as PGM");
    Image found{dimension(*image, "width"), dimension(*image, "height"), &reply.blobs[index - 1]};
    const std::uint64_t expected = std::uint64_t{found.width} * found.height;
    if (found.pixels->size() != expected) {
        unusable("image blob is " + std::to_string(found.pixels->size()) + " bytes, " +
                 std::to_string(found.width) + "x" + std::to_string(found.height) + " needs " +
                 std::to_string(expected));
    }
    return found;
}

void print_summary(const json& result, const Image& image, const PgmFile& file)
{
    std::cout << cell(result, "/device");
    if (const auto serial = cell(result, "/serial"); serial != "-")
        std::cout << " (" << serial << ')';
    std::cout << ", " << cell(result, "/slot") << ": " << image.width << 'x' << image.height;
    if (const auto ppi = result.at("image").find("ppi"); ppi != result.at("image").end())
        std::cout << " at " << ppi->dump() << " ppi";
    if (const auto frames = result.find("frames_seen"); frames != result.end())
        std::cout << ", " << frames->dump() << " frame(s) seen";
    if (const auto elapsed = result.find("elapsed_ms"); elapsed != result.end())
        std::cout << ", " << elapsed->dump() << " ms";
    std::cout << "\nwrote " << file.target().string() << '\n';
    // The daemon's analysis of the slap, finger by finger.
    if (const auto fingers = result.find("fingers");
        fingers != result.end() && fingers->is_array()) {
        std::cout << "fingers: " << cell(result, "/found") << " found, "
                  << cell(result, "/expected") << " expected (" << cell(result, "/count") << ")";
        if (result.value("wrong_hand_suspected", false))
            std::cout << ", WRONG HAND suspected";
        std::cout << '\n';
        Table table({"POSITION", "QUALITY", "MINUTIAE", "BOX (x,y wxh)"});
        for (const auto& finger : *fingers) {
            table.add_row({cell(finger, "/position"), cell(finger, "/quality"),
                           cell(finger, "/minutiae"),
                           cell(finger, "/box/x") + "," + cell(finger, "/box/y") + " " +
                               cell(finger, "/box/width") + "x" + cell(finger, "/box/height")});
        }
        if (!table.empty())
            table.print(std::cout);
    }
}

void capture_fingerprint(Connection& connection, const CaptureOptions& options)
{
    const json args = capture_args(options);
    ktpel::Client& client = connection.client();
    PgmFile file(options.out); // before the subject is asked to do anything

    // Machine output stays free of terminal control sequences.
    Feedback feedback(options.device.empty() ? "fingerprint" : options.device,
                      ::isatty(STDOUT_FILENO) && !connection.json_output());
    auto events = progress_events(connection, feedback);

    const std::string id = client.send("fingerprint.capture", args);
    const auto capture_timeout = std::chrono::milliseconds(
        options.timeout_ms != 0 ? options.timeout_ms : kDefaultCaptureTimeoutMs);
    const ktpel::Reply reply =
        await_reply(client, id, "fingerprint.capture", events ? &*events : nullptr,
                    capture_timeout + connection.timeout(), feedback);
    feedback.finish();

    if (!reply.ok)
        throw ktpel::ProtocolError(reply.error.value_or(ktpel::Error{}));
    const Image image = find_image(reply);
    file.write(image.width, image.height, image.pixels->bytes());
    file.commit();

    if (connection.json_output())
        print_json(std::cout, reply.result);
    else
        print_summary(reply.result, image, file);
}

} // namespace

Command add_capture_command(CLI::App& app, Connection& connection)
{
    auto* capture = app.add_subcommand("capture", "Capture biometrics into a file");
    capture->require_subcommand(1);
    auto* command = capture->add_subcommand(
        "fingerprint", "Capture fingerprints (fingerprint.capture) into a binary PGM image; "
                       "Ctrl-C cancels the capture");
    auto options = std::make_shared<CaptureOptions>();
    command->add_option("--out", options->out, "Output image, binary PGM (P5)")
        ->required()
        ->type_name("FILE");
    command
        ->add_option("--device", options->device,
                     "Scanner id (default: the daemon's first fingerprint scanner)")
        ->type_name("ID");
    command->add_option("--slot", options->slot, "Which fingers (default: left_four)")
        ->check(CLI::IsMember({"left_four", "right_four", "thumbs", "single"}));
    command
        ->add_option("--timeout-ms", options->timeout_ms,
                     "How long the scanner waits for fingers (default 10000)")
        ->check(CLI::Range(100, 60000))
        ->type_name("MS");
    return {command, [&connection, options] {
                capture_fingerprint(connection, *options);
            }};
}

} // namespace ktpelctl
