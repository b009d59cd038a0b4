// SPDX-License-Identifier: Apache-2.0
// What the file-mode tests share: a file's permission bits, and the
// process's umask set for a scope (0 lets every mode a file is created with
// through, so what the code asks for explicitly is what shows).
#pragma once

#include <filesystem>

#include <sys/stat.h>

namespace ktpel::test_support {

// The permission bits of `path` itself (a link is not followed), or 07777,
// never a mode a test expects, when it cannot be read.
inline mode_t mode_of(const std::filesystem::path& path)
{
    struct stat info
    {
    };
    if (::lstat(path.c_str(), &info) != 0)
        return 07777;
    return info.st_mode & 07777;
}

class ScopedUmask
{
public:
    explicit ScopedUmask(mode_t mask) : previous_(::umask(mask)) {}
    ~ScopedUmask() { ::umask(previous_); }
    ScopedUmask(const ScopedUmask&) = delete;
    ScopedUmask& operator=(const ScopedUmask&) = delete;

private:
    mode_t previous_;
};

} // namespace ktpel::test_support
