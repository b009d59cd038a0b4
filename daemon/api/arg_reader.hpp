// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include <ktpel/error.hpp>

namespace ktpel::daemon {

// Typed access to a request's args. Every mistake is an invalid_args
// error naming the argument; unknown arguments are refused too, so a
// misspelt option never silently does nothing.
class ArgReader
{
public:
    ArgReader(const nlohmann::json& args, std::set<std::string> known);

    std::optional<std::string> string(const char* name, std::size_t max_length = 256) const;
    std::string required_string(const char* name, std::size_t max_length = 256) const;
    std::optional<std::int64_t> integer(const char* name, std::int64_t min, std::int64_t max) const;
    std::optional<bool> boolean(const char* name) const;
    const nlohmann::json& raw() const noexcept { return args_; }

private:
    [[noreturn]] void fail(const char* name, const std::string& message) const;
    const nlohmann::json& args_;
};

} // namespace ktpel::daemon
