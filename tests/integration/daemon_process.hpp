// SPDX-License-Identifier: Apache-2.0
// Runs the real ktpeld binary for a test: a temp runtime directory, stderr
// captured to a file, SIGKILL on destruction if the test did not stop it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ktpel::test {

class TempDir
{
public:
    TempDir();
    ~TempDir();
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

class DaemonProcess
{
public:
    // Starts ktpeld with the given config (default: the shipped station) and
    // waits until its api socket answers `hello` (or throws).
    explicit DaemonProcess(const std::string& runtime_dir,
                           std::string config = KTPEL_SOURCE_DIR "/config/ktpeld.yaml",
                           bool wait_ready = true, std::vector<std::string> extra_args = {});
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }
    std::string api_endpoint() const { return "ipc://" + runtime_dir_ + "/api.sock"; }
    std::string events_endpoint() const { return "ipc://" + runtime_dir_ + "/events.sock"; }
    std::string stderr_text() const;

    // Sends a signal and waits for the exit status (-1 on timeout).
    int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Waits for the process to exit by itself.
    int wait_exit(std::chrono::milliseconds timeout);

private:
    std::string runtime_dir_;
    std::string stderr_path_;
    pid_t pid_ = -1;
};

// A copy of the shipped station configuration in `dir` with another SOP
// file and time scale; returns its path.
std::string station_config(const std::string& dir, int time_scale,
                           const std::string& sop_file = KTPEL_SOURCE_DIR
                           "/config/sop/ktp-el-tuntas.yaml");

// Runs ktpeld to completion (for configuration errors): exit code and stderr.
std::pair<int, std::string> run_ktpeld(const std::vector<std::string>& args);

} // namespace ktpel::test
