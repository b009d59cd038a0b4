// SPDX-License-Identifier: Apache-2.0
// The virtual chip's card collection: a directory with one JSON file per
// card, named after its UID (0123456789ABCDEF.json), so issued cards
// survive an emulator restart and can be reinserted by UID. A save replaces
// the file atomically and durably (common/atomic_file_write.hpp), so a file
// is always some whole state, even if the emulator is killed mid-save.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "chip_state.hpp"

namespace ktpel::sim::virtual_chip {

class CardStoreError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class CardStore
{
public:
    // Creates the directory (0700) if needed, or tightens one of ours that
    // group or others may enter; card files are written 0600.
    explicit CardStore(std::filesystem::path directory);

    const std::filesystem::path& directory() const noexcept { return directory_; }
    std::filesystem::path path_of(const chip::CardUid& uid) const;
    bool contains(const chip::CardUid& uid) const;
    // Throws CardStoreError for an unknown UID or an unreadable file.
    ChipState load(const chip::CardUid& uid) const;
    // Throws CardStoreError when the file cannot be written.
    void save(const ChipState& state) const;
    // Every card file's UID, sorted.
    std::vector<chip::CardUid> list() const;

private:
    std::filesystem::path directory_;
};

} // namespace ktpel::sim::virtual_chip
