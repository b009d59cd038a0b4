// SPDX-License-Identifier: Apache-2.0
// make_private_directory: a new directory is 0700 whatever the umask, one
// of ours looser than accepted is tightened, a shared (sticky) one is left
// alone, and what is no directory is a typed error.
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/private_directory.hpp"

namespace ktpel {
namespace {

namespace fs = std::filesystem;
using Kind = PrivateDirectoryOutcome::Kind;

class PrivateDirectoryTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::string name = (fs::temp_directory_path() / "private_dir.XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr)
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        root_ = name;
        previous_umask_ = ::umask(0); // the worst a launcher could hand us
    }
    void TearDown() override
    {
        ::umask(previous_umask_);
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }
    static mode_t mode_of(const fs::path& path)
    {
        struct stat info
        {
        };
        EXPECT_EQ(::stat(path.c_str(), &info), 0);
        return info.st_mode & 07777;
    }

    fs::path root_;
    mode_t previous_umask_ = 0;
};

TEST_F(PrivateDirectoryTest, ANewDirectoryIsTheOwnersAloneWhateverTheUmask)
{
    const auto directory = root_ / "a" / "b" / "state";
    const auto outcome = make_private_directory(directory);
    EXPECT_EQ(outcome.kind, Kind::created);
    EXPECT_EQ(mode_of(directory), 0700u);
}

TEST_F(PrivateDirectoryTest, AnExistingDirectoryNoLooserThanAcceptedIsKept)
{
    const auto directory = root_ / "state";
    fs::create_directory(directory);
    ASSERT_EQ(::chmod(directory.c_str(), 0750), 0);
    const auto outcome = make_private_directory(directory, 0750);
    EXPECT_EQ(outcome.kind, Kind::kept);
    EXPECT_EQ(outcome.previous_mode, 0750u);
    EXPECT_EQ(mode_of(directory), 0750u);
}

TEST_F(PrivateDirectoryTest, OneOfOursThatOthersMayEnterIsTightened)
{
    const auto directory = root_ / "cards";
    fs::create_directory(directory);
    ASSERT_EQ(::chmod(directory.c_str(), 0750), 0);
    const auto outcome = make_private_directory(directory); // accepts 0700 only
    EXPECT_EQ(outcome.kind, Kind::tightened);
    EXPECT_EQ(outcome.previous_mode, 0750u);
    EXPECT_EQ(mode_of(directory), 0700u);
}

TEST_F(PrivateDirectoryTest, ASharedStickyDirectoryIsLeftAlone)
{
    const auto directory = root_ / "shared";
    fs::create_directory(directory);
    ASSERT_EQ(::chmod(directory.c_str(), 01777), 0);
    const auto outcome = make_private_directory(directory);
    EXPECT_EQ(outcome.kind, Kind::left_shared);
    EXPECT_EQ(mode_of(directory), 01777u);
}

TEST_F(PrivateDirectoryTest, AFileInTheWayIsATypedErrorNamingIt)
{
    const auto file = root_ / "register";
    std::ofstream(file) << "not a directory";
    try {
        make_private_directory(file);
        FAIL() << "a file was accepted as a directory";
    } catch (const PrivateDirectoryError& error) {
        EXPECT_NE(std::string(error.what()).find(file.string()), std::string::npos);
        EXPECT_NE(std::string(error.what()).find("not a directory"), std::string::npos);
    }
}

TEST_F(PrivateDirectoryTest, AParentThatCannotBeMadeIsATypedError)
{
    const auto file = root_ / "plain";
    std::ofstream(file) << "x";
    EXPECT_THROW(make_private_directory(file / "below" / "state"), PrivateDirectoryError);
}

} // namespace
} // namespace ktpel
