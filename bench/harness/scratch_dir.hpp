// SPDX-License-Identifier: Apache-2.0
// A fresh directory for one bench run (the daemon's sockets, register and
// log, the replay server's socket), removed with everything in it.
#pragma once

#include <filesystem>
#include <string>

namespace ktpel::bench {

class ScratchDir
{
public:
    // The directory is <$TMPDIR or /tmp>/<prefix>-XXXXXX.
    explicit ScratchDir(const std::string& prefix);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace ktpel::bench
