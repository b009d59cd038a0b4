// SPDX-License-Identifier: Apache-2.0
// Replaces a file durably and all at once: the bytes go to "<path>.tmp"
// (created with the given mode), are flushed to the disk, renamed over
// <path>, and the directory is flushed so that the rename itself survives
// a power cut. A reader, or the file after a crash at any instant, sees
// either the old whole file or the new one, never a torn mix. One writer
// per path: two writers of the same path would share the temporary file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <sys/types.h>

namespace ktpel {

// A step of the write failed; what() reads "<step> <file>: <reason>", for
// example "cannot create /x/card.json.tmp: Permission denied". Up to the
// rename the target is left as it was (a temporary may stay behind; the
// next write of the path replaces it); a failure to open or flush the
// directory comes after it: the new file is in place but may not survive
// a power cut, so the caller must not report it as stored.
class AtomicWriteError : public std::system_error
{
public:
    AtomicWriteError(std::error_code code, const std::string& step, std::filesystem::path file)
        : std::system_error(code, step + " " + file.string()), file_(std::move(file))
    {
    }

    // The file the failed step was about: the temporary, the target or the
    // directory.
    const std::filesystem::path& file() const noexcept { return file_; }

private:
    std::filesystem::path file_;
};

// Writes `bytes` to `path` as above. The file gets `mode` whatever the
// umask, and also when a temporary left by a killed writer exists with
// another mode. Throws AtomicWriteError.
void write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                           mode_t mode);

// The same for text.
void write_file_atomically(const std::filesystem::path& path, std::string_view text, mode_t mode);

} // namespace ktpel
