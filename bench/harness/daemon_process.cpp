// SPDX-License-Identifier: Apache-2.0
#include "daemon_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ktpel::bench {

DaemonProcess::DaemonProcess(const std::string& binary, const std::vector<std::string>& args,
                             const std::filesystem::path& log_path)
{
    // Everything the child uses is prepared before fork: between fork and
    // exec only async-signal-safe calls are allowed.
    std::vector<std::string> argv_storage{binary};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (log_fd < 0)
        throw std::runtime_error("cannot open " + log_path.string() + ": " + std::strerror(errno));
    const pid_t parent = ::getpid();
    sigset_t no_signals;
    sigemptyset(&no_signals);

    pid_ = ::fork();
    if (pid_ == 0) {
        // No orphaned daemon when the bench dies without running destructors.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
        // The signal mask survives exec, and ktpeld must see its SIGTERM.
        ::sigprocmask(SIG_SETMASK, &no_signals, nullptr);
        ::dup2(log_fd, STDOUT_FILENO);
        ::dup2(log_fd, STDERR_FILENO);
        ::execv(argv[0], argv.data());
        const char message[] = "bench: execv of ktpeld failed\n";
        [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
        ::_exit(127);
    }
    const int fork_errno = errno;
    ::close(log_fd);
    if (pid_ < 0)
        throw std::runtime_error(std::string("fork: ") + std::strerror(fork_errno));
}

DaemonProcess::~DaemonProcess()
{
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        reap(0);
    }
}

std::optional<int> DaemonProcess::poll_exit()
{
    return reap(WNOHANG);
}

int DaemonProcess::terminate(std::chrono::milliseconds grace)
{
    if (pid_ <= 0)
        throw std::logic_error("ktpeld has already been reaped");
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (const auto status = reap(WNOHANG))
            return *status;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    return reap(0).value_or(-1);
}

std::optional<int> DaemonProcess::reap(int flags)
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

std::string describe_wait_status(int status)
{
    if (WIFEXITED(status))
        return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("killed by signal ") + ::strsignal(WTERMSIG(status));
    return "wait status " + std::to_string(status);
}

} // namespace ktpel::bench
