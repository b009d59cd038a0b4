// SPDX-License-Identifier: Apache-2.0
// Logging to stderr with sd-daemon priority prefixes ("<3>" ...), which
// journald turns into priorities. Never pass biometric data or full NIKs.
#pragma once

#include <string_view>

namespace ktpel::log {

enum class Level
{
    error = 3,
    warning = 4,
    notice = 5,
    info = 6,
    debug = 7,
};

void set_threshold(Level level);
Level threshold();
bool parse_level(std::string_view text, Level& level);
void write(Level level, std::string_view message);
// Writes whatever the threshold, `tag: ` before the message when tag is
// not empty. What write() and log::Category (common/log_category.hpp) end in.
void emit(Level level, std::string_view tag, std::string_view message);

inline void error(std::string_view message)
{
    write(Level::error, message);
}
inline void warning(std::string_view message)
{
    write(Level::warning, message);
}
inline void notice(std::string_view message)
{
    write(Level::notice, message);
}
inline void info(std::string_view message)
{
    write(Level::info, message);
}
inline void debug(std::string_view message)
{
    write(Level::debug, message);
}

} // namespace ktpel::log
