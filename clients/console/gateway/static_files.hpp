// SPDX-License-Identifier: Apache-2.0
// The console's pages, scripts and styles, served from one directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ktpel::console {

struct StaticFile
{
    std::string content_type;
    std::string body;
};

class StaticFiles
{
public:
    explicit StaticFiles(std::filesystem::path root);

    // The file a request target names ("/" is index.html), or nullopt when
    // there is none, or the target tries to leave the root (.., an encoded
    // slash or dot, a symlink out), or is not a regular file.
    std::optional<StaticFile> find(std::string_view target) const;

    const std::filesystem::path& root() const noexcept { return root_; }

private:
    std::filesystem::path root_; // canonical
};

// By extension; text types carry charset=utf-8. Unknown: application/octet-stream.
std::string content_type_for(const std::filesystem::path& file);

} // namespace ktpel::console
