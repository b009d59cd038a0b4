// SPDX-License-Identifier: Apache-2.0
#include "runtime_directory.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ktpel::daemon {

RuntimeDirectory::RuntimeDirectory(std::string path) : path_(std::move(path))
{
    if (::mkdir(path_.c_str(), 0750) == 0) {
        // The group reaches the sockets through it: 0750 exactly, not
        // whatever the daemon's umask (0077) leaves of it.
        if (::chmod(path_.c_str(), 0750) != 0)
            throw std::system_error(errno, std::generic_category(),
                                    "cannot set the mode of runtime directory " + path_);
    } else if (errno != EEXIST) {
        throw std::system_error(errno, std::generic_category(),
                                "cannot create runtime directory " + path_);
    }
    struct stat info
    {
    };
    if (::stat(path_.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        throw std::runtime_error(path_ + " is not a directory");

    const auto lock_path = path_ + "/ktpeld.lock";
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (lock_fd_ < 0)
        throw std::system_error(errno, std::generic_category(), "cannot open " + lock_path);
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char pid[32] = {};
        const auto count = ::pread(lock_fd_, pid, sizeof pid - 1, 0);
        ::close(lock_fd_);
        lock_fd_ = -1;
        if (error == EWOULDBLOCK) {
            std::string holder =
                count > 0 ? std::string(pid, static_cast<std::size_t>(count)) : "unknown";
            while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' '))
                holder.pop_back();
            throw AlreadyRunning("another ktpeld (pid " + holder + ") is already serving " + path_);
        }
        throw std::system_error(error, std::generic_category(), "cannot lock " + lock_path);
    }
    const auto pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) < 0)
        throw std::system_error(errno, std::generic_category(), "cannot write " + lock_path);
}

RuntimeDirectory::~RuntimeDirectory()
{
    if (lock_fd_ >= 0)
        ::close(lock_fd_); // releases the flock; the file stays for the next daemon
}

} // namespace ktpel::daemon
