// SPDX-License-Identifier: Apache-2.0
#include "exit_code.hpp"

namespace ktpelctl {

std::string exit_code_help()
{
    return "Exit codes:\n"
           "  0  success\n"
           "  1  the daemon answered with an error (printed as \"code: message\"),\n"
           "     or with a reply ktpelctl cannot use\n"
           "  2  usage error\n"
           "  3  cannot reach the daemon (no socket, no permission, no reply in time)\n"
           "  4  local I/O error (cannot write the output file)\n"
           "  A second Ctrl-C during capture ends ktpelctl by that signal (status 130).\n"
           "\n"
           "The runtime directory defaults to $KTPEL_RUNTIME_DIR, else /run/ktpeld.";
}

} // namespace ktpelctl
