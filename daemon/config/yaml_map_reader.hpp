// SPDX-License-Identifier: Apache-2.0
// Reads one mapping of an SOP file strictly: every key must be known and
// written once, every value of the right type, and each complaint points at
// the offending node as config::ConfigError ("file:line:column: message").
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace ktpel::config {

// Throws config::ConfigError located at `at` (1-based line and column).
[[noreturn]] void fail_at(const std::string& file, const YAML::Node& at,
                          const std::string& message);

class YamlMapReader
{
public:
    // `what` names the mapping in messages ("step \"validate_file\"").
    YamlMapReader(const YAML::Node& node, const std::string& file, std::string what,
                  std::initializer_list<std::string_view> known_keys);

    [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const;

    const YAML::Node& mapping() const { return node_; }
    bool has(const std::string& key) const { return static_cast<bool>(node_[key]); }
    // The value of a key that must be there.
    YAML::Node required(const std::string& key) const;

    // A non-empty scalar: required, or absent -> nullopt.
    std::string string(const std::string& key) const;
    std::optional<std::string> optional_string(const std::string& key) const;
    int integer(const std::string& key) const;
    // An optional non-negative integer within [min, max].
    std::uint64_t integer_in(const std::string& key, std::uint64_t fallback, std::uint64_t min,
                             std::uint64_t max) const;
    bool boolean(const std::string& key, bool fallback) const;
    // A list of non-empty scalars; absent -> empty.
    std::vector<std::string> strings(const std::string& key) const;
    // A list whose items the caller reads; absent -> an empty list.
    std::vector<YAML::Node> items(const std::string& key) const;

private:
    // `label` names the value in messages: "\"title_en\"".
    std::string scalar_of(const std::string& label, const YAML::Node& value) const;

    YAML::Node node_;
    std::string file_;
    std::string what_;
};

} // namespace ktpel::config
