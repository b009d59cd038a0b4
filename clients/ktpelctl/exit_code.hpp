// SPDX-License-Identifier: Apache-2.0
// ktpelctl's exit codes: scripts branch on them, so never renumber one
// (docs/ktpelctl.md lists them too).
#pragma once

#include <string>

namespace ktpelctl {

enum class ExitCode : int
{
    ok = 0,
    daemon_error = 1, // the daemon answered with an error, or with a reply we cannot use
    usage = 2,        // bad command line
    unreachable = 3,  // no daemon socket, no permission on it, or no reply in time
    local_io = 4,     // cannot write the output file
};

// The exit code table for the end of --help.
std::string exit_code_help();

} // namespace ktpelctl
