// SPDX-License-Identifier: Apache-2.0
#include "state_directory.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "common/log.hpp"
#include "common/private_directory.hpp"

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
    using Kind = PrivateDirectoryOutcome::Kind;
    PrivateDirectoryOutcome outcome;
    try {
        // Missing parents are made under the daemon's umask (0077, main.cpp).
        outcome = make_private_directory(directory, kLoosestAcceptedDirectory);
    } catch (const PrivateDirectoryError& e) {
        throw StateDirectoryError(std::string("state directory: ") + e.what());
    }
    const auto mode = octal(outcome.previous_mode);
    switch (outcome.kind) {
    case Kind::created:
    case Kind::kept:
        return;
    case Kind::left_to_another:
    case Kind::left_shared:
        log::warning(
            "state directory " + directory.string() + " is mode " + mode +
            (outcome.kind == Kind::left_to_another ? ", another user's" : ", shared (sticky)") +
            ": leaving it as it is (the register and receipts in it are 0600 all "
            "the same)");
        return;
    case Kind::tightened:
        log::notice("state directory " + directory.string() + " was mode " + mode +
                    ", readable by others: tightened to " + octal(kPrivateDirectory));
        return;
    }
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
