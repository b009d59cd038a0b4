// SPDX-License-Identifier: Apache-2.0
// The configuration's log_categories reach the running daemon, and
// KTPEL_LOG still wins over them (docs/logging.md).
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include <gtest/gtest.h>

#include "daemon_process.hpp"

namespace ktpel::test {
namespace {

// The shipped station with `log_categories` added; returns its path.
std::string config_with_categories(const std::string& dir, const std::string& categories)
{
    const auto shipped = station_config(dir, 1);
    std::ifstream in(shipped);
    std::stringstream text;
    text << "log_categories: " << categories << "\n" << in.rdbuf();
    const auto path = dir + "/logging.yaml";
    std::ofstream(path) << text.str();
    return path;
}

// Restores KTPEL_LOG as it was, so that other tests see their own.
class ScopedLogEnvironment
{
public:
    explicit ScopedLogEnvironment(const char* value)
    {
        if (const char* was = std::getenv("KTPEL_LOG"))
            previous_ = was;
        ::setenv("KTPEL_LOG", value, 1);
    }
    ~ScopedLogEnvironment()
    {
        if (previous_)
            ::setenv("KTPEL_LOG", previous_->c_str(), 1);
        else
            ::unsetenv("KTPEL_LOG");
    }

private:
    std::optional<std::string> previous_;
};

TEST(LogCategories, TheConfigurationSwitchesOneComponentToDebug)
{
    TempDir dir;
    DaemonProcess daemon(dir.path(), config_with_categories(dir.path(), "{ api: debug }"));
    daemon.stop(SIGTERM);
    const auto log = daemon.stderr_text();
    // The readiness probe's hello, traced both ways; the devices' state
    // changes, not switched on, stay quiet.
    EXPECT_NE(log.find("<7>api: request "), std::string::npos) << log;
    EXPECT_NE(log.find(": hello, 0 blobs"), std::string::npos) << log;
    EXPECT_NE(log.find("<7>api: reply "), std::string::npos) << log;
    EXPECT_EQ(log.find("<7>devices:"), std::string::npos) << log;
}

TEST(LogCategories, KtpelLogWinsOverTheConfiguration)
{
    TempDir dir;
    const ScopedLogEnvironment environment("api:error,devices:debug");
    DaemonProcess daemon(dir.path(), config_with_categories(dir.path(), "{ api: debug }"));
    daemon.stop(SIGTERM);
    const auto log = daemon.stderr_text();
    EXPECT_EQ(log.find("<7>api:"), std::string::npos) << log;
    EXPECT_NE(log.find("<7>devices: fingerprint0: "), std::string::npos) << log;
}

} // namespace
} // namespace ktpel::test
