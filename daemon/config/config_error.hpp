// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace ktpel::config {

// A configuration mistake, located: what() reads "file:line:column: message"
// (1-based), the form editors and compilers use.
class ConfigError : public std::runtime_error
{
public:
    ConfigError(const std::string& file, int line, int column, const std::string& message)
        : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                             ": " + message),
          line_(line), column_(column)
    {
    }
    int line() const noexcept { return line_; }
    int column() const noexcept { return column_; }

private:
    int line_;
    int column_;
};

} // namespace ktpel::config
