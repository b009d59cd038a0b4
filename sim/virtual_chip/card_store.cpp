// SPDX-License-Identifier: Apache-2.0
#include "card_store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic_file_write.hpp"
#include "common/hex_bytes.hpp"
#include "common/private_directory.hpp"

namespace ktpel::sim::virtual_chip {
namespace {

constexpr const char* kExtension = ".json";
// A card file holds the holder's face, two fingerprint templates, the
// signature and the card's own key: the owner's alone, in a directory that
// is the owner's alone (common/private_directory), whatever umask the
// process runs with.
constexpr mode_t kFileMode = 0600;

} // namespace

CardStore::CardStore(std::filesystem::path directory) : directory_(std::move(directory))
{
    // A directory of ours that group or others may enter is tightened; a
    // shared (sticky) or another user's one is left alone: the card files
    // in it are 0600 all the same.
    try {
        make_private_directory(directory_);
    } catch (const PrivateDirectoryError& error) {
        throw CardStoreError(std::string("card directory: ") + error.what());
    }
}

std::filesystem::path CardStore::path_of(const chip::CardUid& uid) const
{
    return directory_ / (ktpel::to_hex(uid) + kExtension);
}

bool CardStore::contains(const chip::CardUid& uid) const
{
    return std::filesystem::is_regular_file(path_of(uid));
}

ChipState CardStore::load(const chip::CardUid& uid) const
{
    const auto path = path_of(uid);
    std::ifstream file(path);
    if (!file)
        throw CardStoreError("no card " + ktpel::to_hex(uid) + " in " + directory_.string());
    try {
        ChipState state = chip_state_from_json(nlohmann::json::parse(file));
        if (state.uid != uid)
            throw CardStoreError(path.string() + " holds card " + ktpel::to_hex(state.uid));
        return state;
    } catch (const nlohmann::json::exception& error) {
        throw CardStoreError(path.string() + ": " + error.what());
    } catch (const ChipStateError& error) {
        throw CardStoreError(path.string() + ": " + error.what());
    }
}

void CardStore::save(const ChipState& state) const
{
    // 0600 from the first byte: the file holds the card's key, as the chip's
    // protected memory would, and the holder's biometrics.
    try {
        ktpel::write_file_atomically(path_of(state.uid), chip_state_to_json(state).dump(2) + "\n",
                                     kFileMode);
    } catch (const ktpel::AtomicWriteError& error) {
        throw CardStoreError(error.what());
    }
}

std::vector<chip::CardUid> CardStore::list() const
{
    std::vector<chip::CardUid> uids;
    for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
        if (!entry.is_regular_file() || entry.path().extension() != kExtension)
            continue;
        if (const auto uid = chip::parse_card_uid(entry.path().stem().string()))
            uids.push_back(*uid);
    }
    std::sort(uids.begin(), uids.end());
    return uids;
}

} // namespace ktpel::sim::virtual_chip
