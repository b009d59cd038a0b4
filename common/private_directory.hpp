// SPDX-License-Identifier: Apache-2.0
// A directory for files that are one user's alone (the daemon's register
// and receipts, the virtual chip's cards): created 0700 whatever the umask,
// or tightened when it is ours and looser than its owner accepts. A shared
// directory (sticky, like /tmp) or another user's is never chmod-ed: that
// would break it for everyone else; the files in it are 0600 all the same.
#pragma once

#include <filesystem>
#include <stdexcept>

#include <sys/types.h>

namespace ktpel {

class PrivateDirectoryError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// What make_private_directory found, for the caller to log as it sees fit.
struct PrivateDirectoryOutcome
{
    enum class Kind
    {
        created,         // did not exist: made 0700
        kept,            // existed, no looser than accepted
        tightened,       // ours and too loose: now 0700
        left_shared,     // too loose, but sticky: left as it is
        left_to_another, // too loose, but another user's: left as it is
    };
    Kind kind;
    mode_t previous_mode = 0; // of an existing directory, permission bits
};

// Creates `directory` (and missing parents, under the process's umask)
// with mode 0700, or handles an existing one as above. `loosest_accepted`
// is the most an existing directory may allow without being tightened
// (0700, or 0750 where an administrator may give the group read access).
// Throws PrivateDirectoryError when it cannot be created, inspected or
// tightened, or is no directory.
PrivateDirectoryOutcome make_private_directory(const std::filesystem::path& directory,
                                               mode_t loosest_accepted = 0700);

} // namespace ktpel
