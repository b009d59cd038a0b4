// SPDX-License-Identifier: Apache-2.0
// The KTP-el front as data (config/card/ktp-el.yaml): where every text,
// the photo and the signature go, in millimetres from the card's top-left
// corner, and how each text may give way when it is too long.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ktpel::card {

struct MmRect
{
    double x_mm = 0;
    double y_mm = 0;
    double width_mm = 0;
    double height_mm = 0;
};

struct Rgb
{
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
};

struct FontSpec
{
    std::string family; // a fontconfig family; Pango falls back per character
    bool bold = false;
    double size_pt = 0;
};

enum class Align
{
    left,
    centre,
    right
};

// A piece of the value template: literal text, or a CardData field.
struct TemplatePart
{
    bool is_field = false;
    std::string text; // the literal, or the field name
};

// One printed text: an optional label ("Nama" + ":") and a value box.
struct TextElement
{
    std::string name; // the element's key in the file; named in errors
    std::vector<TemplatePart> value;
    bool required = true; // every field in `value` must be non-empty
    std::optional<std::string> label;
    double label_x_mm = 0;
    std::optional<double> colon_x_mm; // no colon when absent
    FontSpec label_font;
    MmRect box;
    FontSpec font;
    Align align = Align::left;
    // Overflow: shrink down to min_size_pt on one line, then wrap to at most
    // max_lines (each line within the box); beyond that the card is refused.
    double min_size_pt = 0;
    int max_lines = 1;
};

struct CardLayout
{
    std::string source; // file the layout came from, for messages
    double width_mm = 85.60;
    double height_mm = 53.98;
    int dpi = 300;
    std::uint32_t width_dots = 1016;
    std::uint32_t height_dots = 648;

    Rgb background_top;
    Rgb background_bottom;
    Rgb text_colour; // printed with the K (resin black) panel

    std::vector<TextElement> texts;
    MmRect photo;
    MmRect signature;
    std::optional<MmRect> chip_window; // no overlay here
    bool overlay_clear_signature = false;
};

// Reads and checks a layout file. Throws config::ConfigError located at
// the offending node ("file:line:column: message") for a malformed file,
// an unknown key or field name, a box outside the card, or a minimum size
// larger than the size.
CardLayout load_card_layout(const std::string& path);
CardLayout parse_card_layout(const std::string& yaml_text, const std::string& source_name);

} // namespace ktpel::card
