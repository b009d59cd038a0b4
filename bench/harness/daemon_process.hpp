// SPDX-License-Identifier: Apache-2.0
// The real ktpeld as a child process: started with its output in a log
// file, stopped with SIGTERM as systemd stops it, killed and reaped on every
// other way out (including the bench itself being killed).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ktpel::bench {

class DaemonProcess
{
public:
    DaemonProcess(const std::string& binary, const std::vector<std::string>& args,
                  const std::filesystem::path& log_path);
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }

    // The wait status if the process has ended by now.
    std::optional<int> poll_exit();

    // SIGTERM, then SIGKILL if it has not ended within `grace`. Returns the
    // wait status.
    int terminate(std::chrono::milliseconds grace);

private:
    std::optional<int> reap(int flags);

    pid_t pid_ = -1;
};

std::string describe_wait_status(int status);

} // namespace ktpel::bench
