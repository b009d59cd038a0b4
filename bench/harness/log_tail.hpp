// SPDX-License-Identifier: Apache-2.0
// The last lines of the daemon's log, quoted, for the message of a bench
// that could not start or stop it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace ktpel::bench {

// Each line prefixed with "  | "; "" when the file cannot be read.
std::string log_tail(const std::filesystem::path& path, std::size_t lines);

} // namespace ktpel::bench
