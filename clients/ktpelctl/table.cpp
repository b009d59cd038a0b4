// SPDX-License-Identifier: Apache-2.0
#include "table.hpp"

#include <algorithm>

namespace ktpelctl {

Table::Table(std::vector<std::string> headings) : headings_(std::move(headings)) {}

void Table::add_row(std::vector<std::string> cells)
{
    cells.resize(headings_.size());
    rows_.push_back(std::move(cells));
}

void Table::print(std::ostream& out) const
{
    std::vector<std::size_t> widths(headings_.size());
    for (std::size_t column = 0; column < headings_.size(); ++column) {
        widths[column] = headings_[column].size();
        for (const auto& row : rows_)
            widths[column] = std::max(widths[column], row[column].size());
    }
    const auto print_row = [&](const std::vector<std::string>& cells) {
        for (std::size_t column = 0; column < cells.size(); ++column) {
            out << cells[column];
            // No trailing blanks after the last column.
            if (column + 1 < cells.size())
                out << std::string(widths[column] - cells[column].size() + 2, ' ');
        }
        out << '\n';
    };
    print_row(headings_);
    for (const auto& row : rows_)
        print_row(row);
}

std::string cell(const nlohmann::json& object, std::string_view pointer)
{
    const nlohmann::json::json_pointer where{std::string(pointer)};
    if (!object.contains(where))
        return "-";
    const auto& value = object.at(where);
    if (value.is_null())
        return "-";
    if (value.is_string())
        return value.get_ref<const std::string&>().empty() ? "-" : value.get<std::string>();
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace ktpelctl
