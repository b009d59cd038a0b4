// SPDX-License-Identifier: Apache-2.0
// ktpel_bench: device.status round trips through a real ktpeld, compared with
// a bare libzmq REQ/ROUTER echo server carrying the same bytes, so that the
// figures separate what ktpeld costs from what ZeroMQ over ipc costs anyway.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <latch>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bench/harness/daemon_process.hpp"
#include "bench/harness/interrupt_guard.hpp"
#include "bench/harness/log_tail.hpp"
#include "bench/harness/machine_facts.hpp"
#include "bench/harness/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using ktpel::bench::DaemonProcess;
using ktpel::bench::describe_wait_status;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// One header for both servers: the echo server then moves exactly the bytes
// ktpeld receives. A constant id is fine because REQ has one request in flight.
const std::string kRequest =
    R"({"v":1,"id":"bench","op":"device.status","args":{"device":"fingerprint0"}})";
constexpr int kReplyTimeoutMs = 5000; // a stuck server must fail the run, not hang it
constexpr auto kStartupTimeout = 15s;
constexpr auto kStopGrace = 10s; // ktpeld itself gives in-flight work 3 s

struct Options
{
    std::string ktpeld = KTPEL_BENCH_KTPELD;
    std::string config = KTPEL_BENCH_CONFIG;
    std::optional<int> requests;
    int warmup = 1000;
    bool json = false;
};

// ---------------------------------------------------------------------------
// The baseline: what ipc + REQ/ROUTER costs with no work at all

class EchoServer
{
public:
    explicit EchoServer(const std::string& endpoint) : socket_(context_, zmq::socket_type::router)
    {
        socket_.set(zmq::sockopt::linger, 0);
        socket_.bind(endpoint);
        thread_ = std::jthread([this] { serve(); });
    }
    ~EchoServer() { context_.shutdown(); } // unblocks recv with ETERM; thread_ joins first
    EchoServer(const EchoServer&) = delete;
    EchoServer& operator=(const EchoServer&) = delete;

private:
    void serve()
    {
        std::vector<zmq::message_t> frames;
        try {
            for (;;) {
                frames.clear();
                if (zmq::recv_multipart(socket_, std::back_inserter(frames)))
                    zmq::send_multipart(socket_, frames);
            }
        } catch (const zmq::error_t& e) {
            if (e.num() != ETERM)
                std::cerr << "ktpel_bench: echo server stopped: " << e.what() << "\n";
        }
    }

    // Its own context, hence its own I/O thread, as ktpeld has in its process.
    zmq::context_t context_;
    zmq::socket_t socket_;
    std::jthread thread_;
};

// ---------------------------------------------------------------------------
// Clients

// Returns a description of what is wrong with a reply, or nothing.
using ReplyCheck = std::optional<std::string> (*)(const zmq::message_t&);

std::optional<std::string> check_ktpeld_reply(const zmq::message_t& reply)
{
    const auto json = nlohmann::json::parse(reply.data<char>(), reply.data<char>() + reply.size(),
                                            nullptr, false);
    if (json.is_object()) {
        const auto ok = json.find("ok");
        const auto id = json.find("id");
        if (ok != json.end() && *ok == true && id != json.end() && *id == "bench")
            return std::nullopt;
    }
    return "reply " + reply.to_string().substr(0, 300);
}

std::optional<std::string> check_echo_reply(const zmq::message_t& reply)
{
    if (reply.to_string_view() == kRequest)
        return std::nullopt;
    return "echo differs: " + reply.to_string().substr(0, 300);
}

struct ClientOutcome
{
    std::vector<std::int64_t> latencies_ns;
    std::int64_t failures = 0;
    std::string first_failure;

    void fail(std::string why, std::int64_t count = 1)
    {
        failures += count;
        if (first_failure.empty())
            first_failure = std::move(why);
    }
};

void run_client(zmq::context_t& context, const std::string& endpoint, int warmup, int requests,
                ReplyCheck check, std::latch& ready, std::latch& go, ClientOutcome& outcome)
{
    bool arrived = false;
    try {
        zmq::socket_t socket(context, zmq::socket_type::req);
        socket.set(zmq::sockopt::linger, 0);
        socket.set(zmq::sockopt::rcvtimeo, kReplyTimeoutMs);
        socket.connect(endpoint);
        outcome.latencies_ns.reserve(static_cast<std::size_t>(requests));

        // False when the socket is unusable: REQ cannot send again after a
        // lost reply.
        const auto round_trip = [&](bool timed) {
            const auto start = Clock::now();
            if (!socket.send(zmq::buffer(kRequest), zmq::send_flags::none)) {
                outcome.fail("send would block");
                return false;
            }
            zmq::message_t reply;
            const auto received = socket.recv(reply);
            const auto stop = Clock::now();
            if (!received) {
                outcome.fail("no reply within " + std::to_string(kReplyTimeoutMs) + " ms");
                return false;
            }
            // Checked after the clock stops: parsing is the client's cost.
            if (reply.more()) {
                outcome.fail("reply has more than one frame");
                while (socket.get(zmq::sockopt::rcvmore))
                    (void)socket.recv(reply);
            } else if (auto problem = check(reply)) {
                outcome.fail(std::move(*problem));
            }
            if (timed)
                outcome.latencies_ns.push_back(
                    std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count());
            return true;
        };

        bool usable = true;
        for (int i = 0; i < warmup && usable; ++i)
            usable = round_trip(false);
        arrived = true;
        ready.count_down();
        go.wait();
        for (int i = 0; i < requests; ++i) {
            if (!usable) {
                outcome.fail("client gave up", requests - i);
                break;
            }
            usable = round_trip(true);
        }
    } catch (const std::exception& e) {
        outcome.fail(std::string("client error: ") + e.what(),
                     std::max<std::int64_t>(1, requests - std::ssize(outcome.latencies_ns)));
        if (!arrived)
            ready.count_down(); // the others must still be able to start
    }
}

struct Result
{
    std::string server;
    int clients = 0;
    std::int64_t requests = 0; // timed requests over all clients
    double p50_us = 0;
    double p99_us = 0;
    double requests_per_s = 0;
    std::int64_t failures = 0;
    std::string first_failure;
};

double percentile_us(const std::vector<std::int64_t>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    // Nearest rank: an actually observed latency, no interpolation.
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * sorted.size()));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1] / 1000.0;
}

Result measure(zmq::context_t& context, const std::string& server, const std::string& endpoint,
               ReplyCheck check, int clients, int requests, int warmup)
{
    std::cerr << "ktpel_bench: " << server << ", " << clients << " client(s) x " << requests
              << " requests...\n";
    std::vector<ClientOutcome> outcomes(static_cast<std::size_t>(clients));
    std::latch ready(clients);
    std::latch go(1);
    Clock::time_point start;
    {
        std::vector<std::jthread> threads;
        // Declared after threads, so it releases them before they are joined,
        // also when starting one of them throws.
        struct Release
        {
            std::latch& go;
            ~Release() { go.count_down(); }
        } release{go};
        for (auto& outcome : outcomes)
            threads.emplace_back([&, check, slot = &outcome] {
                run_client(context, endpoint, warmup, requests, check, ready, go, *slot);
            });
        // Throughput covers only the timed phase: every client has warmed up
        // and connected before the clock starts.
        ready.wait();
        start = Clock::now();
    }
    const std::chrono::duration<double> elapsed = Clock::now() - start;

    Result result{.server = server, .clients = clients};
    std::vector<std::int64_t> latencies;
    for (auto& outcome : outcomes) {
        latencies.insert(latencies.end(), outcome.latencies_ns.begin(), outcome.latencies_ns.end());
        result.failures += outcome.failures;
        if (result.first_failure.empty())
            result.first_failure = outcome.first_failure;
    }
    std::sort(latencies.begin(), latencies.end());
    result.requests = std::ssize(latencies);
    result.p50_us = percentile_us(latencies, 50);
    result.p99_us = percentile_us(latencies, 99);
    result.requests_per_s = elapsed.count() > 0 ? result.requests / elapsed.count() : 0;
    return result;
}

void wait_until_serving(zmq::context_t& context, DaemonProcess& daemon, const std::string& endpoint)
{
    const std::string hello = R"({"v":1,"id":"bench-hello","op":"hello"})";
    const auto deadline = Clock::now() + kStartupTimeout;
    while (Clock::now() < deadline) {
        if (const auto status = daemon.poll_exit())
            throw std::runtime_error("ktpeld ended during start-up: " +
                                     describe_wait_status(*status));
        // A fresh socket per attempt: REQ cannot resend after a missing reply.
        zmq::socket_t socket(context, zmq::socket_type::req);
        socket.set(zmq::sockopt::linger, 0);
        socket.set(zmq::sockopt::rcvtimeo, 500);
        socket.connect(endpoint);
        socket.send(zmq::buffer(hello), zmq::send_flags::none);
        zmq::message_t reply;
        if (!socket.recv(reply))
            continue;
        const auto json = nlohmann::json::parse(reply.to_string_view(), nullptr, false);
        if (json.is_object() && json.value("ok", nlohmann::json()) == true)
            return;
        throw std::runtime_error("hello failed: " + reply.to_string());
    }
    throw std::runtime_error("ktpeld did not answer hello within " +
                             std::to_string(kStartupTimeout.count()) + " s");
}

// ---------------------------------------------------------------------------
// Report

const char* const kNote = "figures are indicative only: on a shared 2-core machine the client "
                          "threads, the server and other tenants compete for the same cores";

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

double round1(double value)
{
    return std::round(value * 10) / 10;
}

const Result& find(const std::vector<Result>& results, const std::string& server, int clients)
{
    return *std::find_if(results.begin(), results.end(), [&](const Result& r) {
        return r.server == server && r.clients == clients;
    });
}

void print_text(const ktpel::bench::MachineFacts& machine, const Options& options,
                const std::vector<int>& client_counts, const std::vector<Result>& results,
                const std::string& daemon_exit)
{
    std::cout << "ktpel_bench: device.status round trip, REQ -> ROUTER over ipc\n"
              << "machine: nproc " << machine.nproc << ", " << machine.cpu_model << "\n"
              << "note: " << kNote << "\n"
              << "request: " << kRequest.size() << " bytes, warm-up " << options.warmup
              << " per client\n\n";
    std::cout << std::fixed << std::setprecision(1);
    std::cout << std::left << std::setw(11) << "server" << std::right << std::setw(8) << "clients"
              << std::setw(10) << "requests" << std::setw(10) << "p50 us" << std::setw(10)
              << "p99 us" << std::setw(12) << "req/s" << std::setw(10) << "failures"
              << "\n";
    for (const auto& r : results)
        std::cout << std::left << std::setw(11) << r.server << std::right << std::setw(8)
                  << r.clients << std::setw(10) << r.requests << std::setw(10) << r.p50_us
                  << std::setw(10) << r.p99_us << std::setw(12) << std::setprecision(0)
                  << r.requests_per_s << std::setprecision(1) << std::setw(10) << r.failures
                  << "\n";
    std::cout << "\nratio ktpeld / bare echo\n"
              << std::setw(7) << "clients" << std::setw(8) << "p50" << std::setw(8) << "p99"
              << std::setw(8) << "req/s"
              << "\n"
              << std::setprecision(2);
    for (const int clients : client_counts) {
        const auto& k = find(results, "ktpeld", clients);
        const auto& b = find(results, "bare echo", clients);
        std::cout << std::setw(7) << clients << std::setw(8) << ratio(k.p50_us, b.p50_us)
                  << std::setw(8) << ratio(k.p99_us, b.p99_us) << std::setw(8)
                  << ratio(k.requests_per_s, b.requests_per_s) << "\n";
    }
    std::cout << "\nktpeld after SIGTERM: " << daemon_exit << "\n";
    for (const auto& r : results)
        if (!r.first_failure.empty())
            std::cout << "first failure (" << r.server << ", " << r.clients
                      << " clients): " << r.first_failure << "\n";
}

void print_json(const ktpel::bench::MachineFacts& machine, const Options& options,
                const std::vector<int>& client_counts, const std::vector<Result>& results,
                int daemon_status, std::int64_t failures)
{
    nlohmann::json out;
    out["machine"] = {{"nproc", machine.nproc}, {"cpu_model", machine.cpu_model}};
    out["note"] = kNote;
    out["request_bytes"] = kRequest.size();
    out["warmup_per_client"] = options.warmup;
    for (const auto& r : results)
        out["results"].push_back({{"server", r.server},
                                  {"clients", r.clients},
                                  {"requests", r.requests},
                                  {"p50_us", round1(r.p50_us)},
                                  {"p99_us", round1(r.p99_us)},
                                  {"requests_per_s", std::round(r.requests_per_s)},
                                  {"failures", r.failures},
                                  {"first_failure", r.first_failure}});
    for (const int clients : client_counts) {
        const auto& k = find(results, "ktpeld", clients);
        const auto& b = find(results, "bare echo", clients);
        out["ratios_ktpeld_over_bare"].push_back(
            {{"clients", clients},
             {"p50", std::round(ratio(k.p50_us, b.p50_us) * 100) / 100},
             {"p99", std::round(ratio(k.p99_us, b.p99_us) * 100) / 100},
             {"requests_per_s",
              std::round(ratio(k.requests_per_s, b.requests_per_s) * 100) / 100}});
    }
    out["ktpeld_exit"] = {{"status", describe_wait_status(daemon_status)},
                          {"ok", WIFEXITED(daemon_status) && WEXITSTATUS(daemon_status) == 0}};
    out["failures"] = failures;
    std::cout << out.dump(2) << "\n";
}

int run(const Options& options)
{
    const std::vector<int> client_counts{1, 8};
    const auto requests_for = [&](int clients) {
        return options.requests.value_or(clients == 1 ? 20000 : 5000);
    };

    ktpel::bench::InterruptGuard interrupt_guard("ktpel_bench");
    ktpel::bench::ScratchDir scratch("ktpel-bench");
    const auto log_path = scratch.path() / "ktpeld.log";
    DaemonProcess daemon(options.ktpeld,
                         {"--config", options.config, "--runtime-dir", scratch.path().string()},
                         log_path);
    interrupt_guard.clean_up_on_signal(daemon.pid(), scratch.path());
    try {
        const auto api_endpoint = "ipc://" + (scratch.path() / "api.sock").string();
        const auto echo_endpoint = "ipc://" + (scratch.path() / "echo.sock").string();

        std::vector<Result> results;
        {
            // Scoped so that every client socket is closed before SIGTERM.
            zmq::context_t context;
            wait_until_serving(context, daemon, api_endpoint);
            EchoServer echo(echo_endpoint);
            for (const int clients : client_counts) {
                const int requests = requests_for(clients);
                results.push_back(measure(context, "ktpeld", api_endpoint, check_ktpeld_reply,
                                          clients, requests, options.warmup));
                results.push_back(measure(context, "bare echo", echo_endpoint, check_echo_reply,
                                          clients, requests, options.warmup));
            }
        }
        const int status = daemon.terminate(kStopGrace);
        const bool daemon_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;

        std::int64_t failures = 0;
        for (const auto& r : results)
            failures += r.failures;
        const auto machine = ktpel::bench::machine_facts();
        if (options.json)
            print_json(machine, options, client_counts, results, status, failures);
        else
            print_text(machine, options, client_counts, results, describe_wait_status(status));
        if (!daemon_ok)
            std::cerr << "ktpel_bench: ktpeld did not stop cleanly; its log ends:\n"
                      << ktpel::bench::log_tail(log_path, 20);
        if (failures > 0)
            std::cerr << "ktpel_bench: " << failures << " request(s) failed\n";
        return failures == 0 && daemon_ok ? EXIT_SUCCESS : EXIT_FAILURE;
    } catch (const std::exception& e) {
        // The log goes with the scratch directory, so show it now.
        std::cerr << "ktpel_bench: " << e.what() << "\nktpeld's log ends:\n"
                  << ktpel::bench::log_tail(log_path, 20);
        return EXIT_FAILURE;
    }
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"ktpel_bench - ktpeld round-trip latency against a bare libzmq echo server"};
    Options options;
    app.add_option("--ktpeld", options.ktpeld, "ktpeld binary to start")->capture_default_str();
    app.add_option("--config", options.config, "configuration for ktpeld")->capture_default_str();
    app.add_option("--requests", options.requests,
                   "timed requests per client (default 20000 with 1 client, 5000 each with 8)")
        ->check(CLI::PositiveNumber);
    app.add_option("--warmup", options.warmup, "untimed requests per client before each run")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_flag("--json", options.json, "print the results as JSON");
    CLI11_PARSE(app, argc, argv);

    try {
        return run(options);
    } catch (const std::exception& e) {
        std::cerr << "ktpel_bench: " << e.what() << "\n";
        return EXIT_FAILURE;
    }
}
