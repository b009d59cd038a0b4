// SPDX-License-Identifier: Apache-2.0
// Runs the real ktpel-console for a test, against a test's ktpeld: port 0
// (the kernel picks one, read back from its "listening" line), stderr to a
// file the test can read, SIGKILL on destruction.
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace ktpel::test {

class ConsoleProcess
{
public:
    ConsoleProcess(const std::string& work_dir, const std::string& runtime_dir,
                   std::vector<std::string> extra_args = {});
    ~ConsoleProcess();
    ConsoleProcess(const ConsoleProcess&) = delete;
    ConsoleProcess& operator=(const ConsoleProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }
    unsigned short port() const noexcept { return port_; }
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string stderr_text() const;
    // Unix-domain sockets the process holds: its events SUB plus one DEALER
    // per logged-in session (and per login in progress).
    int unix_sockets() const;
    bool alive() const;

private:
    std::string stderr_path_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

} // namespace ktpel::test
