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

namespace ktpel::sim::virtual_chip {
namespace {

constexpr const char* kExtension = ".json";
// A card file holds the holder's face, two fingerprint templates, the
// signature and the card's own key: the owner's alone, in a directory that
// is the owner's alone, whatever umask the process runs with.
constexpr mode_t kDirectoryMode = 0700;
constexpr mode_t kFileMode = 0600;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path)
{
    throw CardStoreError(what + " " + path.string() + ": " + std::strerror(errno));
}

// Creates the card directory 0700, or tightens one of ours that group or
// others may enter. A shared directory (sticky, like /tmp) or another
// user's is left alone: the card files in it are 0600 all the same.
void make_private_directory(const std::filesystem::path& directory)
{
    std::error_code error;
    if (directory.has_parent_path())
        std::filesystem::create_directories(directory.parent_path(), error);
    if (error)
        throw CardStoreError("cannot create " + directory.parent_path().string() + ": " +
                             error.message());
    if (::mkdir(directory.c_str(), kDirectoryMode) == 0) {
        if (::chmod(directory.c_str(), kDirectoryMode) != 0)
            fail("cannot set the mode of", directory);
        return;
    }
    if (errno != EEXIST)
        fail("cannot create the card directory", directory);
    struct stat info
    {
    };
    if (::stat(directory.c_str(), &info) != 0)
        fail("cannot inspect", directory);
    if (!S_ISDIR(info.st_mode))
        throw CardStoreError("cannot use " + directory.string() +
                             " as the card directory: not a directory");
    if ((info.st_mode & 077) != 0 && (info.st_mode & S_ISVTX) == 0 && info.st_uid == ::geteuid() &&
        ::chmod(directory.c_str(), kDirectoryMode) != 0)
        fail("cannot tighten", directory);
}

} // namespace

CardStore::CardStore(std::filesystem::path directory) : directory_(std::move(directory))
{
    make_private_directory(directory_);
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
