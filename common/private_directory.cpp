// SPDX-License-Identifier: Apache-2.0
#include "private_directory.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

namespace ktpel {
namespace {

constexpr mode_t kPrivateDirectory = 0700;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path)
{
    throw PrivateDirectoryError(what + " " + path.string() + ": " + std::strerror(errno));
}

} // namespace

PrivateDirectoryOutcome make_private_directory(const std::filesystem::path& directory,
                                               mode_t loosest_accepted)
{
    using Kind = PrivateDirectoryOutcome::Kind;
    if (directory.has_parent_path()) {
        std::error_code error;
        std::filesystem::create_directories(directory.parent_path(), error);
        if (error)
            throw PrivateDirectoryError("cannot create " + directory.parent_path().string() + ": " +
                                        error.message());
    }
    if (::mkdir(directory.c_str(), kPrivateDirectory) == 0) {
        // mkdir's mode passed through whatever umask we have; say it exactly.
        if (::chmod(directory.c_str(), kPrivateDirectory) != 0)
            fail("cannot set the mode of", directory);
        return {Kind::created};
    }
    if (errno != EEXIST)
        fail("cannot create", directory);
    struct stat info
    {
    };
    if (::stat(directory.c_str(), &info) != 0)
        fail("cannot inspect", directory);
    if (!S_ISDIR(info.st_mode))
        throw PrivateDirectoryError(directory.string() + " is not a directory");
    const mode_t mode = info.st_mode & 07777;
    if ((mode & ~loosest_accepted & 0777) == 0)
        return {Kind::kept, mode};
    if (info.st_uid != ::geteuid())
        return {Kind::left_to_another, mode};
    if ((mode & S_ISVTX) != 0)
        return {Kind::left_shared, mode};
    if (::chmod(directory.c_str(), kPrivateDirectory) != 0)
        fail("cannot tighten", directory);
    return {Kind::tightened, mode};
}

} // namespace ktpel
