// SPDX-License-Identifier: Apache-2.0
#include "log.hpp"

#include <atomic>
#include <string>

#include <unistd.h>

namespace ktpel::log {
namespace {

std::atomic<Level> global_threshold{Level::info};

} // namespace

void set_threshold(Level level)
{
    global_threshold = level;
}

Level threshold()
{
    return global_threshold.load();
}

bool parse_level(std::string_view text, Level& level)
{
    if (text == "error")
        level = Level::error;
    else if (text == "warning")
        level = Level::warning;
    else if (text == "notice")
        level = Level::notice;
    else if (text == "info")
        level = Level::info;
    else if (text == "debug")
        level = Level::debug;
    else
        return false;
    return true;
}

void write(Level level, std::string_view message)
{
    if (static_cast<int>(level) > static_cast<int>(global_threshold.load()))
        return;
    emit(level, {}, message);
}

void emit(Level level, std::string_view tag, std::string_view message)
{
    // One write(2) per line so lines from the loop and worker threads never
    // interleave mid-line.
    std::string line = "<" + std::to_string(static_cast<int>(level)) + ">";
    if (!tag.empty())
        line.append(tag).append(": ");
    line.append(message);
    line.push_back('\n');
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored; // nowhere left to report a failing stderr
}

} // namespace ktpel::log
