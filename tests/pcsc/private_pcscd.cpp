// SPDX-License-Identifier: Apache-2.0
#include "private_pcscd.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <winscard.h>

extern char** environ;

namespace ktpel::test {

namespace {

const std::filesystem::path socket_path = "/run/pcscd/pcscd.comm";

std::string env(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

// The number of readers pcscd lists, or -1 if it cannot be reached yet.
int listed_readers()
{
    SCARDCONTEXT context = 0;
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) != SCARD_S_SUCCESS)
        return -1;
    DWORD size = 0;
    const LONG result = SCardListReaders(context, nullptr, nullptr, &size);
    std::vector<char> names(size + 1, '\0');
    int count = 0;
    if (result == SCARD_S_SUCCESS &&
        SCardListReaders(context, nullptr, names.data(), &size) == SCARD_S_SUCCESS) {
        for (const char* name = names.data(); *name; name += std::strlen(name) + 1)
            ++count;
    } else if (result != SCARD_E_NO_READERS_AVAILABLE) {
        count = -1;
    }
    SCardReleaseContext(context);
    return count;
}

} // namespace

std::string PrivatePcscd::unavailable_reason()
{
    if (env("KTPEL_PRIVATE_PCSCD") != "1" || env("KTPEL_PCSCD_CONF").empty())
        return "run through scripts/with-private-pcscd.sh --no-pcscd (as ctest does): "
               "outside it the test would use the system's pcscd";
    if (!env("KTPEL_PCSCD_LOG").empty())
        return "the wrapper already runs a pcscd: use --no-pcscd";
    return {};
}

PrivatePcscd::PrivatePcscd()
{
    if (const auto reason = unavailable_reason(); !reason.empty())
        throw std::runtime_error(reason);
    std::string pattern = (std::filesystem::temp_directory_path() / "ktpel-pcscd-test.XXXXXX");
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    work_dir_ = pattern;
    config_dir_ = work_dir_ / "reader.conf.d";
    log_path_ = work_dir_ / "pcscd.log";
    std::filesystem::copy(env("KTPEL_PCSCD_CONF"), config_dir_);
}

PrivatePcscd::~PrivatePcscd()
{
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(work_dir_, ignored);
}

void PrivatePcscd::start(std::size_t expected_readers, std::chrono::milliseconds deadline)
{
    if (running())
        throw std::logic_error("pcscd is already running");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::string program = "pcscd", foreground = "--foreground", config = "--config",
                directory = config_dir_.string();
    std::string debug = "--debug"; // KTPEL_PCSCD_DEBUG=1: pcscd's full log, see log()
    char* argv[] = {program.data(),
                    foreground.data(),
                    config.data(),
                    directory.data(),
                    env("KTPEL_PCSCD_DEBUG") == "1" ? debug.data() : nullptr,
                    nullptr};
    const int rc = posix_spawnp(&pid_, "pcscd", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        pid_ = -1;
        throw std::runtime_error(std::string("cannot start pcscd: ") + std::strerror(rc));
    }

    const auto give_up = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < give_up) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("pcscd exited at start; its log:\n" + log());
        }
        if (std::filesystem::exists(socket_path) &&
            listed_readers() == static_cast<int>(expected_readers))
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const std::string output = log();
    stop();
    throw std::runtime_error("pcscd did not list " + std::to_string(expected_readers) +
                             " readers in time; its log:\n" + output);
}

void PrivatePcscd::stop()
{
    signal_and_reap(SIGTERM);
}

void PrivatePcscd::kill()
{
    signal_and_reap(SIGKILL);
}

void PrivatePcscd::signal_and_reap(int signal)
{
    if (!running())
        return;
    ::kill(pid_, signal);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

void PrivatePcscd::add_vpcd_reader(const std::string& friendly_name, std::uint16_t port)
{
    std::ofstream entry(config_dir_ / ("test-" + std::to_string(port)));
    entry << "FRIENDLYNAME \"" << friendly_name << "\"\n"
          << "DEVICENAME   /dev/null:" << port << "\n"
          << "LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so.0.8\n"
          << "CHANNELID    " << port << "\n";
}

std::string PrivatePcscd::log() const
{
    std::ifstream file(log_path_);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace ktpel::test
