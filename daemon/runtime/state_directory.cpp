// SPDX-License-Identifier: Apache-2.0
#include "state_directory.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "common/log.hpp"

namespace ktpel::daemon {
namespace {

constexpr mode_t kPrivateDirectory = 0700;
constexpr mode_t kPrivateFile = 0600;
// What an existing directory may allow at most: an administrator may give
// the service's group read access (0750), nothing more.
constexpr mode_t kLoosestAcceptedDirectory = 0750;

std::string octal(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path)
{
    throw StateDirectoryError("state directory: " + what + " " + path.string() + ": " +
                              std::strerror(errno));
}

} // namespace

void prepare_state_directory(const std::filesystem::path& directory)
{
    // Missing parents are made under the daemon's umask (0077, main.cpp);
    // the directory itself gets its mode explicitly.
    if (directory.has_parent_path()) {
        std::error_code error;
        std::filesystem::create_directories(directory.parent_path(), error);
        if (error)
            throw StateDirectoryError("state directory: cannot create " +
                                      directory.parent_path().string() + ": " + error.message());
    }
    if (::mkdir(directory.c_str(), kPrivateDirectory) == 0) {
        // mkdir's mode passed through whatever umask we have; say it exactly.
        if (::chmod(directory.c_str(), kPrivateDirectory) != 0)
            fail("cannot set the mode of", directory);
        return;
    }
    if (errno != EEXIST)
        fail("cannot create", directory);

    struct stat info
    {
    };
    if (::stat(directory.c_str(), &info) != 0)
        fail("cannot inspect", directory);
    if (!S_ISDIR(info.st_mode))
        throw StateDirectoryError("state directory: " + directory.string() + " is not a directory");
    const mode_t mode = info.st_mode & 07777;
    if ((mode & ~kLoosestAcceptedDirectory & 0777) == 0)
        return;
    // Never chmod a shared directory (a --state-dir of /tmp, or of a
    // directory someone else owns): that would break it for everyone else.
    if (info.st_uid != ::geteuid() || (mode & S_ISVTX) != 0) {
        log::warning("state directory " + directory.string() + " is mode " + octal(mode) +
                     (info.st_uid != ::geteuid() ? ", another user's" : ", shared (sticky)") +
                     ": leaving it as it is (the register and receipts in it are 0600 all "
                     "the same)");
        return;
    }
    if (::chmod(directory.c_str(), kPrivateDirectory) != 0)
        fail("cannot tighten", directory);
    log::notice("state directory " + directory.string() + " was mode " + octal(mode) +
                ", readable by others: tightened to " + octal(kPrivateDirectory));
}

void tighten_private_file(const std::filesystem::path& file)
{
    struct stat info
    {
    };
    if (::stat(file.c_str(), &info) != 0) {
        if (errno == ENOENT)
            return;
        fail("cannot inspect", file);
    }
    if (!S_ISREG(info.st_mode))
        throw StateDirectoryError("state directory: " + file.string() + " is not a regular file");
    const mode_t mode = info.st_mode & 07777;
    if ((mode & 077) == 0)
        return;
    if (::chmod(file.c_str(), kPrivateFile) != 0)
        fail("cannot tighten", file);
    log::notice(file.string() + " was mode " + octal(mode) + ", readable by others: tightened to " +
                octal(kPrivateFile));
}

} // namespace ktpel::daemon
