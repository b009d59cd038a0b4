// SPDX-License-Identifier: Apache-2.0
// The proofs of receipt of completed services, one PDF per application in
// a directory next to the register. Written before the completion is
// committed, so a service the register calls complete always has its
// receipt; a crash in between leaves a file the retried completion
// overwrites.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "register_records.hpp"

namespace ktpel::reg {

class ReceiptArchive
{
public:
    // Creates the directory if needed and makes it the owner's alone (0700);
    // receipts are written 0600.
    explicit ReceiptArchive(std::filesystem::path directory);

    // Writes the PDF durably (temporary file, fsync, rename, fsync of the
    // directory) and returns the record to commit with the completion.
    // Throws RegisterError.
    ReceiptRecord store(const std::string& application_id, std::span<const std::uint8_t> pdf,
                        Millis created_at) const;

    // The file a record names, checked against the record's hash: throws
    // RegisterError when it is missing or has changed.
    std::vector<std::uint8_t> load(const ReceiptRecord& record) const;

    const std::filesystem::path& directory() const noexcept { return directory_; }

private:
    std::filesystem::path directory_;
};

} // namespace ktpel::reg
