// SPDX-License-Identifier: Apache-2.0
#include "arg_reader.hpp"

namespace ktpel::daemon {

ArgReader::ArgReader(const nlohmann::json& args, std::set<std::string> known) : args_(args)
{
    for (const auto& [key, value] : args_.items()) {
        if (!known.contains(key))
            throw ProtocolError(ErrorCode::invalid_args, "unknown argument \"" + key + "\"",
                                {{"arg", key}});
    }
}

void ArgReader::fail(const char* name, const std::string& message) const
{
    throw ProtocolError(ErrorCode::invalid_args,
                        std::string("argument \"") + name + "\" " + message, {{"arg", name}});
}

std::optional<std::string> ArgReader::string(const char* name, std::size_t max_length) const
{
    const auto it = args_.find(name);
    if (it == args_.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string())
        fail(name, "must be a string");
    const auto& text = it->get_ref<const std::string&>();
    if (text.size() > max_length)
        fail(name, "is longer than " + std::to_string(max_length) + " bytes");
    return text;
}

std::string ArgReader::required_string(const char* name, std::size_t max_length) const
{
    auto value = string(name, max_length);
    if (!value)
        fail(name, "is required");
    return *value;
}

std::optional<std::int64_t> ArgReader::integer(const char* name, std::int64_t min,
                                               std::int64_t max) const
{
    const auto it = args_.find(name);
    if (it == args_.end() || it->is_null())
        return std::nullopt;
    // Floats, huge unsigned numbers and strings are all refused: an
    // integer argument must be an exact integer in range.
    if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
        fail(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    if (!it->is_number_integer())
        fail(name, "must be an integer");
    const auto value = it->get<std::int64_t>();
    if (value < min || value > max)
        fail(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return value;
}

std::optional<bool> ArgReader::boolean(const char* name) const
{
    const auto it = args_.find(name);
    if (it == args_.end() || it->is_null())
        return std::nullopt;
    if (!it->is_boolean())
        fail(name, "must be true or false");
    return it->get<bool>();
}

} // namespace ktpel::daemon
