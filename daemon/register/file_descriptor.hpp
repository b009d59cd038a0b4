// SPDX-License-Identifier: Apache-2.0
// An owned POSIX file descriptor, closed when it goes out of scope; for the
// register's own files (the database before SQLite opens it, receipts).
#pragma once

#include <unistd.h>

namespace ktpel::reg {

class FileDescriptor
{
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const noexcept { return fd_; }
    // close(2) reports a failed write-back on some file systems.
    int release_and_close()
    {
        const int result = ::close(fd_);
        fd_ = -1;
        return result;
    }

private:
    int fd_;
};

} // namespace ktpel::reg
