// SPDX-License-Identifier: Apache-2.0
// The files that hold personal data stay the service's alone whoever starts
// ktpeld and whatever umask it inherits: the state directory, the register
// with its WAL and shared-memory files, the receipt archive and a receipt,
// after a whole service run by the real daemon started under umask 000.
#include <filesystem>
#include <fstream>
#include <optional>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "../support/file_modes.hpp"
#include "daemon_process.hpp"
#include "service_steps.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

namespace fs = std::filesystem;

using ::ktpel::test_support::mode_of;
using ::ktpel::test_support::ScopedUmask;

TEST(FileModes, StateRegisterAndReceiptsAreOwnerOnlyUnderUmaskZero)
{
    TempDir dir;
    const fs::path state = dir.path() + "/state";
    std::optional<DaemonProcess> daemon;
    {
        const ScopedUmask permissive(0);
        daemon.emplace(dir.path());
    }
    zmq::context_t context;
    WireClient siti(context, daemon->api_endpoint()), hendra(context, daemon->api_endpoint()),
        budi(context, daemon->api_endpoint()), teknisi(context, daemon->api_endpoint());
    siti.login("siti", "111111");
    hendra.login("hendra", "222222");
    budi.login("budi", "333333");
    teknisi.login(kTechnician, kTechnicianPin);
    const auto app = complete_a_service(siti, hendra, budi, teknisi);
    ASSERT_FALSE(app.empty());

    EXPECT_EQ(mode_of(state), 0700u);
    // The daemon holds the register open: its WAL and shared memory exist.
    for (const char* file : {"register.sqlite", "register.sqlite-wal", "register.sqlite-shm"})
        EXPECT_EQ(mode_of(state / file), 0600u) << file;
    EXPECT_EQ(mode_of(state / "receipts"), 0700u);
    EXPECT_EQ(mode_of(state / "receipts" / (app + ".pdf")), 0600u);
    // Nothing in the state directory is open to group or others.
    for (const auto& entry : fs::recursive_directory_iterator(state))
        EXPECT_EQ(mode_of(entry.path()) & 077, 0u) << entry.path();
    // The sockets are still the group's (0660 in a 0750 directory): the
    // daemon's own umask does not reach them.
    const fs::path runtime = dir.path() + "/run";
    EXPECT_EQ(mode_of(runtime), 0750u);
    EXPECT_EQ(mode_of(runtime / "api.sock"), 0660u);
    EXPECT_EQ(mode_of(runtime / "events.sock"), 0660u);
}

TEST(FileModes, ALooseStateDirectoryAndRegisterAreTightenedAndLogged)
{
    TempDir dir;
    const fs::path state = dir.path() + "/state";
    // Left behind by an earlier ktpeld under umask 022, or a mkdir -p.
    fs::create_directory(state);
    fs::permissions(state, fs::perms(0755));
    {
        std::ofstream(state / "register.sqlite"); // empty: SQLite makes it a database
    }
    fs::permissions(state / "register.sqlite", fs::perms(0644));

    DaemonProcess daemon(dir.path());
    EXPECT_EQ(mode_of(state), 0700u);
    EXPECT_EQ(mode_of(state / "register.sqlite"), 0600u);
    const auto log = daemon.stderr_text();
    EXPECT_NE(log.find("<5>state directory " + state.string() + " was mode 0755"),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("<5>" + (state / "register.sqlite").string() + " was mode 0644"),
              std::string::npos)
        << log;
}

} // namespace
} // namespace ktpel::test
