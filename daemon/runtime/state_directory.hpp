// SPDX-License-Identifier: Apache-2.0
// The daemon's state directory (the register, its WAL and shared-memory
// files, the receipt archive, the simulated cards): personal data readable
// by the service alone (ARCHITECTURE.md, Personal data), whoever starts the
// daemon and whatever umask it inherited.
#pragma once

#include <filesystem>
#include <stdexcept>

namespace ktpel::daemon {

class StateDirectoryError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Creates `directory` (and missing parents) with mode 0700, or tightens an
// existing one this user owns to 0700 when it is looser than 0750 (group
// write or any access for others), logging the change at notice level.
// A looser directory of another owner, or a shared sticky one like /tmp,
// is left as it is with a warning: the files in it are 0600 all the same.
// Throws StateDirectoryError when it cannot be created or is no directory.
void prepare_state_directory(const std::filesystem::path& directory);

// Tightens an existing file the daemon keeps private (register.sqlite and
// its -wal and -shm) to 0600 when group or others may access it, logging
// the change at notice level; a missing file is left to be created.
// Throws StateDirectoryError when the mode cannot be changed.
void tighten_private_file(const std::filesystem::path& file);

} // namespace ktpel::daemon
