// SPDX-License-Identifier: Apache-2.0
#include "atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include "errors.hpp"

namespace ktpelctl {
namespace {

std::string failure(const std::string& what, const std::filesystem::path& path)
{
    return what + " " + path.string() + ": " + std::strerror(errno);
}

} // namespace

AtomicFile::AtomicFile(std::filesystem::path target, Access access)
    : target_(std::move(target)), partial_(target_.string() + ".part")
{
    errno = 0;
    out_.open(partial_, std::ios::binary | std::ios::trunc);
    if (!out_)
        throw LocalIoError(failure("cannot create", partial_) + " (to become " + target_.string() +
                           ")");
    if (access == Access::owner_only) {
        std::error_code error;
        std::filesystem::permissions(
            partial_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            error);
        if (error)
            throw LocalIoError("cannot restrict access to " + partial_.string() + ": " +
                               error.message());
    }
}

AtomicFile::~AtomicFile()
{
    if (committed_)
        return;
    out_.close();
    std::error_code ignored; // best effort: the error that got us here matters more
    std::filesystem::remove(partial_, ignored);
}

void AtomicFile::write(std::span<const std::uint8_t> bytes)
{
    errno = 0;
    out_.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    if (!out_)
        throw LocalIoError(failure("cannot write", partial_));
}

void AtomicFile::commit()
{
    errno = 0;
    out_.close();
    if (!out_)
        throw LocalIoError(failure("cannot write", partial_));
    std::error_code error;
    std::filesystem::rename(partial_, target_, error);
    if (error)
        throw LocalIoError("cannot rename " + partial_.string() + " to " + target_.string() + ": " +
                           error.message());
    committed_ = true;
}

} // namespace ktpelctl
