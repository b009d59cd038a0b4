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
#include <deque>
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
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

namespace {

namespace fs = std::filesystem;
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
// RAII for the scratch directory and the daemon process

class TempDir
{
public:
    TempDir()
    {
        const char* base = std::getenv("TMPDIR");
        // ipc paths must fit sockaddr_un (108 bytes), so stay near the root.
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/ktpel-bench-XXXXXX";
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
        path_ = pattern;
    }
    ~TempDir()
    {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string describe_wait_status(int status)
{
    if (WIFEXITED(status))
        return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("killed by signal ") + ::strsignal(WTERMSIG(status));
    return "wait status " + std::to_string(status);
}

class DaemonProcess
{
public:
    DaemonProcess(const std::string& binary, const std::vector<std::string>& args,
                  const fs::path& log_path)
    {
        std::vector<std::string> argv_storage{binary};
        argv_storage.insert(argv_storage.end(), args.begin(), args.end());
        // Everything the child touches is prepared here: between fork and exec
        // only async-signal-safe calls are allowed.
        std::vector<char*> argv;
        for (auto& arg : argv_storage)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (log_fd < 0)
            throw std::runtime_error("cannot open " + log_path.string() + ": " +
                                     std::strerror(errno));
        const pid_t parent = ::getpid();
        sigset_t no_signals;
        sigemptyset(&no_signals);

        pid_ = ::fork();
        if (pid_ == 0) {
            // The daemon must not outlive the bench, even when the bench is
            // killed and no destructor runs.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent)
                ::_exit(127);
            // The mask survives exec; ktpeld must see its SIGTERM.
            ::sigprocmask(SIG_SETMASK, &no_signals, nullptr);
            ::dup2(log_fd, STDOUT_FILENO);
            ::dup2(log_fd, STDERR_FILENO);
            ::execv(argv[0], argv.data());
            const char message[] = "ktpel_bench: execv failed\n";
            [[maybe_unused]] auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
            ::_exit(127);
        }
        const int fork_errno = errno;
        ::close(log_fd);
        if (pid_ < 0)
            throw std::runtime_error(std::string("fork: ") + std::strerror(fork_errno));
    }

    ~DaemonProcess()
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            wait(0);
        }
    }
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    // The wait status if the process has already ended.
    pid_t pid() const { return pid_; }

    std::optional<int> poll_exit() { return wait(WNOHANG); }

    // SIGTERM, as systemd stops it; SIGKILL if it does not finish in time.
    int terminate(std::chrono::milliseconds grace)
    {
        ::kill(pid_, SIGTERM);
        const auto deadline = Clock::now() + grace;
        while (Clock::now() < deadline) {
            if (const auto status = wait(WNOHANG))
                return *status;
            std::this_thread::sleep_for(10ms);
        }
        ::kill(pid_, SIGKILL);
        return wait(0).value_or(-1);
    }

private:
    std::optional<int> wait(int flags)
    {
        if (pid_ <= 0)
            return std::nullopt;
        int status = 0;
        pid_t result;
        do
            result = ::waitpid(pid_, &status, flags);
        while (result < 0 && errno == EINTR);
        if (result != pid_)
            return std::nullopt;
        pid_ = -1;
        return status;
    }

    pid_t pid_ = -1;
};

// Destructors do not run when Ctrl-C ends the process, yet the daemon must
// still be reaped and the scratch directory removed: the signals are blocked
// in every thread and one thread takes them instead.
class InterruptGuard
{
public:
    InterruptGuard()
    {
        sigemptyset(&signals_);
        for (const int signal : {SIGINT, SIGTERM, SIGHUP})
            sigaddset(&signals_, signal);
        // Before any thread exists, so that all of them inherit the mask.
        ::pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    }
    ~InterruptGuard()
    {
        if (watcher_.joinable()) {
            watcher_.request_stop();
            watcher_.join();
        }
        ::pthread_sigmask(SIG_UNBLOCK, &signals_, nullptr);
    }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    void clean_up_on_signal(pid_t daemon, fs::path scratch)
    {
        watcher_ = std::jthread([this, daemon, scratch](std::stop_token stop) {
            const timespec poll{0, 100'000'000}; // how often a stop request is noticed
            while (!stop.stop_requested()) {
                const int signal = ::sigtimedwait(&signals_, nullptr, &poll);
                if (signal <= 0)
                    continue;
                ::kill(daemon, SIGKILL);
                ::waitpid(daemon, nullptr, 0);
                std::error_code ignored;
                fs::remove_all(scratch, ignored);
                std::cerr << "ktpel_bench: interrupted by " << ::strsignal(signal) << "\n";
                std::_Exit(128 + signal);
            }
        });
    }

private:
    sigset_t signals_;
    std::jthread watcher_;
};

std::string file_tail(const fs::path& path, std::size_t lines)
{
    std::ifstream in(path);
    std::deque<std::string> kept;
    for (std::string line; std::getline(in, line);) {
        kept.push_back(line);
        if (kept.size() > lines)
            kept.pop_front();
    }
    std::string text;
    for (const auto& line : kept)
        text += "  | " + line + "\n";
    return text;
}

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

struct Machine
{
    int nproc = 0;
    std::string cpu_model = "unknown";
};

Machine machine_facts()
{
    Machine machine;
    // Like nproc(1): the CPUs this process may run on, not all installed.
    cpu_set_t set;
    CPU_ZERO(&set);
    machine.nproc = ::sched_getaffinity(0, sizeof set, &set) == 0
                        ? CPU_COUNT(&set)
                        : static_cast<int>(std::thread::hardware_concurrency());
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.starts_with("model name")) {
            const auto colon = line.find(':');
            if (colon != std::string::npos)
                machine.cpu_model = line.substr(line.find_first_not_of(" \t", colon + 1));
            break;
        }
    }
    return machine;
}

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

void print_text(const Machine& machine, const Options& options,
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

void print_json(const Machine& machine, const Options& options,
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

    InterruptGuard interrupt_guard;
    TempDir scratch;
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
        const auto machine = machine_facts();
        if (options.json)
            print_json(machine, options, client_counts, results, status, failures);
        else
            print_text(machine, options, client_counts, results, describe_wait_status(status));
        if (!daemon_ok)
            std::cerr << "ktpel_bench: ktpeld did not stop cleanly; its log ends:\n"
                      << file_tail(log_path, 20);
        if (failures > 0)
            std::cerr << "ktpel_bench: " << failures << " request(s) failed\n";
        return failures == 0 && daemon_ok ? EXIT_SUCCESS : EXIT_FAILURE;
    } catch (const std::exception& e) {
        // The log goes with the scratch directory, so show it now.
        std::cerr << "ktpel_bench: " << e.what() << "\nktpeld's log ends:\n"
                  << file_tail(log_path, 20);
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
