// SPDX-License-Identifier: Apache-2.0
#include "card_layout.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "daemon/card/card_fields.hpp"
#include "daemon/config/config_error.hpp"
#include "daemon/config/yaml_map_reader.hpp"

namespace ktpel::card {
namespace {

using config::YamlMapReader;

double number(const YamlMapReader& reader, const std::string& key, double min, double max)
{
    const auto value = reader.required(key);
    const auto text = value.IsScalar() ? value.Scalar() : std::string{};
    double parsed = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
        !std::isfinite(parsed))
        reader.fail(value, "\"" + key + "\" must be a number");
    if (parsed < min || parsed > max) {
        std::ostringstream range;
        range << "\"" << key << "\" must be between " << min << " and " << max;
        reader.fail(value, range.str());
    }
    return parsed;
}

std::optional<double> optional_number(const YamlMapReader& reader, const std::string& key,
                                      double min, double max)
{
    if (!reader.has(key))
        return std::nullopt;
    return number(reader, key, min, max);
}

Rgb colour(const YamlMapReader& reader, const std::string& key)
{
    const auto text = reader.string(key);
    const auto is_hex = [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
    };
    if (text.size() != 7 || text[0] != '#' || !std::all_of(text.begin() + 1, text.end(), is_hex))
        reader.fail(reader.required(key), "\"" + key + "\" must be a colour \"#rrggbb\"");
    const auto byte = [&](std::size_t at) {
        return static_cast<std::uint8_t>(std::stoi(text.substr(at, 2), nullptr, 16));
    };
    return Rgb{byte(1), byte(3), byte(5)};
}

MmRect rect(const YAML::Node& node, const std::string& file, const std::string& what,
            const CardLayout& card)
{
    const YamlMapReader reader(node, file, what, {"x_mm", "y_mm", "width_mm", "height_mm"});
    MmRect r;
    r.x_mm = number(reader, "x_mm", 0, card.width_mm);
    r.y_mm = number(reader, "y_mm", 0, card.height_mm);
    r.width_mm = number(reader, "width_mm", 0.1, card.width_mm);
    r.height_mm = number(reader, "height_mm", 0.1, card.height_mm);
    // A box hanging off the card would print off the edge: silently lost.
    if (r.x_mm + r.width_mm > card.width_mm + 1e-9 || r.y_mm + r.height_mm > card.height_mm + 1e-9)
        config::fail_at(file, node, what + " extends beyond the card");
    return r;
}

FontSpec font(const YAML::Node& node, const std::string& file, const std::string& what)
{
    const YamlMapReader reader(node, file, what, {"family", "weight", "size_pt"});
    FontSpec f;
    f.family = reader.string("family");
    const auto weight = reader.optional_string("weight").value_or("normal");
    if (weight != "normal" && weight != "bold")
        reader.fail(reader.required("weight"), "\"weight\" must be normal or bold in " + what);
    f.bold = weight == "bold";
    f.size_pt = number(reader, "size_pt", 2, 40);
    return f;
}

std::vector<TemplatePart> value_template(const YAML::Node& node, const std::string& file,
                                         const std::string& text)
{
    std::vector<TemplatePart> parts;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto open = text.find('{', at);
        const auto close_stray = text.find('}', at);
        if (close_stray < open)
            config::fail_at(file, node, "unmatched \"}\" in \"" + text + "\"");
        if (open == std::string::npos) {
            parts.push_back({false, text.substr(at)});
            break;
        }
        if (open > at)
            parts.push_back({false, text.substr(at, open - at)});
        const auto close = text.find('}', open);
        if (close == std::string::npos)
            config::fail_at(file, node, "unclosed \"{\" in \"" + text + "\"");
        const auto name = text.substr(open + 1, close - open - 1);
        if (!card_field(name)) {
            std::string known;
            for (const auto& field : chip::kBiographicFields)
                known += (known.empty() ? "" : ", ") + std::string(field.name);
            config::fail_at(file, node, "unknown field \"" + name + "\" (known: " + known + ")");
        }
        parts.push_back({true, name});
        at = close + 1;
    }
    return parts;
}

struct LabelDefaults
{
    FontSpec font;
    double x_mm = 0;
    double colon_x_mm = 0;
};

TextElement text_element(const std::string& name, const YAML::Node& node, const std::string& file,
                         const LabelDefaults& labels, const CardLayout& card)
{
    const std::string what = "text \"" + name + "\"";
    const YamlMapReader reader(node, file, what,
                               {"label", "label_x_mm", "colon_x_mm", "label_font", "value",
                                "required", "box", "font", "align", "overflow"});
    TextElement e;
    e.name = name;
    // Without "value" the element prints the field of its own name, so an
    // element key must then be a field name: a typo cannot pass unnoticed.
    const auto value = reader.optional_string("value").value_or("{" + name + "}");
    e.value = value_template(reader.has("value") ? reader.required("value") : node, file, value);
    e.required = reader.boolean("required", true);
    e.label = reader.optional_string("label");
    e.label_x_mm = optional_number(reader, "label_x_mm", 0, card.width_mm).value_or(labels.x_mm);
    if (e.label)
        e.colon_x_mm =
            optional_number(reader, "colon_x_mm", 0, card.width_mm).value_or(labels.colon_x_mm);
    e.label_font = reader.has("label_font")
                       ? font(reader.required("label_font"), file, what + " label_font")
                       : labels.font;
    e.box = rect(reader.required("box"), file, what + " box", card);
    e.font = font(reader.required("font"), file, what + " font");
    const auto align = reader.optional_string("align").value_or("left");
    if (align == "left")
        e.align = Align::left;
    else if (align == "centre" || align == "center")
        e.align = Align::centre;
    else if (align == "right")
        e.align = Align::right;
    else
        reader.fail(reader.required("align"), "\"align\" must be left, centre or right");

    const YamlMapReader overflow(reader.required("overflow"), file, what + " overflow",
                                 {"min_size_pt", "max_lines"});
    e.min_size_pt = number(overflow, "min_size_pt", 2, 40);
    if (e.min_size_pt > e.font.size_pt)
        overflow.fail(overflow.required("min_size_pt"),
                      "\"min_size_pt\" must not exceed the font's size_pt");
    e.max_lines = static_cast<int>(overflow.integer_in("max_lines", 1, 1, 6));
    return e;
}

} // namespace

CardLayout parse_card_layout(const std::string& yaml_text, const std::string& file)
{
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        throw config::ConfigError(file, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
    CardLayout layout;
    layout.source = file;
    const YamlMapReader top(
        root, file, "the card layout",
        {"card", "colours", "labels", "texts", "photo", "signature", "chip_window", "overlay"});

    const YamlMapReader card(top.required("card"), file, "\"card\"",
                             {"width_mm", "height_mm", "dpi", "width_dots", "height_dots"});
    layout.width_mm = number(card, "width_mm", 10, 200);
    layout.height_mm = number(card, "height_mm", 10, 200);
    layout.dpi = static_cast<int>(card.integer_in("dpi", 300, 72, 1200));
    layout.width_dots = static_cast<std::uint32_t>(card.integer_in("width_dots", 1016, 16, 10000));
    layout.height_dots = static_cast<std::uint32_t>(card.integer_in("height_dots", 648, 16, 10000));
    if (layout.width_mm * layout.dpi / 25.4 > layout.width_dots + 0.5 ||
        layout.height_mm * layout.dpi / 25.4 > layout.height_dots + 0.5)
        card.fail(card.mapping(), "the card does not fit in width_dots x height_dots at this dpi");

    const YamlMapReader colours(top.required("colours"), file, "\"colours\"",
                                {"background_top", "background_bottom", "text"});
    layout.background_top = colour(colours, "background_top");
    layout.background_bottom = colour(colours, "background_bottom");
    layout.text_colour = colour(colours, "text");

    const YamlMapReader labels_reader(top.required("labels"), file, "\"labels\"",
                                      {"font", "x_mm", "colon_x_mm"});
    LabelDefaults labels;
    labels.font = font(labels_reader.required("font"), file, "\"labels\" font");
    labels.x_mm = number(labels_reader, "x_mm", 0, layout.width_mm);
    labels.colon_x_mm = number(labels_reader, "colon_x_mm", 0, layout.width_mm);

    const auto texts = top.required("texts");
    if (!texts.IsMap() || texts.size() == 0)
        top.fail(texts, "\"texts\" must be a non-empty mapping of element name to element");
    // Keys are checked for duplicates by a reader that accepts any name.
    std::vector<std::string> names;
    for (const auto& entry : texts) {
        const auto name = entry.first.Scalar();
        if (std::find(names.begin(), names.end(), name) != names.end())
            config::fail_at(file, entry.first, "text \"" + name + "\" is written twice");
        names.push_back(name);
        if (!entry.second.IsMap())
            config::fail_at(file, entry.second, "text \"" + name + "\" must be a mapping");
        layout.texts.push_back(text_element(name, entry.second, file, labels, layout));
    }

    layout.photo = rect(top.required("photo"), file, "\"photo\"", layout);
    layout.signature = rect(top.required("signature"), file, "\"signature\"", layout);
    if (top.has("chip_window"))
        layout.chip_window = rect(top.required("chip_window"), file, "\"chip_window\"", layout);
    if (top.has("overlay")) {
        const YamlMapReader overlay(top.required("overlay"), file, "\"overlay\"",
                                    {"clear_signature"});
        layout.overlay_clear_signature = overlay.boolean("clear_signature", false);
    }
    return layout;
}

CardLayout load_card_layout(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw config::ConfigError(path, 1, 1, "cannot read the card layout file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_card_layout(text.str(), path);
}

} // namespace ktpel::card
