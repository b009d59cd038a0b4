// SPDX-License-Identifier: Apache-2.0
// The virtual chip's card files hold the holder's face, two fingerprint
// templates, the signature and the card's key: 0600 in a 0700 directory,
// whatever umask the emulator runs with.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "../support/file_modes.hpp"
#include "station_fixture.hpp"

namespace ktpel::chip::test {
namespace {

namespace fs = std::filesystem;
using sim::virtual_chip::CardStore;
using sim::virtual_chip::ChipSlot;

using ::ktpel::test_support::mode_of;
using ::ktpel::test_support::ScopedUmask;

TEST(CardFileModes, AreOwnerOnlyInAnOwnerOnlyDirectoryEvenUnderUmaskZero)
{
    TemporaryDirectory directory;
    const ScopedUmask permissive(0);
    const auto cards = directory.path() / "cards";
    CardStore store(cards);
    ChipSlot slot(store, sim::sm::demo_issuer_key());
    const auto uid = slot.insert_blank(); // saved at once
    EXPECT_EQ(mode_of(cards), 0700u);
    ASSERT_TRUE(fs::exists(store.path_of(uid)));
    EXPECT_EQ(mode_of(store.path_of(uid)), 0600u);
}

TEST(CardFileModes, ALooseDirectoryAndAStaleTemporaryFileAreTightened)
{
    TemporaryDirectory directory;
    const ScopedUmask permissive(0);
    const auto cards = directory.path() / "cards";
    fs::create_directory(cards);
    fs::permissions(cards, fs::perms(0755));
    CardStore store(cards);
    EXPECT_EQ(mode_of(cards), 0700u);

    ChipSlot slot(store, sim::sm::demo_issuer_key());
    const auto uid = slot.insert_blank();
    // A save the emulator was killed in left a world-readable temporary.
    auto temporary = store.path_of(uid);
    temporary += ".tmp";
    std::ofstream(temporary) << "{}";
    fs::permissions(temporary, fs::perms(0644));
    store.save(store.load(uid));
    EXPECT_EQ(mode_of(store.path_of(uid)), 0600u);
    EXPECT_FALSE(fs::exists(temporary));
}

} // namespace
} // namespace ktpel::chip::test
