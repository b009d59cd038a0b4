// SPDX-License-Identifier: Apache-2.0
#include "receipt_archive.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <openssl/evp.h>
#include <sys/stat.h>

#include "common/atomic_file_write.hpp"
#include "common/sha256.hpp"
#include "register.hpp"

namespace ktpel::reg {
namespace {

constexpr mode_t kDirectoryMode = 0700;
constexpr mode_t kFileMode = 0600;

// Application ids are "YYYYMMDD-NNNN"; anything else must never become a
// path.
bool is_application_id(const std::string& id)
{
    return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '-';
    });
}

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path)
{
    throw RegisterError("receipt archive: " + what + " " + path.string() + ": " +
                        std::strerror(errno));
}

} // namespace

ReceiptArchive::ReceiptArchive(std::filesystem::path directory) : directory_(std::move(directory))
{
    // The receipts show the applicant's NIK and signature: the service's
    // alone (0700, files 0600), whatever umask the process has. An existing
    // directory is set to 0700 too: it is the archive's own.
    std::error_code error;
    if (directory_.has_parent_path())
        std::filesystem::create_directories(directory_.parent_path(), error);
    if (error)
        throw RegisterError("receipt archive: cannot create " + directory_.parent_path().string() +
                            ": " + error.message());
    if (::mkdir(directory_.c_str(), kDirectoryMode) != 0 && errno != EEXIST)
        fail("cannot create", directory_);
    if (!std::filesystem::is_directory(directory_, error))
        throw RegisterError("receipt archive: " + directory_.string() + " is not a directory");
    if (::chmod(directory_.c_str(), kDirectoryMode) != 0)
        fail("cannot set the mode of", directory_);
}

ReceiptRecord ReceiptArchive::store(const std::string& application_id,
                                    std::span<const std::uint8_t> pdf, Millis created_at) const
{
    if (!is_application_id(application_id))
        throw RegisterError("receipt archive: \"" + application_id + "\" is no application id");
    if (pdf.empty())
        throw RegisterError("receipt archive: an empty receipt for " + application_id);
    ReceiptRecord record;
    record.application_id = application_id;
    record.file = application_id + ".pdf";
    record.sha256 = sha256_hex(pdf);
    record.bytes = static_cast<std::int64_t>(pdf.size());
    record.created_at = created_at;

    // Durably, the rename included: the register must not say the receipt
    // exists before it does on the disk.
    try {
        write_file_atomically(directory_ / record.file, pdf, kFileMode);
    } catch (const AtomicWriteError& error) {
        throw RegisterError(std::string("receipt archive: ") + error.what());
    }
    return record;
}

std::vector<std::uint8_t> ReceiptArchive::load(const ReceiptRecord& record) const
{
    if (!is_application_id(record.application_id) || record.file != record.application_id + ".pdf")
        throw RegisterError("receipt archive: the register names an unexpected file \"" +
                            record.file + "\"");
    const auto path = directory_ / record.file;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw RegisterError("receipt archive: the receipt of " + record.application_id +
                            " is missing (" + path.string() + ")");
    std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                    std::istreambuf_iterator<char>()};
    if (sha256_hex(bytes) != record.sha256)
        throw RegisterError("receipt archive: " + path.string() +
                            " no longer matches the hash the register recorded for " +
                            record.application_id);
    return bytes;
}

} // namespace ktpel::reg
