// SPDX-License-Identifier: Apache-2.0
#include "evolis_device_panels.hpp"

#include <string>

namespace ktpel::sim::evolis_panels {
namespace {

// Compressed colour lines: a code byte with bit 7 clear is one dot; with
// it set, a run whose count byte follows (bits 5 and 6 add 256 each).
constexpr std::uint8_t kRun = 0x80;
constexpr std::uint8_t kLevelBits = 0x1f;
constexpr std::uint8_t kCountHigh1 = 0x20;
constexpr std::uint8_t kCountHigh2 = 0x40;
// Compressed K/O lines start with one of these, or a byte count.
constexpr std::uint8_t kBlankLine = 0x00;
constexpr std::uint8_t kInkedLine = 0xff;
constexpr std::size_t kLineBytes = (kDotsPerLine + 7) / 8;

// The card under the head: line `line`, dot `dot` is card column `line`,
// row 647 - `dot` (docs/drivers/evolis.md).
class CardUnderHead
{
public:
    explicit CardUnderHead(std::uint8_t levels)
    {
        panel_.width = drivers::kCardWidthDots;
        panel_.height = drivers::kCardHeightDots;
        panel_.levels = levels;
        panel_.dots.assign(std::size_t{panel_.width} * panel_.height, 0);
    }
    void ink(std::uint32_t line, std::uint32_t dot, std::uint8_t level)
    {
        panel_.dots[std::size_t{kDotsPerLine - 1 - dot} * panel_.width + line] = level;
    }
    drivers::Panel take() { return std::move(panel_); }

private:
    drivers::Panel panel_;
};

// The payload, one byte after another; running out is bad data.
class PayloadBytes
{
public:
    explicit PayloadBytes(std::string_view payload) : payload_(payload) {}
    std::uint8_t next()
    {
        if (at_ == payload_.size())
            throw BadPanelData("panel data ends at byte " + std::to_string(at_));
        return static_cast<std::uint8_t>(payload_[at_++]);
    }
    bool done() const noexcept { return at_ == payload_.size(); }

private:
    std::string_view payload_;
    std::size_t at_ = 0;
};

unsigned dot_bits(std::uint8_t levels)
{
    if (!is_panel_levels(levels))
        throw BadPanelData("a panel has 32 or 2 levels, not " + std::to_string(levels));
    return levels == 32 ? 5 : 1;
}

void read_colour_line(PayloadBytes& in, CardUnderHead& card, std::uint32_t line)
{
    std::uint32_t dot = 0;
    while (dot < kDotsPerLine) {
        const std::uint8_t code = in.next();
        const auto level = static_cast<std::uint8_t>(code & kLevelBits);
        if ((code & kRun) == 0) {
            if (code != level)
                throw BadPanelData("one-dot code with bits 5-6 set on line " +
                                   std::to_string(line));
            card.ink(line, dot++, level);
            continue;
        }
        std::uint32_t count = in.next();
        count += (code & kCountHigh1) ? 256 : 0;
        count += (code & kCountHigh2) ? 256 : 0;
        if (count == 0) { // the rest of the line is blank
            if (level != 0)
                throw BadPanelData("end-of-line code with a level on line " + std::to_string(line));
            return;
        }
        if (dot + count > kDotsPerLine)
            throw BadPanelData("run of " + std::to_string(count) + " past the end of line " +
                               std::to_string(line));
        for (const std::uint32_t end = dot + count; dot < end; ++dot)
            card.ink(line, dot, level);
    }
}

void read_mono_line(PayloadBytes& in, CardUnderHead& card, std::uint32_t line)
{
    const std::uint8_t head = in.next();
    if (head == kInkedLine) {
        for (std::uint32_t dot = 0; dot < kDotsPerLine; ++dot)
            card.ink(line, dot, 1);
        return;
    }
    if (head == kBlankLine)
        return;
    if (head > kLineBytes)
        throw BadPanelData("bit row of " + std::to_string(head) + " bytes on line " +
                           std::to_string(line));
    for (std::uint32_t byte = 0; byte < head; ++byte) {
        const std::uint8_t bits = in.next();
        for (std::uint32_t bit = 0; bit < 8; ++bit)
            if (bits & (0x80u >> bit))
                card.ink(line, byte * 8 + bit, 1);
    }
}

} // namespace

bool is_panel_levels(std::size_t levels)
{
    return levels == 32 || levels == 2;
}

std::size_t raw_payload_size(std::uint8_t levels)
{
    const std::size_t bits = std::size_t{kHeadLines} * kDotsPerLine * dot_bits(levels);
    return (bits + 7) / 8;
}

drivers::Panel read_raw(std::string_view payload, std::uint8_t levels)
{
    if (payload.size() != raw_payload_size(levels))
        throw BadPanelData("raw panel of " + std::to_string(payload.size()) + " bytes, not " +
                           std::to_string(raw_payload_size(levels)));
    const unsigned width = dot_bits(levels);
    CardUnderHead card(levels);
    // One continuous bit stream, most significant bit first.
    std::size_t bit = 0;
    const auto take_bit = [&] {
        const auto byte = static_cast<std::uint8_t>(payload[bit / 8]);
        const unsigned value = (byte >> (7 - bit % 8)) & 1u;
        ++bit;
        return value;
    };
    for (std::uint32_t line = 0; line < kHeadLines; ++line)
        for (std::uint32_t dot = 0; dot < kDotsPerLine; ++dot) {
            unsigned level = 0;
            for (unsigned k = 0; k < width; ++k)
                level = (level << 1) | take_bit();
            card.ink(line, dot, static_cast<std::uint8_t>(level));
        }
    return card.take();
}

drivers::Panel read_compressed(std::string_view payload, std::uint8_t levels)
{
    const bool colour = dot_bits(levels) == 5;
    PayloadBytes in(payload);
    CardUnderHead card(levels);
    for (std::uint32_t line = 0; line < kHeadLines; ++line) {
        if (colour)
            read_colour_line(in, card, line);
        else
            read_mono_line(in, card, line);
    }
    if (!in.done())
        throw BadPanelData("compressed panel goes on after its last line");
    return card.take();
}

} // namespace ktpel::sim::evolis_panels
