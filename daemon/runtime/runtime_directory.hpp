// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace ktpel::daemon {

// Another daemon already serves this runtime directory.
class AlreadyRunning : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The runtime directory, held for the daemon's lifetime: created with mode
// 0750 if missing, and locked (flock on ktpeld.lock) so that a second
// daemon refuses to start instead of letting libzmq silently unlink and
// rebind the first one's sockets.
class RuntimeDirectory
{
public:
    explicit RuntimeDirectory(std::string path);
    ~RuntimeDirectory();
    RuntimeDirectory(const RuntimeDirectory&) = delete;
    RuntimeDirectory& operator=(const RuntimeDirectory&) = delete;

    const std::string& path() const noexcept { return path_; }
    std::string endpoint(const std::string& socket_name) const
    {
        return "ipc://" + path_ + "/" + socket_name;
    }

private:
    std::string path_;
    int lock_fd_ = -1;
};

} // namespace ktpel::daemon
