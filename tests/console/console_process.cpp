// SPDX-License-Identifier: Apache-2.0
#include "console_process.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ktpel::test {
namespace {
std::string read_text(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}
int next_serial()
{
    static int serial = 0;
    return ++serial;
}
} // namespace

ConsoleProcess::ConsoleProcess(const std::string& work_dir, const std::string& runtime_dir,
                               std::vector<std::string> extra_args)
    : stderr_path_(work_dir + "/console-" + std::to_string(next_serial()) + ".stderr")
{
    // A file of its own: an earlier console's "listening" line must not be read.
    const auto stdout_path = stderr_path_ + ".stdout";
    std::vector<std::string> args = {KTPEL_CONSOLE_BINARY,
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--web-root",
                                     KTPEL_SOURCE_DIR "/clients/console/web",
                                     "--runtime-dir",
                                     runtime_dir,
                                     "--log-level",
                                     "debug"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0)
        throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int out = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(err, STDERR_FILENO);
        ::dup2(out, STDOUT_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto text = read_text(stdout_path);
        const auto at = text.find("listening http://127.0.0.1:");
        if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
            port_ = static_cast<unsigned short>(
                std::stoi(text.substr(at + std::string("listening http://127.0.0.1:").size())));
            return;
        }
        if (!alive())
            throw std::runtime_error("ktpel-console exited: " + stderr_text());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("ktpel-console did not start: " + stderr_text());
}

ConsoleProcess::~ConsoleProcess()
{
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

bool ConsoleProcess::alive() const
{
    int status = 0;
    return ::waitpid(pid_, &status, WNOHANG) == 0;
}

std::string ConsoleProcess::stderr_text() const
{
    return read_text(stderr_path_);
}

int ConsoleProcess::unix_sockets() const
{
    // Inodes of every unix socket on the machine, then those among our fds.
    std::set<std::string> unix_inodes;
    std::ifstream table("/proc/net/unix");
    std::string line;
    std::getline(table, line); // the column names
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string field;
        for (int column = 0; column < 7 && fields >> field; ++column) {
        }
        unix_inodes.insert(field);
    }
    int count = 0;
    const auto fds = "/proc/" + std::to_string(pid_) + "/fd";
    for (const auto& entry : std::filesystem::directory_iterator(fds)) {
        std::error_code error;
        const auto target = std::filesystem::read_symlink(entry.path(), error).string();
        if (error || target.rfind("socket:[", 0) != 0)
            continue;
        if (unix_inodes.count(target.substr(8, target.size() - 9)))
            ++count;
    }
    return count;
}

} // namespace ktpel::test
