// SPDX-License-Identifier: Apache-2.0
#include "log_tail.hpp"

#include <deque>
#include <fstream>

namespace ktpel::bench {

std::string log_tail(const std::filesystem::path& path, std::size_t lines)
{
    std::ifstream in(path);
    std::deque<std::string> kept;
    for (std::string line; std::getline(in, line);) {
        kept.push_back(line);
        if (kept.size() > lines)
            kept.pop_front();
    }
    std::string text;
    for (const auto& line : kept)
        text += "  | " + line + "\n";
    return text;
}

} // namespace ktpel::bench
