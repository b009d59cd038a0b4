// SPDX-License-Identifier: Apache-2.0
// write_file_atomically: the new bytes and mode land, nothing is left
// behind, and every failure is an AtomicWriteError that names its step and
// file and leaves the old file whole. (Durability itself, the fsyncs, is
// not observable without cutting the power.)
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/atomic_file_write.hpp"

namespace ktpel {
namespace {

namespace fs = std::filesystem;

// A fresh directory, removed with everything in it at the end of a test.
class TemporaryDirectory
{
public:
    TemporaryDirectory()
    {
        std::string name = (fs::temp_directory_path() / "atomic_write.XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr)
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        path_ = name;
    }
    ~TemporaryDirectory()
    {
        std::error_code ignored; // a test that failed may have left anything
        fs::remove_all(path_, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    const fs::path& path() const noexcept { return path_; }

private:
    fs::path path_;
};

std::string read_text(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mode_t mode_of(const fs::path& path)
{
    struct stat info
    {
    };
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 07777;
}

fs::path temporary_of(const fs::path& path)
{
    auto temporary = path;
    temporary += ".tmp";
    return temporary;
}

TEST(AtomicFileWrite, WritesANewFileWithItsModeAndLeavesNoTemporary)
{
    const TemporaryDirectory directory;
    const auto path = directory.path() / "receipt.pdf";
    const std::vector<std::uint8_t> bytes{0x25, 0x50, 0x44, 0x46, 0x00, 0xFF};

    write_file_atomically(path, bytes, 0600);

    const auto text = read_text(path);
    EXPECT_EQ(std::vector<std::uint8_t>(text.begin(), text.end()), bytes);
    EXPECT_EQ(mode_of(path), 0600);
    EXPECT_FALSE(fs::exists(temporary_of(path)));
}

TEST(AtomicFileWrite, ReplacesAnExistingFileWhole)
{
    const TemporaryDirectory directory;
    const auto path = directory.path() / "card.json";
    write_file_atomically(path, std::string_view("a much longer old state\n"), 0600);

    write_file_atomically(path, std::string_view("new\n"), 0600);

    EXPECT_EQ(read_text(path), "new\n");
    EXPECT_FALSE(fs::exists(temporary_of(path)));
}

TEST(AtomicFileWrite, SetsTheModeWhateverTheUmask)
{
    const TemporaryDirectory directory;
    const auto path = directory.path() / "shared.txt";
    const mode_t previous = ::umask(077);

    write_file_atomically(path, std::string_view("x"), 0640);

    ::umask(previous);
    EXPECT_EQ(mode_of(path), 0640);
}

TEST(AtomicFileWrite, ResetsTheModeOfATemporaryLeftByAKilledWriter)
{
    const TemporaryDirectory directory;
    const auto path = directory.path() / "card.json";
    {
        std::ofstream stale(temporary_of(path));
        stale << "half a card from a writer that was killed";
    }
    fs::permissions(temporary_of(path), fs::perms::all);

    write_file_atomically(path, std::string_view("whole\n"), 0600);

    EXPECT_EQ(read_text(path), "whole\n");
    EXPECT_EQ(mode_of(path), 0600);
    EXPECT_FALSE(fs::exists(temporary_of(path)));
}

TEST(AtomicFileWrite, AMissingDirectoryIsATypedErrorNamingTheTemporary)
{
    const TemporaryDirectory directory;
    const auto path = directory.path() / "missing" / "card.json";
    try {
        write_file_atomically(path, std::string_view("x"), 0600);
        FAIL() << "wrote into a missing directory";
    } catch (const AtomicWriteError& error) {
        EXPECT_EQ(error.code(), std::errc::no_such_file_or_directory);
        EXPECT_EQ(error.file(), temporary_of(path));
        EXPECT_EQ(
            std::string(error.what()).rfind("cannot create " + temporary_of(path).string(), 0), 0u)
            << error.what();
    }
}

TEST(AtomicFileWrite, AFailedRenameLeavesTheTargetAsItWas)
{
    const TemporaryDirectory directory;
    // A non-empty directory where the file should go: rename(2) must fail.
    const auto path = directory.path() / "occupied";
    fs::create_directory(path);
    {
        std::ofstream(path / "inside") << "kept";
    }

    try {
        write_file_atomically(path, std::string_view("x"), 0600);
        FAIL() << "renamed a file over a directory";
    } catch (const AtomicWriteError& error) {
        EXPECT_EQ(error.file(), path);
        EXPECT_EQ(std::string(error.what()).rfind("cannot rename into " + path.string(), 0), 0u)
            << error.what();
    }
    EXPECT_TRUE(fs::is_directory(path));
    EXPECT_EQ(read_text(path / "inside"), "kept");
}

} // namespace
} // namespace ktpel
