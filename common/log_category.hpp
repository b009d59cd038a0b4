// SPDX-License-Identifier: Apache-2.0
// A named logging category per component (libcamera style), so that one
// component can be switched to debug without drowning the journal in
// everyone else's. A category without a threshold of its own follows the
// global one (log::set_threshold, the config's log_level).
//
// Categories are switched by KTPEL_LOG, read once when the first category
// is made: comma-separated name:level items, "*" for every category, e.g.
// KTPEL_LOG="kip:debug,usb:debug" (docs/logging.md).
//
// As with the free functions: never pass payload bytes, biometric data or
// full NIKs, at any level.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "common/log.hpp"

namespace ktpel::log {

class Category
{
public:
    // Only category() makes categories, so that each name has one and
    // every one takes the thresholds configured for its name.
    struct MadeByRegistry
    {
        explicit MadeByRegistry() = default;
    };
    Category(MadeByRegistry, std::string_view name) : name_(name) {}
    Category(const Category&) = delete;
    Category& operator=(const Category&) = delete;

    std::string_view name() const noexcept { return name_; }
    // Whether a message at `level` would be written; callers building an
    // expensive message ask first.
    bool enabled(Level level) const noexcept;
    // Lines read "<7>kip: message": the sd-daemon priority, then the name.
    void write(Level level, std::string_view message) const;

    void error(std::string_view message) const { write(Level::error, message); }
    void warning(std::string_view message) const { write(Level::warning, message); }
    void notice(std::string_view message) const { write(Level::notice, message); }
    void info(std::string_view message) const { write(Level::info, message); }
    void debug(std::string_view message) const { write(Level::debug, message); }

    // Gives this category a threshold of its own, instead of the global.
    void set_threshold(Level level) noexcept;

private:
    static constexpr int kFollowGlobal = 0;

    std::string name_;
    std::atomic<int> threshold_{kFollowGlobal}; // a Level, or kFollowGlobal
};

// Applies a category spec ("kip:debug,usb:debug", "*:debug") to the
// categories that exist and to those made later. All or nothing: on a
// malformed spec nothing changes and `error` (when given) says why.
bool configure(std::string_view spec, std::string* error = nullptr);

// The category of that name, made on first use and kept for the life of
// the process. What KTPEL_LOG_CATEGORY uses; also lets tests look at a
// category by name.
Category& category(std::string_view name);

} // namespace ktpel::log

// Defines `ktpel::log::Category& log_<id>()`, the category named `name`,
// made on first use so no static initialisation order can bite. Use it in
// one .cpp per component (or a header shared by the component's files).
#define KTPEL_LOG_CATEGORY(id, name)                                                               \
    inline ::ktpel::log::Category& log_##id()                                                      \
    {                                                                                              \
        static ::ktpel::log::Category& made = ::ktpel::log::category(name);                        \
        return made;                                                                               \
    }
