// SPDX-License-Identifier: Apache-2.0
#include "atomic_file_write.hpp"

#include <cerrno>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unique_fd.hpp"

namespace ktpel {
namespace {

// Called right after the failing call; reads errno before anything
// (building the message) may change it.
[[noreturn]] void fail(const char* step, const std::filesystem::path& file)
{
    const std::error_code reason(errno, std::generic_category());
    throw AtomicWriteError(reason, step, file);
}

void write_all(int fd, std::span<const std::uint8_t> bytes, const std::filesystem::path& file)
{
    std::size_t written = 0;
    while (written < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("cannot write", file);
        written += static_cast<std::size_t>(n);
    }
}

} // namespace

void write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                           mode_t mode)
{
    auto temporary = path;
    temporary += ".tmp";
    {
        // Created with `mode` from the first byte: the users write keys and
        // personal data.
        UniqueFd file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
        if (!file)
            fail("cannot create", temporary);
        // A temporary file left by a killed writer keeps its old mode
        // through O_TRUNC, and the umask may have narrowed a new one: set it.
        if (::fchmod(file.get(), mode) != 0)
            fail("cannot set the mode of", temporary);
        write_all(file.get(), bytes, temporary);
        if (::fsync(file.get()) != 0)
            fail("cannot flush", temporary);
        // Some file systems report a failed write-back only at close.
        if (file.close_checked() != 0)
            fail("cannot close", temporary);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0)
        fail("cannot rename into", path);
    // The rename is an entry in the directory: until the directory reaches
    // the disk, a power cut may bring back the old file.
    const auto directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const UniqueFd directory_fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!directory_fd)
        fail("cannot open directory", directory);
    if (::fsync(directory_fd.get()) != 0)
        fail("cannot flush directory", directory);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text, mode_t mode)
{
    write_file_atomically(
        path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), mode);
}

} // namespace ktpel
