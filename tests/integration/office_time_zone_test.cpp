// SPDX-License-Identifier: Apache-2.0
// office.time_zone through the real daemon: a WIT station names its zone in
// hello and the register's results, and numbers its applications by the
// WIT day, whatever the host's TZ.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "daemon_process.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

// The shipped station with another office time zone; returns its path.
std::string station_in(const std::string& dir, const std::string& zone)
{
    const auto path = station_config(dir, 1);
    std::stringstream text;
    text << std::ifstream(path).rdbuf();
    auto yaml = text.str();
    const std::string from = "time_zone: WIB";
    const auto at = yaml.find(from);
    if (at == std::string::npos)
        throw std::runtime_error("config/ktpeld.yaml has no \"" + from + "\"");
    yaml.replace(at, from.size(), "time_zone: " + zone);
    std::ofstream(path) << yaml;
    return path;
}

// "YYYYMMDD" of the day `utc_offset` ahead of UTC now.
std::string compact_day_at(std::chrono::hours utc_offset)
{
    const auto local = std::chrono::system_clock::now() + utc_offset;
    const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(local)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d%02u%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

TEST(OfficeTimeZone, AWitStationNamesItsZoneAndNumbersByTheWitDay)
{
    TempDir dir;
    DaemonProcess daemon(dir.path(), station_in(dir.path(), "WIT"));
    zmq::context_t context;
    WireClient siti(context, daemon.api_endpoint());
    siti.login("siti", "111111");

    const nlohmann::json wit = {{"name", "WIT"}, {"utc_offset_minutes", 540}};
    const auto hello = siti.call("hello");
    ASSERT_TRUE(hello.ok()) << hello.header;
    EXPECT_EQ(hello.header["result"]["time_zone"], wit);

    // The WIT day at the request, either side of it (a test run across
    // midnight WIT must not fail). It differs from the WIB day only from
    // 15:00 to 17:00 UTC; tests/register pins the boundaries themselves.
    const auto before = compact_day_at(std::chrono::hours{9});
    const auto opened =
        siti.call("application.open", {{"nik", "3508015203900001"}, {"kk", "3508010101150003"}});
    const auto after = compact_day_at(std::chrono::hours{9});
    ASSERT_TRUE(opened.ok()) << opened.header;
    const auto id = opened.header["result"]["id"].get<std::string>();
    EXPECT_TRUE((std::set<std::string>{before + "-0001", after + "-0001"}).contains(id)) << id;

    const auto report = siti.call("register.report");
    ASSERT_TRUE(report.ok()) << report.header;
    EXPECT_EQ(report.header["result"]["time_zone"], wit);
    const auto query = siti.call("register.query");
    ASSERT_TRUE(query.ok()) << query.header;
    EXPECT_EQ(query.header["result"]["time_zone"], wit);
    // Today's report on the WIT day counts the application just opened.
    if (before == after) {
        EXPECT_EQ(report.header["result"]["started"], 1) << report.header;
    }
}

TEST(OfficeTimeZone, AnUnknownZoneStopsTheDaemonWithALocatedError)
{
    TempDir dir;
    const auto [status, output] =
        run_ktpeld({"--check-config", "-c", station_in(dir.path(), "UTC+7")});
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("unknown office.time_zone \"UTC+7\""), std::string::npos) << output;
    EXPECT_NE(output.find("WIB, WITA, WIT"), std::string::npos) << output;
}

} // namespace
} // namespace ktpel::test
