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

#include "daemon_process.hpp"
#include "service_steps.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

namespace fs = std::filesystem;

// The test process's umask, set for a scope: the daemon inherits it at fork.
class ScopedUmask
{
public:
    explicit ScopedUmask(mode_t mask) : previous_(::umask(mask)) {}
    ~ScopedUmask() { ::umask(previous_); }
    ScopedUmask(const ScopedUmask&) = delete;
    ScopedUmask& operator=(const ScopedUmask&) = delete;

private:
    mode_t previous_;
};

mode_t mode_of(const fs::path& path)
{
    struct stat info
    {
    };
    if (::lstat(path.c_str(), &info) != 0)
        return 07777; // never a mode a test expects
    return info.st_mode & 07777;
}

// Opens an application whose biometrics were recorded before, runs every
// step of the seed SOP with the right officer and the applicant's signature
// on the pad, its card issued from the central record and activated;
// returns the completed application's id.
std::string complete_a_service(WireClient& siti, WireClient& hendra, WireClient& budi,
                               WireClient& teknisi)
{
    const auto opened = siti.call(
        "application.open",
        {{"nik", "3508015203900001"}, {"kk", "3508010101150003"}, {"biometrics_recorded", true}});
    if (!opened.ok()) {
        ADD_FAILURE() << "application.open: " << opened.header;
        return "";
    }
    const auto app = opened.header["result"]["id"].get<std::string>();
    run_step(siti, app, "submit_documents");
    run_step(siti, app, "check_completeness", {{"outcome", "complete"}});
    run_step(hendra, app, "validate_file", {{"outcome", "valid"}});
    EXPECT_TRUE(budi.call("sop.step.skip", {{"application", app},
                                            {"step", "record_biometrics"},
                                            {"reason", "already recorded"}})
                    .ok());
    const auto record = central_record(teknisi);
    issue_and_activate(budi, teknisi, app, &record);
    const nlohmann::json seven = {{"application", app}, {"step", "hand_to_counter"}};
    EXPECT_TRUE(budi.call("sop.step.start", seven).ok());
    EXPECT_TRUE(siti.call("sop.step.acknowledge", seven).ok());
    EXPECT_TRUE(budi.call("sop.step.complete", seven).ok());
    nlohmann::json eight = {{"application", app}, {"step", "hand_to_applicant"}};
    EXPECT_TRUE(siti.call("sop.step.start", eight).ok());
    const auto pad = siti.call("signature.capture", {{"application", app}}, 60000);
    EXPECT_TRUE(pad.ok()) << pad.header;
    eight["signature"] = pad.header["result"]["capture"];
    EXPECT_TRUE(siti.call("sop.step.acknowledge", eight).ok());
    eight.erase("signature");
    const auto done = siti.call("sop.step.complete", eight);
    EXPECT_TRUE(done.ok()) << done.header;
    EXPECT_EQ(done.header["result"]["state"], "completed");
    return app;
}

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
