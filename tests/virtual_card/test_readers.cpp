// SPDX-License-Identifier: Apache-2.0
#include "test_readers.hpp"

#include <cstdlib>
#include <stdexcept>

namespace ktpel::chip::test {

using smartcard::ReaderError;

std::vector<std::uint8_t> TestReader::connect(std::stop_token stop)
{
    if (stop.stop_requested())
        throw ReaderError(ReaderError::Kind::cancelled, "cancelled");
    if (!card_.present())
        throw ReaderError(ReaderError::Kind::no_card, "no card in " + name_);
    connected_generation_ = card_.generation();
    card_.reset();
    return card_.atr();
}

std::vector<std::uint8_t> TestReader::transmit(std::span<const std::uint8_t> apdu)
{
    if (!connected_generation_)
        throw ReaderError(ReaderError::Kind::no_card, "not connected to " + name_);
    if (!card_.present() || card_.generation() != *connected_generation_)
        throw ReaderError(ReaderError::Kind::card_removed, "the card left " + name_);
    const std::size_t index = log.size();
    Bytes command(apdu.begin(), apdu.end());
    if (on_command)
        on_command(index, command);
    std::optional<Bytes> answer;
    try {
        answer = card_.transmit(command);
    } catch (const sim::virtual_chip::NoCardError&) {
        // The slot emptied since the check above: the card left, as below.
    }
    if (!answer) {
        log.push_back({command, {}});
        if (transcript)
            transcript->push_back({name_, log.back()});
        throw ReaderError(ReaderError::Kind::card_removed, "the card was pulled from " + name_);
    }
    if (on_answer)
        on_answer(index, *answer);
    log.push_back({command, *answer});
    if (transcript)
        transcript->push_back({name_, log.back()});
    return *answer;
}

CardBehind card_in(sim::virtual_chip::ChipSlot& slot)
{
    return {
        [&slot] { return slot.present(); },
        [&slot] { return slot.generation(); },
        [&slot] { return slot.atr(); },
        [&slot] { slot.reset(); },
        [&slot](std::span<const std::uint8_t> command) { return slot.transmit(command); },
    };
}

CardBehind card_in(sim::virtual_sam::SamApplet& sam)
{
    return {
        [] { return true; },
        [] { return std::uint64_t{1}; },
        [] { return sim::virtual_sam::SamApplet::answer_to_reset(); },
        [&sam] { sam.reset(); },
        [&sam](std::span<const std::uint8_t> command) -> std::optional<Bytes> {
            return sam.transmit(command);
        },
    };
}

TemporaryDirectory::TemporaryDirectory()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "ktpel-vcard-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TemporaryDirectory::~TemporaryDirectory()
{
    std::error_code ignored; // a test that failed half-way may have left anything
    std::filesystem::remove_all(path_, ignored);
}

} // namespace ktpel::chip::test
