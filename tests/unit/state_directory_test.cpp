// SPDX-License-Identifier: Apache-2.0
// The daemon's state directory: created 0700, tightened when looser than
// 0750, but never a shared sticky directory; private files tightened to 0600.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "../support/file_modes.hpp"
#include "daemon/runtime/state_directory.hpp"

namespace ktpel::daemon {
namespace {

namespace fs = std::filesystem;

using ::ktpel::test_support::mode_of;
using ::ktpel::test_support::ScopedUmask;

class StateDirectoryTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::string pattern = (fs::path(::testing::TempDir()) / "state-dir-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
    }
    void TearDown() override
    {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }

    fs::path root_;
};

TEST_F(StateDirectoryTest, IsCreated0700WithItsParentsWhateverTheUmask)
{
    {
        const ScopedUmask permissive(0);
        prepare_state_directory(root_ / "var" / "lib" / "ktpeld");
    }
    EXPECT_EQ(mode_of(root_ / "var" / "lib" / "ktpeld"), 0700u);
}

TEST_F(StateDirectoryTest, AnExistingLooseDirectoryIsTightenedButNot0750)
{
    for (const auto [before, after] :
         {std::pair{0755u, 0700u}, std::pair{0777u, 0700u}, std::pair{0770u, 0700u},
          std::pair{0750u, 0750u}, std::pair{0700u, 0700u}}) {
        const auto directory = root_ / std::to_string(before);
        fs::create_directory(directory);
        fs::permissions(directory, fs::perms(before));
        prepare_state_directory(directory);
        EXPECT_EQ(mode_of(directory), after) << std::oct << before;
    }
}

TEST_F(StateDirectoryTest, ASharedStickyDirectoryIsLeftAsItIs)
{
    const auto shared = root_ / "tmp";
    fs::create_directory(shared);
    fs::permissions(shared, fs::perms(01777));
    prepare_state_directory(shared);
    EXPECT_EQ(mode_of(shared), 01777u);
}

TEST_F(StateDirectoryTest, AFileInTheWayIsAnError)
{
    std::ofstream(root_ / "state") << "not a directory";
    EXPECT_THROW(prepare_state_directory(root_ / "state"), StateDirectoryError);
}

TEST_F(StateDirectoryTest, PrivateFilesAreTightenedTo0600AndMissingOnesLeftAlone)
{
    std::ofstream(root_ / "register.sqlite") << "x";
    fs::permissions(root_ / "register.sqlite", fs::perms(0644));
    tighten_private_file(root_ / "register.sqlite");
    EXPECT_EQ(mode_of(root_ / "register.sqlite"), 0600u);
    EXPECT_NO_THROW(tighten_private_file(root_ / "register.sqlite-wal"));
    EXPECT_FALSE(fs::exists(root_ / "register.sqlite-wal"));
}

} // namespace
} // namespace ktpel::daemon
