// SPDX-License-Identifier: Apache-2.0
// `ktpelctl capture fingerprint`: one fingerprint.capture, saved as PGM.
#include <iostream>
#include <limits>
#include <memory>

#include <unistd.h>

#include "../errors.hpp"
#include "../interrupt.hpp"
#include "../output.hpp"
#include "../pgm_file.hpp"
#include "../progress_line.hpp"
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

// What the user sees while waiting: a progress line on a terminal,
// nothing otherwise, and warnings that must not garble the line.
class Feedback
{
public:
    Feedback(std::string label, bool on_terminal)
    {
        if (on_terminal)
            line_.emplace(std::cout, std::move(label));
    }

    bool shown() const { return line_.has_value(); }
    void update(const json& progress)
    {
        if (line_)
            line_->update(progress);
    }
    void tick()
    {
        if (line_)
            line_->tick();
    }
    void note(const std::string& text)
    {
        if (line_)
            line_->note(text);
        else
            std::cerr << "ktpelctl: " << text << '\n';
    }
    void warn(const std::string& text)
    {
        if (line_)
            line_->clear();
        std::cerr << "ktpelctl: " << text << '\n';
    }
    void finish() { line_.reset(); }

private:
    std::optional<ProgressLine> line_;
};

// What became of our op.cancel. Either way the capture's own reply
// (`cancelled`, or the result if the capture won the race) still comes
// and is what we report.
void report_cancel(const ktpel::Reply& reply, Feedback& feedback)
{
    // not_found: the capture finished meanwhile; its reply is on the way.
    if (reply.ok || !reply.error || reply.error->code == ktpel::ErrorCode::not_found)
        return;
    feedback.warn("cancel refused: " + std::string(ktpel::to_string(reply.error->code)) + ": " +
                  reply.error->message);
}

ktpel::Reply await_capture(ktpel::Client& client, const std::string& id,
                           ktpel::EventSubscriber* events, std::chrono::milliseconds wait_at_most,
                           Feedback& feedback)
{
    InterruptWatch interrupt;
    const auto deadline = std::chrono::steady_clock::now() + wait_at_most;
    std::optional<std::string> cancel_id;
    for (;;) {
        if (interrupt.count() > 1) {
            client.abandon(id);
            throw Interrupted("gave up waiting for the reply to " + id, interrupt.last_signal());
        }
        if (interrupt.requested() && !cancel_id) {
            feedback.note("cancelling " + id + "; Ctrl-C again to quit without waiting");
            try {
                // Pipelined, not call(): a second Ctrl-C must not wait on it.
                cancel_id = client.send("op.cancel", {{"id", id}});
            } catch (const ktpel::ClientError& e) {
                cancel_id = "";
                feedback.warn(std::string("cannot cancel: ") + e.what());
            }
        }
        std::optional<ktpel::Reply> reply;
        if (events) {
            // Short slices on both sockets: neither the reply nor Ctrl-C waits long.
            try {
                if (auto event = events->next(50ms); event && event->topic == "op.progress" &&
                                                     event->data.is_object() &&
                                                     event->data.value("id", "") == id)
                    feedback.update(event->data);
            } catch (const ktpel::ClientError&) {
                // A broken event only costs us a progress update.
            }
            reply = client.receive(0ms);
        } else {
            reply = client.receive(100ms);
        }
        if (reply && cancel_id && reply->id == *cancel_id) {
            report_cancel(*reply, feedback);
            continue;
        }
        // Our headers are always readable, so even an id-less error is
        // about the capture rather than something to wait past.
        if (reply)
            return std::move(*reply);
        if (std::chrono::steady_clock::now() >= deadline) {
            client.abandon(id);
            throw ktpel::ClientError(ktpel::ClientErrorKind::timeout,
                                     "no reply to fingerprint.capture (id " + id + ") within " +
                                         std::to_string(wait_at_most.count()) + " ms");
        }
        feedback.tick();
    }
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
}

void capture_fingerprint(Connection& connection, const CaptureOptions& options)
{
    const json args = capture_args(options);
    ktpel::Client& client = connection.client();
    PgmFile file(options.out); // before the subject is asked to do anything

    // Machine output stays free of terminal control sequences.
    Feedback feedback(options.device.empty() ? "fingerprint" : options.device,
                      ::isatty(STDOUT_FILENO) && !connection.json_output());
    std::optional<ktpel::EventSubscriber> events;
    if (feedback.shown()) {
        try {
            // Before sending: PUB does not replay what we were not subscribed to.
            events.emplace(connection.subscribe({"op."}));
            // Best effort: the first stage comes right after the request.
            events->wait_connected(std::min<std::chrono::milliseconds>(connection.timeout(), 1s));
        } catch (const UnreachableError&) {
            // No progress then, but the capture itself can still work.
        }
    }

    const std::string id = client.send("fingerprint.capture", args);
    const auto capture_timeout = std::chrono::milliseconds(
        options.timeout_ms != 0 ? options.timeout_ms : kDefaultCaptureTimeoutMs);
    const ktpel::Reply reply = await_capture(client, id, events ? &*events : nullptr,
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
