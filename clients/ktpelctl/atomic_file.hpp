// SPDX-License-Identifier: Apache-2.0
// An output file written all or nothing: bytes go to "<target>.part",
// renamed over the target on commit(); dropped uncommitted, the partial
// file is removed. An interrupted run never leaves a truncated image or
// half a register that looks like a whole one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>

namespace ktpelctl {

class AtomicFile
{
public:
    enum class Access
    {
        usual,      // as the umask allows
        owner_only, // 0600: personal data (full NIKs) must not be world-readable
    };

    // Creates the partial file at once, so an unwritable path fails before
    // any work is asked of the daemon. Throws LocalIoError.
    explicit AtomicFile(std::filesystem::path target, Access access = Access::usual);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ostream& stream() { return out_; }
    void write(std::span<const std::uint8_t> bytes);
    // Flushes, closes and renames; throws LocalIoError on any failure.
    void commit();

    const std::filesystem::path& target() const noexcept { return target_; }

private:
    std::filesystem::path target_;
    std::filesystem::path partial_;
    std::ofstream out_;
    bool committed_ = false;
};

} // namespace ktpelctl
