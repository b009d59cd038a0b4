// SPDX-License-Identifier: Apache-2.0
#include "daemon_process.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>
#include <zmq.hpp>

namespace ktpel::test {
namespace {

pid_t spawn(const std::vector<std::string>& args, const std::string& stderr_path)
{
    std::vector<char*> argv;
    std::vector<std::string> storage = args;
    storage.insert(storage.begin(), KTPELD_BINARY);
    for (auto& arg : storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int fd = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            ::dup2(fd, STDERR_FILENO);
            ::dup2(fd, STDOUT_FILENO);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

int wait_for(pid_t pid, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (std::chrono::steady_clock::now() > deadline)
            return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TempDir::TempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "ktpel-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir()
{
    std::error_code ignored; // best effort: a leftover temp dir is not a test failure
    std::filesystem::remove_all(path_, ignored);
}

DaemonProcess::DaemonProcess(const std::string& runtime_dir, std::string config, bool wait_ready,
                             std::vector<std::string> extra_args)
    : runtime_dir_(runtime_dir + "/run"), stderr_path_(runtime_dir + "/ktpeld.stderr")
{
    std::vector<std::string> args = {"--config",   config,        "--runtime-dir",
                                     runtime_dir_, "--state-dir", runtime_dir + "/state"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid_ = spawn(args, stderr_path_);
    if (!wait_ready)
        return;
    zmq::context_t context;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        if (std::filesystem::exists(runtime_dir_ + "/api.sock")) {
            zmq::socket_t socket(context, zmq::socket_type::req);
            socket.set(zmq::sockopt::linger, 0);
            socket.set(zmq::sockopt::rcvtimeo, 1000);
            socket.connect(api_endpoint());
            socket.send(zmq::str_buffer(R"({"v":1,"id":"ready","op":"hello"})"));
            zmq::message_t reply;
            if (socket.recv(reply)) {
                // Ready when every configured device has finished probing.
                socket.send(zmq::str_buffer(R"({"v":1,"id":"list","op":"device.list"})"));
                if (socket.recv(reply)) {
                    const auto header = nlohmann::json::parse(reply.to_string());
                    bool probing = false;
                    for (const auto& device : header["result"]["devices"])
                        probing |= device["reason"] == "probing";
                    if (!probing)
                        return;
                }
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("ktpeld exited during start-up: " + stderr_text());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("ktpeld did not become ready: " + stderr_text());
}

DaemonProcess::~DaemonProcess()
{
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait_for(pid_, std::chrono::seconds(5));
    }
}

std::string DaemonProcess::stderr_text() const
{
    return read_file(stderr_path_);
}

int DaemonProcess::stop(int signal, std::chrono::milliseconds timeout)
{
    ::kill(pid_, signal);
    return wait_exit(timeout);
}

int DaemonProcess::wait_exit(std::chrono::milliseconds timeout)
{
    const int status = wait_for(pid_, timeout);
    if (status != -1)
        pid_ = -1;
    return status;
}

std::string station_config(const std::string& dir, int time_scale, const std::string& sop_file)
{
    auto text = read_file(KTPEL_SOURCE_DIR "/config/ktpeld.yaml");
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        if (at == std::string::npos)
            throw std::runtime_error("config/ktpeld.yaml has no \"" + from + "\"");
        text.replace(at, from.size(), to);
    };
    replace("file: sop/ktp-el-tuntas.yaml", "file: " + sop_file);
    replace("layout: card/ktp-el.yaml", "layout: " KTPEL_SOURCE_DIR "/config/card/ktp-el.yaml");
    replace("time_scale: 1 ", "time_scale: " + std::to_string(time_scale) + " ");
    const auto path = dir + "/station-" + std::to_string(time_scale) + ".yaml";
    std::ofstream(path) << text;
    return path;
}

std::pair<int, std::string> run_ktpeld(const std::vector<std::string>& args)
{
    TempDir dir;
    const auto out = dir.path() + "/out";
    const pid_t pid = spawn(args, out);
    const int status = wait_for(pid, std::chrono::seconds(20));
    return {status, read_file(out)};
}

} // namespace ktpel::test
