// SPDX-License-Identifier: Apache-2.0
// A pcscd child process for tests, inside the namespace that
// scripts/with-private-pcscd.sh --no-pcscd made (its /run/pcscd is a
// private tmpfs, its TCP ports private). Each instance reads its own copy
// of the wrapper's reader.conf directory, so a test may add readers.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include <sys/types.h>

namespace ktpel::test {

class PrivatePcscd
{
public:
    // Why pcscd cannot be started here, or empty when it can: outside the
    // wrapper a test would reach (and disturb) the system's pcscd.
    static std::string unavailable_reason();

    PrivatePcscd();
    ~PrivatePcscd(); // stops pcscd and removes the directory
    PrivatePcscd(const PrivatePcscd&) = delete;
    PrivatePcscd& operator=(const PrivatePcscd&) = delete;

    // Starts pcscd and returns once its socket exists and it lists
    // `expected_readers` readers. Throws std::runtime_error (with pcscd's
    // log) if that does not happen within `deadline`.
    void start(std::size_t expected_readers = 2,
               std::chrono::milliseconds deadline = std::chrono::seconds(10));
    // SIGTERM: pcscd shuts down cleanly and removes its socket.
    void stop();
    // SIGKILL: a crash; the socket file stays behind.
    void kill();
    bool running() const noexcept { return pid_ > 0; }

    // Adds a vpcd reader entry (two slots: port and port + 1) to this
    // instance's configuration; takes effect on rescan() or start().
    void add_vpcd_reader(const std::string& friendly_name, std::uint16_t port);

    const std::filesystem::path& config_dir() const noexcept { return config_dir_; }
    std::string log() const;

private:
    void signal_and_reap(int signal);

    std::filesystem::path work_dir_;
    std::filesystem::path config_dir_;
    std::filesystem::path log_path_;
    pid_t pid_ = -1;
};

} // namespace ktpel::test
