// SPDX-License-Identifier: Apache-2.0
// bundle_bench: how long ktpeld takes to deliver biometrics.bundle (every
// sample of one complete SOP step 4) to a client, against a bare ZeroMQ
// replay of the very same frames, and how much larger the same data would be
// as one JSON document with base64 blobs (docs/bench-bundle.md).
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <sched.h>
#include <sys/wait.h>

#include <ktpel/client.hpp>
#include <ktpel/message.hpp>

#include "base64_json_document.hpp"
#include "bench/harness/daemon_process.hpp"
#include "bench/harness/interrupt_guard.hpp"
#include "bench/harness/log_tail.hpp"
#include "bench/harness/machine_facts.hpp"
#include "bench/harness/scratch_dir.hpp"
#include "frame_client.hpp"
#include "latency_summary.hpp"
#include "recorded_bundle.hpp"
#include "replay_server.hpp"
#include "step4_recording.hpp"

namespace {

namespace fs = std::filesystem;
using namespace ktpel::bench;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr auto kStartupTimeout = 15s;
constexpr auto kStopGrace = 10s; // ktpeld itself gives in-flight work 3 s
// One id for every timed request, so that ktpeld's reply header (and hence
// the replayed one) is the same bytes each time.
const std::string kBundleRequestId = "bundle-bench";

struct Options
{
    std::string ktpeld = KTPEL_BENCH_KTPELD;
    std::string config = KTPEL_BENCH_CONFIG;
    int repetitions = 20;
    int warmup = 2;
    double timeout_s = 60;
};

struct Figures
{
    std::string application;
    json bundle_header;
    std::vector<std::size_t> blob_sizes;
    std::size_t header_bytes = 0;
    std::size_t blob_bytes = 0;
    std::size_t json_bytes = 0;
    std::size_t json_base64_bytes = 0;
    LatencySummary daemon;
    LatencySummary bare;
};

void wait_until_serving(const std::shared_ptr<zmq::context_t>& context, DaemonProcess& daemon,
                        const std::string& endpoint)
{
    ktpel::Client client(endpoint, context);
    const auto deadline = std::chrono::steady_clock::now() + kStartupTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (const auto status = daemon.poll_exit())
            throw std::runtime_error("ktpeld ended during start-up: " +
                                     describe_wait_status(*status));
        try {
            const auto reply = client.call("hello", json::object(), {}, 500ms);
            if (!reply.ok)
                throw std::runtime_error("hello refused: " +
                                         reply.error.value_or(ktpel::Error{}).message);
            return;
        } catch (const ktpel::ClientError& e) {
            if (e.kind() != ktpel::ClientErrorKind::timeout)
                throw;
        }
    }
    throw std::runtime_error("ktpeld did not answer hello within " +
                             std::to_string(kStartupTimeout.count()) + " s");
}

std::string request_header(const std::string& id, const std::string& op, json args,
                           std::optional<std::string> token = std::nullopt)
{
    ktpel::Request request;
    request.id = id;
    request.op = op;
    request.args = std::move(args);
    request.token = std::move(token);
    return ktpel::encode_header(request.header());
}

// A token is bound to the connection that logged in, so the timed client
// logs in on its own socket.
std::string log_in(FrameClient& client)
{
    const auto delivery = client.round_trip(request_header(
        "login", "session.login", {{"officer", kSiakOperatorId}, {"pin", kSiakOperatorPin}}));
    if (delivery.frames.size() < 2)
        throw std::runtime_error("session.login: reply without a header");
    const auto reply = ktpel::decode_reply(
        {delivery.frames[1].data<std::uint8_t>(), delivery.frames[1].size()}, {});
    if (!reply.ok)
        throw std::runtime_error("session.login as " + std::string(kSiakOperatorId) +
                                 " refused: " + reply.error.value_or(ktpel::Error{}).message);
    return reply.result.at("token").get<std::string>();
}

Figures measure(const Options& options, const fs::path& scratch, DaemonProcess& daemon)
{
    const auto api_endpoint = "ipc://" + (scratch / "run" / "api.sock").string();
    const auto replay_endpoint = "ipc://" + (scratch / "replay.sock").string();
    const std::chrono::milliseconds timeout{static_cast<long>(options.timeout_s * 1000)};

    Figures figures;
    auto context = std::make_shared<zmq::context_t>(1);
    wait_until_serving(context, daemon, api_endpoint);
    std::cerr << "bundle_bench: recording steps 1-4 of one application...\n";
    figures.application = record_step4(api_endpoint, context, timeout);

    FrameClient daemon_client(*context, api_endpoint, timeout);
    const auto bundle_request =
        request_header(kBundleRequestId, "biometrics.bundle",
                       {{"application", figures.application}}, log_in(daemon_client));
    const RecordedBundle bundle(daemon_client.round_trip(bundle_request), kBundleRequestId);
    ReplayServer replay(replay_endpoint, bundle.frames());
    FrameClient bare_client(*context, replay_endpoint, timeout);

    // Both servers answer the same request bytes from the same client code;
    // every reply is checked after its clock has stopped.
    const auto time_daemon = [&] {
        auto delivery = daemon_client.round_trip(bundle_request);
        bundle.check_daemon_reply(delivery, kBundleRequestId);
        return delivery.elapsed;
    };
    const auto time_bare = [&] {
        auto delivery = bare_client.round_trip(bundle_request);
        bundle.check_replay(delivery);
        return delivery.elapsed;
    };
    for (int i = 0; i < options.warmup; ++i) {
        time_daemon();
        time_bare();
    }
    std::cerr << "bundle_bench: " << options.repetitions << " timed bundles from each server...\n";
    std::vector<std::chrono::nanoseconds> daemon_times;
    std::vector<std::chrono::nanoseconds> bare_times;
    for (int i = 0; i < options.repetitions; ++i) {
        // Interleaved, and in alternating order, so that a burst of load
        // from other tenants lands on both servers alike.
        if (i % 2 == 0) {
            daemon_times.push_back(time_daemon());
            bare_times.push_back(time_bare());
        } else {
            bare_times.push_back(time_bare());
            daemon_times.push_back(time_daemon());
        }
    }
    figures.daemon = summarize(std::move(daemon_times));
    figures.bare = summarize(std::move(bare_times));

    figures.bundle_header = bundle.header();
    for (const auto blob : bundle.blobs())
        figures.blob_sizes.push_back(blob.size());
    figures.header_bytes = bundle.header_bytes();
    figures.blob_bytes = bundle.blob_bytes();
    const auto document = inline_blobs_as_base64(bundle.header(), bundle.blobs());
    figures.json_bytes = document.text.size();
    figures.json_base64_bytes = document.base64_bytes;
    return figures;
}

// ---------------------------------------------------------------------------
// Report

std::string machine_description()
{
    const auto machine = machine_facts();
    return "nproc " + std::to_string(machine.nproc) + ", " + machine.cpu_model;
}

std::string with_thousands(std::size_t value)
{
    auto digits = std::to_string(value);
    for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

std::string fixed(double value, int decimals)
{
    std::ostringstream text;
    text << std::fixed << std::setprecision(decimals) << value;
    return text.str();
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

// One line per held capture: what the bundle is made of.
void print_captures(const Figures& figures)
{
    for (const auto& capture : figures.bundle_header.at("result").at("captures")) {
        std::string what = capture.value("operation", std::string{"?"});
        if (const auto slot = capture.at("metadata").value("slot", std::string{}); !slot.empty())
            what += " " + slot;
        std::size_t bytes = 0;
        std::size_t largest = 0;
        std::string largest_name;
        for (const auto& [name, part] : capture.at("parts").items()) {
            const auto size = figures.blob_sizes.at(part.at("frame").get<std::size_t>() - 1);
            bytes += size;
            if (size > largest) {
                largest = size;
                largest_name = name;
            }
        }
        std::cout << "  " << std::left << std::setw(32) << what << std::right << std::setw(3)
                  << capture.at("parts").size() << " parts " << std::setw(11)
                  << with_thousands(bytes) << " B (largest: " << largest_name << " "
                  << with_thousands(largest) << " B)\n";
    }
}

void print_report(const Options& options, const Figures& figures, const std::string& daemon_exit)
{
    const auto captures = figures.bundle_header.at("result").at("captures").size();
    const auto bundle_bytes = figures.header_bytes + figures.blob_bytes;
    std::cout << "bundle_bench: biometrics.bundle of one complete SOP step 4, DEALER -> ROUTER "
                 "over ipc://\n"
              << "machine: " << machine_description() << "\n"
              << "note: a shared, noisy machine: client, servers and other tenants compete for "
                 "the same cores; compare the ratio, not the absolute times\n"
              << "application " << figures.application << ": " << captures << " captures, "
              << figures.blob_sizes.size() << " blobs\n";
    print_captures(figures);
    std::cout << "timed: " << options.repetitions << " deliveries from each server (after "
              << options.warmup
              << " untimed), from sending the request to the last frame "
                 "received\n\n";

    const std::vector<std::pair<std::string, std::string>> rows{
        {"ktpeld biometrics.bundle, median", fixed(figures.daemon.median_ms, 2) + " ms"},
        {"ktpeld biometrics.bundle, p90", fixed(figures.daemon.p90_ms, 2) + " ms"},
        {"bare ZeroMQ replay, same frames, median", fixed(figures.bare.median_ms, 2) + " ms"},
        {"bare ZeroMQ replay, same frames, p90", fixed(figures.bare.p90_ms, 2) + " ms"},
        {"ratio ktpeld / bare, median",
         fixed(ratio(figures.daemon.median_ms, figures.bare.median_ms), 2)},
        {"ratio ktpeld / bare, p90", fixed(ratio(figures.daemon.p90_ms, figures.bare.p90_ms), 2)},
        {"bundle: header + blobs", with_thousands(figures.header_bytes) + " + " +
                                       with_thousands(figures.blob_bytes) + " = " +
                                       with_thousands(bundle_bytes) + " B"},
        {"one JSON document, blobs base64", with_thousands(figures.json_bytes) + " B (" +
                                                with_thousands(figures.json_base64_bytes) +
                                                " of it base64)"},
        {"ratio JSON / bundle",
         fixed(ratio(static_cast<double>(figures.json_bytes), static_cast<double>(bundle_bytes)),
               3)},
    };
    std::size_t width = 0;
    for (const auto& [figure, value] : rows)
        width = std::max(width, figure.size());
    std::cout << std::left << std::setw(static_cast<int>(width) + 2) << "figure"
              << "value\n";
    for (const auto& [figure, value] : rows)
        std::cout << std::left << std::setw(static_cast<int>(width) + 2) << figure << value << "\n";
    std::cout << "\nrange: ktpeld " << fixed(figures.daemon.min_ms, 2) << " - "
              << fixed(figures.daemon.max_ms, 2) << " ms, bare " << fixed(figures.bare.min_ms, 2)
              << " - " << fixed(figures.bare.max_ms, 2) << " ms\n"
              << "ktpeld after SIGTERM: " << daemon_exit << "\n";
}

int run(const Options& options)
{
    InterruptGuard interrupt_guard("bundle_bench");
    ScratchDir scratch("ktpel-bundle-bench");
    fs::create_directory(scratch.path() / "run");
    fs::create_directory(scratch.path() / "state");
    const auto log_path = scratch.path() / "ktpeld.log";
    // --time-scale 1: the real pace, so that no sop.overrun of step 4 (6
    // minutes) is published while the bundles are timed, whatever the
    // configuration's sop.time_scale.
    DaemonProcess daemon(options.ktpeld,
                         {"--config", options.config, "--runtime-dir",
                          (scratch.path() / "run").string(), "--state-dir",
                          (scratch.path() / "state").string(), "--time-scale", "1"},
                         log_path);
    interrupt_guard.clean_up_on_signal(daemon.pid(), scratch.path());
    try {
        // Every socket is closed (measure() returns) before SIGTERM.
        const auto figures = measure(options, scratch.path(), daemon);
        const int status = daemon.terminate(kStopGrace);
        const bool daemon_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        print_report(options, figures, describe_wait_status(status));
        if (!daemon_ok) {
            std::cerr << "bundle_bench: ktpeld did not stop cleanly; its log ends:\n"
                      << log_tail(log_path, 20);
            return EXIT_FAILURE;
        }
        return EXIT_SUCCESS;
    } catch (const std::exception& e) {
        // The log goes with the scratch directory, so show it now.
        std::cerr << "bundle_bench: " << e.what() << "\nktpeld's log ends:\n"
                  << log_tail(log_path, 20);
        return EXIT_FAILURE;
    }
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"bundle_bench - biometrics.bundle delivery through ktpeld against a bare ZeroMQ "
                 "replay of the same frames, and its size against base64 in JSON"};
    Options options;
    app.add_option("--ktpeld", options.ktpeld, "ktpeld binary to start")->capture_default_str();
    app.add_option("--config", options.config, "configuration for ktpeld")->capture_default_str();
    app.add_option("-n,--repetitions", options.repetitions, "timed bundles from each server")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--warmup", options.warmup, "untimed bundles from each server first")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--timeout", options.timeout_s, "seconds to wait for any one reply")
        ->check(CLI::Range(1.0, 600.0))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try {
        return run(options);
    } catch (const std::exception& e) {
        std::cerr << "bundle_bench: " << e.what() << "\n";
        return EXIT_FAILURE;
    }
}
