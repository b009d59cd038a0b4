// SPDX-License-Identifier: Apache-2.0
#include "card_store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "drivers/encoder/chip/hex_bytes.hpp"

namespace ktpel::sim::virtual_chip {
namespace {

constexpr const char* kExtension = ".json";

} // namespace

CardStore::CardStore(std::filesystem::path directory) : directory_(std::move(directory))
{
    std::error_code error;
    std::filesystem::create_directories(directory_, error);
    if (error || !std::filesystem::is_directory(directory_))
        throw CardStoreError("cannot use " + directory_.string() + " as the card directory" +
                             (error ? ": " + error.message() : ""));
}

std::filesystem::path CardStore::path_of(const chip::CardUid& uid) const
{
    return directory_ / (chip::to_hex(uid) + kExtension);
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
        throw CardStoreError("no card " + chip::to_hex(uid) + " in " + directory_.string());
    try {
        ChipState state = chip_state_from_json(nlohmann::json::parse(file));
        if (state.uid != uid)
            throw CardStoreError(path.string() + " holds card " + chip::to_hex(state.uid));
        return state;
    } catch (const nlohmann::json::exception& error) {
        throw CardStoreError(path.string() + ": " + error.what());
    } catch (const ChipStateError& error) {
        throw CardStoreError(path.string() + ": " + error.what());
    }
}

void CardStore::save(const ChipState& state) const
{
    const auto path = path_of(state.uid);
    auto temporary = path;
    temporary += ".tmp";
    {
        std::ofstream file(temporary, std::ios::trunc);
        file << chip_state_to_json(state).dump(2) << '\n';
        file.flush();
        if (!file)
            throw CardStoreError("cannot write " + temporary.string() + ": " +
                                 std::strerror(errno));
    }
    // The file holds the card's key, as the chip's protected memory would.
    std::filesystem::permissions(
        temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
        std::filesystem::perm_options::replace);
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error)
        throw CardStoreError("cannot rename " + temporary.string() + ": " + error.message());
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
