// SPDX-License-Identifier: Apache-2.0
#include "evolis_panel_codec.hpp"

#include <algorithm>
#include <span>

namespace ktpel::evolis {
namespace {

constexpr std::uint8_t kRunFlag = 0x80;
constexpr std::uint8_t kRunPlus256 = 0x20;
constexpr std::uint8_t kRunPlus512 = 0x40; // with kRunPlus256: +512 in all
constexpr std::uint8_t kLevelMask = 0x1f;
constexpr std::size_t kLongestRun = 255 + 256 + 256;
constexpr std::uint8_t kBlankLine = 0x00;
constexpr std::uint8_t kFullLine = 0xff;

drivers::Panel blank(std::uint32_t width, std::uint32_t height, std::uint8_t levels)
{
    drivers::Panel panel;
    panel.width = width;
    panel.height = height;
    panel.levels = levels;
    panel.dots.assign(std::size_t{width} * height, 0);
    return panel;
}

void check(const drivers::Panel& panel)
{
    bits_per_dot(panel.levels);
    if (panel.dots.size() != std::size_t{panel.width} * panel.height)
        throw PanelCodecError("panel has " + std::to_string(panel.dots.size()) +
                              " dots, not width x height");
    for (const auto dot : panel.dots)
        if (dot >= panel.levels)
            throw PanelCodecError("dot level out of range");
}

std::size_t line_bytes(std::uint32_t width)
{
    return (std::size_t{width} + 7) / 8;
}

void encode_levels_line(std::span<const std::uint8_t> line, std::string& out)
{
    std::size_t i = 0;
    while (i < line.size()) {
        const std::uint8_t value = line[i];
        std::size_t run = 1;
        while (i + run < line.size() && line[i + run] == value)
            ++run;
        if (value == 0 && i + run == line.size()) {
            // Blank to the end of the line: one code, however long.
            out.push_back(static_cast<char>(kRunFlag));
            out.push_back(0);
            return;
        }
        i += run;
        while (run > 0) {
            const std::size_t chunk = std::min(run, kLongestRun);
            run -= chunk;
            if (chunk == 1) {
                out.push_back(static_cast<char>(value));
                continue;
            }
            const std::size_t extra = chunk > 511 ? 2 : chunk > 255 ? 1 : 0;
            std::uint8_t head = kRunFlag | value;
            if (extra >= 1)
                head |= kRunPlus256;
            if (extra == 2)
                head |= kRunPlus512;
            out.push_back(static_cast<char>(head));
            out.push_back(static_cast<char>(chunk - 256 * extra));
        }
    }
}

void encode_bits_line(std::span<const std::uint8_t> line, std::string& out)
{
    if (std::all_of(line.begin(), line.end(), [](auto dot) { return dot == 0; })) {
        out.push_back(static_cast<char>(kBlankLine));
        return;
    }
    if (std::all_of(line.begin(), line.end(), [](auto dot) { return dot == 1; })) {
        out.push_back(static_cast<char>(kFullLine));
        return;
    }
    std::string bytes(line_bytes(static_cast<std::uint32_t>(line.size())), '\0');
    for (std::size_t x = 0; x < line.size(); ++x)
        if (line[x])
            bytes[x / 8] = static_cast<char>(bytes[x / 8] | (0x80 >> (x % 8)));
    std::size_t used = bytes.size();
    while (used > 0 && bytes[used - 1] == 0)
        --used;
    out.push_back(static_cast<char>(used));
    out.append(bytes, 0, used);
}

} // namespace

unsigned bits_per_dot(std::uint8_t levels)
{
    if (levels == 32)
        return 5;
    if (levels == 2)
        return 1;
    throw PanelCodecError("the printer takes 32 or 2 levels, not " + std::to_string(levels));
}

std::size_t raw_size(std::uint32_t width, std::uint32_t height, std::uint8_t levels)
{
    return (std::size_t{width} * height * bits_per_dot(levels) + 7) / 8;
}

std::string encode_raw(const drivers::Panel& panel)
{
    check(panel);
    const unsigned bits = bits_per_dot(panel.levels);
    std::string out(raw_size(panel.width, panel.height, panel.levels), '\0');
    std::size_t bit = 0;
    for (const auto dot : panel.dots)
        for (unsigned b = bits; b-- > 0; ++bit)
            if ((dot >> b) & 1u)
                out[bit / 8] = static_cast<char>(out[bit / 8] | (0x80 >> (bit % 8)));
    return out;
}

drivers::Panel decode_raw(std::string_view data, std::uint32_t width, std::uint32_t height,
                          std::uint8_t levels)
{
    const unsigned bits = bits_per_dot(levels);
    if (data.size() != raw_size(width, height, levels))
        throw PanelCodecError("raw panel is " + std::to_string(data.size()) + " bytes, expected " +
                              std::to_string(raw_size(width, height, levels)));
    auto panel = blank(width, height, levels);
    std::size_t bit = 0;
    for (auto& dot : panel.dots) {
        unsigned value = 0;
        for (unsigned b = 0; b < bits; ++b, ++bit)
            value =
                (value << 1) | ((static_cast<std::uint8_t>(data[bit / 8]) >> (7 - bit % 8)) & 1u);
        dot = static_cast<std::uint8_t>(value);
    }
    return panel;
}

std::string encode_compressed(const drivers::Panel& panel)
{
    check(panel);
    if (panel.levels == 2 && line_bytes(panel.width) >= kFullLine)
        throw PanelCodecError("line too wide for the compressed bit-row layout");
    std::string out;
    for (std::uint32_t y = 0; y < panel.height; ++y) {
        const std::span<const std::uint8_t> line(panel.dots.data() + std::size_t{y} * panel.width,
                                                 panel.width);
        if (panel.levels == 2)
            encode_bits_line(line, out);
        else
            encode_levels_line(line, out);
    }
    return out;
}

drivers::Panel decode_compressed(std::string_view data, std::uint32_t width, std::uint32_t height,
                                 std::uint8_t levels)
{
    bits_per_dot(levels);
    auto panel = blank(width, height, levels);
    std::size_t pos = 0;
    const auto next = [&]() -> std::uint8_t {
        if (pos >= data.size())
            throw PanelCodecError("compressed panel ends early");
        return static_cast<std::uint8_t>(data[pos++]);
    };
    for (std::uint32_t y = 0; y < height; ++y) {
        auto* line = panel.dots.data() + std::size_t{y} * width;
        if (levels == 2) {
            const std::uint8_t head = next();
            if (head == kFullLine) {
                std::fill(line, line + width, 1);
                continue;
            }
            if (head > line_bytes(width))
                throw PanelCodecError("compressed bit row longer than a line");
            for (std::size_t i = 0; i < head; ++i) {
                const std::uint8_t byte = next();
                for (unsigned b = 0; b < 8; ++b) {
                    const std::size_t x = i * 8 + b;
                    if ((byte >> (7 - b)) & 1u) {
                        if (x >= width)
                            throw PanelCodecError("compressed bit row sets padding bits");
                        line[x] = 1;
                    }
                }
            }
            continue;
        }
        std::size_t x = 0;
        while (x < width) {
            const std::uint8_t head = next();
            const std::uint8_t value = head & kLevelMask;
            if (!(head & kRunFlag)) {
                if (head & ~kLevelMask)
                    throw PanelCodecError("single-dot code with bits above the level");
                line[x++] = value;
                continue;
            }
            std::size_t count = next();
            if (head & kRunPlus256)
                count += 256;
            if (head & kRunPlus512)
                count += 256;
            if (count == 0) {
                if (value != 0)
                    throw PanelCodecError("end-of-line code with a level");
                break; // the rest of the line is blank, as allocated
            }
            if (x + count > width)
                throw PanelCodecError("run crosses the end of a line");
            std::fill(line + x, line + x + count, value);
            x += count;
        }
    }
    if (pos != data.size())
        throw PanelCodecError("compressed panel has trailing bytes");
    return panel;
}

drivers::Panel to_printer_orientation(const drivers::Panel& card)
{
    check(card);
    auto printer = blank(card.height, card.width, card.levels);
    for (std::uint32_t line = 0; line < printer.height; ++line)
        for (std::uint32_t dot = 0; dot < printer.width; ++dot)
            printer.dots[std::size_t{line} * printer.width + dot] =
                card.dots[std::size_t{card.height - 1 - dot} * card.width + line];
    return printer;
}

drivers::Panel to_card_orientation(const drivers::Panel& printer)
{
    check(printer);
    auto card = blank(printer.height, printer.width, printer.levels);
    for (std::uint32_t line = 0; line < printer.height; ++line)
        for (std::uint32_t dot = 0; dot < printer.width; ++dot)
            card.dots[std::size_t{card.height - 1 - dot} * card.width + line] =
                printer.dots[std::size_t{line} * printer.width + dot];
    return card;
}

} // namespace ktpel::evolis
