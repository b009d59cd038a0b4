// SPDX-License-Identifier: Apache-2.0
// Plain-text tables for the human output of ktpelctl.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ktpelctl {

// Left-aligned columns two spaces apart, widths from the widest cell, so
// the output stays readable in any terminal and greppable in logs.
class Table
{
public:
    explicit Table(std::vector<std::string> headings);

    void add_row(std::vector<std::string> cells);
    void print(std::ostream& out) const;
    bool empty() const noexcept { return rows_.empty(); }

private:
    std::vector<std::string> headings_;
    std::vector<std::vector<std::string>> rows_;
};

// The value at `pointer` (e.g. "/identity/serial") as cell text: strings
// as they are, other values as compact JSON, "-" when missing, null or
// empty, so every column always has something in it.
std::string cell(const nlohmann::json& object, std::string_view pointer);

} // namespace ktpelctl
