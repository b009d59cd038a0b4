// SPDX-License-Identifier: Apache-2.0
#include "log_category.hpp"

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace ktpel::log {
namespace {

struct Setting
{
    std::string pattern; // a category name, or "*" for all
    Level level;
};

std::string_view trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// Parses the whole spec before anything is applied, so that a typo
// changes nothing rather than half of what was meant.
bool parse_spec(std::string_view spec, std::vector<Setting>& settings, std::string& error)
{
    while (!spec.empty()) {
        const auto comma = spec.find(',');
        const std::string_view item = trimmed(spec.substr(0, comma));
        spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
        if (item.empty())
            continue;
        const auto colon = item.find(':');
        if (colon == std::string_view::npos) {
            error = "\"" + std::string(item) + "\" is not name:level";
            return false;
        }
        const std::string_view name = trimmed(item.substr(0, colon));
        const std::string_view level_text = trimmed(item.substr(colon + 1));
        Level level{};
        if (name.empty()) {
            error = "\"" + std::string(item) + "\" names no category";
            return false;
        }
        if (!parse_level(level_text, level)) {
            error =
                "\"" + std::string(level_text) + "\" is not error, warning, notice, info or debug";
            return false;
        }
        settings.push_back({std::string(name), level});
    }
    return true;
}

// Every category, and every setting in the order given, so that a category
// made after configure() still gets what was asked for its name.
class Registry
{
public:
    Registry()
    {
        // Read here, the first time any category is used, so that the
        // daemon needs no code for it and tests can set it per process.
        if (const char* spec = std::getenv("KTPEL_LOG")) {
            std::string error;
            if (!this->configure(spec, &error))
                emit(Level::warning, "log", "KTPEL_LOG ignored: " + error);
        }
    }

    Category& category(std::string_view name)
    {
        const std::scoped_lock lock(mutex_);
        const auto found = categories_.find(name);
        if (found != categories_.end())
            return *found->second;
        auto made = std::make_unique<Category>(Category::MadeByRegistry{}, name);
        for (const Setting& setting : settings_)
            if (setting.pattern == "*" || setting.pattern == name)
                made->set_threshold(setting.level);
        return *categories_.emplace(std::string(name), std::move(made)).first->second;
    }

    bool configure(std::string_view spec, std::string* error)
    {
        std::vector<Setting> settings;
        std::string why;
        if (!parse_spec(spec, settings, why)) {
            if (error)
                *error = why;
            return false;
        }
        const std::scoped_lock lock(mutex_);
        for (const Setting& setting : settings) {
            for (auto& [name, made] : categories_)
                if (setting.pattern == "*" || setting.pattern == name)
                    made->set_threshold(setting.level);
            settings_.push_back(setting);
        }
        return true;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<Category>, std::less<>> categories_;
    std::vector<Setting> settings_;
};

Registry& registry()
{
    // A function-local static: made on first use, so categories made from
    // other static initialisers find it ready.
    static Registry made;
    return made;
}

} // namespace

bool Category::enabled(Level level) const noexcept
{
    const int own = threshold_.load(std::memory_order_relaxed);
    const int limit = own == kFollowGlobal ? static_cast<int>(threshold()) : own;
    return static_cast<int>(level) <= limit;
}

void Category::write(Level level, std::string_view message) const
{
    if (enabled(level))
        emit(level, name_, message);
}

void Category::set_threshold(Level level) noexcept
{
    threshold_.store(static_cast<int>(level), std::memory_order_relaxed);
}

bool configure(std::string_view spec, std::string* error)
{
    return registry().configure(spec, error);
}

Category& category(std::string_view name)
{
    return registry().category(name);
}

} // namespace ktpel::log
