// SPDX-License-Identifier: Apache-2.0
#include "scratch_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace ktpel::bench {

ScratchDir::ScratchDir(const std::string& prefix)
{
    const char* base = std::getenv("TMPDIR");
    // ipc:// paths must fit sockaddr_un (108 bytes), so stay near the root.
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
    path_ = pattern;
}

ScratchDir::~ScratchDir()
{
    std::error_code ignored; // nothing useful to do about it during unwinding
    std::filesystem::remove_all(path_, ignored);
}

} // namespace ktpel::bench
