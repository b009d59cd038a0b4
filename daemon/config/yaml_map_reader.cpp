// SPDX-License-Identifier: Apache-2.0
#include "yaml_map_reader.hpp"

#include <charconv>
#include <set>

#include "config_error.hpp"

namespace ktpel::config {

void fail_at(const std::string& file, const YAML::Node& at, const std::string& message)
{
    const auto mark = at.Mark();
    throw ConfigError(file, mark.line + 1, mark.column + 1, message);
}

YamlMapReader::YamlMapReader(const YAML::Node& node, const std::string& file, std::string what,
                             std::initializer_list<std::string_view> known_keys)
    : node_(node), file_(file), what_(std::move(what))
{
    if (!node.IsMap())
        fail(node, what_ + " must be a mapping");
    const std::set<std::string_view> known(known_keys);
    std::set<std::string> seen;
    for (const auto& entry : node) {
        if (!entry.first.IsScalar())
            fail(entry.first, "the keys of " + what_ + " must be plain words");
        const auto& key = entry.first.Scalar();
        if (!known.contains(key)) {
            std::string list;
            for (const auto& k : known)
                list += (list.empty() ? "" : ", ") + std::string(k);
            fail(entry.first, "unknown key \"" + key + "\" in " + what_ + " (known: " + list + ")");
        }
        // yaml-cpp keeps both copies of a repeated key and answers with the
        // first: the second would be silently ignored.
        if (!seen.insert(key).second)
            fail(entry.first, "key \"" + key + "\" is written twice in " + what_);
        // Pointing at the key: an empty value has no position of its own
        // (yaml-cpp reports wherever the next token starts).
        if (entry.second.IsNull())
            fail(entry.first, "\"" + key + "\" has no value in " + what_ +
                                  " (give one, write [] for an empty list, or leave the key out)");
    }
}

void YamlMapReader::fail(const YAML::Node& at, const std::string& message) const
{
    fail_at(file_, at, message);
}

YAML::Node YamlMapReader::required(const std::string& key) const
{
    const auto value = node_[key];
    if (!value)
        fail(node_, "missing required key \"" + key + "\" in " + what_);
    return value;
}

std::string YamlMapReader::scalar_of(const std::string& label, const YAML::Node& value) const
{
    if (!value.IsScalar())
        fail(value, label + " must be a text value in " + what_);
    if (value.Scalar().empty())
        fail(value, label + " must not be empty in " + what_);
    return value.Scalar();
}

std::string YamlMapReader::string(const std::string& key) const
{
    return scalar_of("\"" + key + "\"", required(key));
}

std::optional<std::string> YamlMapReader::optional_string(const std::string& key) const
{
    const auto value = node_[key];
    if (!value)
        return std::nullopt;
    return scalar_of("\"" + key + "\"", value);
}

int YamlMapReader::integer(const std::string& key) const
{
    const auto value = required(key);
    const auto text = value.IsScalar() ? value.Scalar() : std::string{};
    int parsed = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        fail(value, "\"" + key + "\" must be a whole number in " + what_);
    return parsed;
}

std::uint64_t YamlMapReader::integer_in(const std::string& key, std::uint64_t fallback,
                                        std::uint64_t min, std::uint64_t max) const
{
    const auto value = node_[key];
    if (!value)
        return fallback;
    const auto text = value.IsScalar() ? value.Scalar() : std::string{};
    std::uint64_t parsed = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        fail(value, "\"" + key + "\" must be a non-negative integer in " + what_);
    if (parsed < min || parsed > max)
        fail(value, "\"" + key + "\" must be between " + std::to_string(min) + " and " +
                        std::to_string(max));
    return parsed;
}

bool YamlMapReader::boolean(const std::string& key, bool fallback) const
{
    const auto value = node_[key];
    if (!value)
        return fallback;
    bool parsed = false;
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, parsed))
        fail(value, "\"" + key + "\" must be true or false in " + what_);
    return parsed;
}

std::vector<YAML::Node> YamlMapReader::items(const std::string& key) const
{
    const auto value = node_[key];
    if (!value)
        return {};
    if (!value.IsSequence())
        fail(value, "\"" + key + "\" must be a list in " + what_);
    std::vector<YAML::Node> list;
    for (const auto& item : value)
        list.push_back(item);
    return list;
}

std::vector<std::string> YamlMapReader::strings(const std::string& key) const
{
    std::vector<std::string> list;
    for (const auto& item : items(key))
        list.push_back(scalar_of("each item of \"" + key + "\"", item));
    return list;
}

} // namespace ktpel::config
