// SPDX-License-Identifier: Apache-2.0
#include "static_files.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace ktpel::console {

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::filesystem::canonical(root)) {}

std::optional<StaticFile> StaticFiles::find(std::string_view target) const
{
    // The query string never names a file.
    target = target.substr(0, target.find_first_of("?#"));
    if (target.empty() || target.front() != '/')
        return std::nullopt;
    // Percent-encoding is refused outright rather than decoded: our own
    // file names never need it, and decoding is where traversal hides.
    if (target.find('%') != std::string_view::npos || target.find('\\') != std::string_view::npos ||
        target.find('\0') != std::string_view::npos)
        return std::nullopt;
    std::string relative(target.substr(1));
    if (relative.empty() || relative.back() == '/')
        relative += "index.html";
    const std::filesystem::path path(relative);
    for (const auto& part : path) {
        if (part == ".." || part == "." || (!part.empty() && part.string().front() == '.'))
            return std::nullopt;
    }
    std::error_code error;
    const auto resolved = std::filesystem::canonical(root_ / path, error);
    if (error)
        return std::nullopt;
    // canonical() followed any symlink: what it reached must still be inside.
    const auto [root_end, inside] =
        std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
    if (root_end != root_.end() || !std::filesystem::is_regular_file(resolved, error))
        return std::nullopt;
    std::ifstream in(resolved, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream body;
    body << in.rdbuf();
    return StaticFile{content_type_for(resolved), body.str()};
}

std::string content_type_for(const std::filesystem::path& file)
{
    static const std::map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const auto found = kTypes.find(file.extension().string());
    return found == kTypes.end() ? "application/octet-stream" : found->second;
}

} // namespace ktpel::console
