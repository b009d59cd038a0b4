// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "daemon/config/config_loader.hpp"

namespace ktpel::config {
namespace {

const char* kMinimal = R"(devices:
  - id: fingerprint0
    driver: kip-fingerprint
    match: { usb: "2e5a:0f01" }
)";

// Loads `text` expecting a ConfigError; returns "line:column: message".
std::string error_of(const std::string& text)
{
    try {
        parse_station_config(text, "test.yaml");
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("test.yaml:", 0), 0u) << what;
        return what.substr(std::string("test.yaml:").size());
    }
    ADD_FAILURE() << "accepted:\n" << text;
    return {};
}

TEST(ConfigLoader, LoadsTheShippedDefaultStation)
{
    const auto config = load_station_config(KTPEL_SOURCE_DIR "/config/ktpeld.yaml");
    // Fingerprint, iris, camera, signature pad, printer, encoder.
    EXPECT_EQ(config.devices.size(), 6u);
    EXPECT_EQ(config.usb_backend, UsbBackend::emulated);
    EXPECT_EQ(config.usb_emulators.size(), 5u);
    // The encoding station's chip slot and SAM slot.
    ASSERT_EQ(config.reader_emulators.size(), 2u);
    EXPECT_EQ(config.reader_emulators[0].card, ReaderEmulatorConfig::Card::ktpel_chip);
    EXPECT_EQ(config.reader_emulators[1].card, ReaderEmulatorConfig::Card::ktpel_sam);
    EXPECT_EQ(config.smartcard_backend, SmartcardBackend::emulated);
    EXPECT_EQ(config.limits.max_frames, 16u);
}

TEST(ConfigLoader, AppliesDefaults)
{
    const auto config = parse_station_config(kMinimal, "test.yaml");
    EXPECT_EQ(config.api.runtime_dir, "/run/ktpeld");
    EXPECT_EQ(config.limits.max_message_bytes, 16u * 1024 * 1024);
    EXPECT_EQ(config.devices[0].match.vendor_id, 0x2e5a);
    EXPECT_EQ(config.devices[0].match.product_id, 0x0f01);
}

TEST(ConfigLoader, LogCategoriesBecomeOneSpec)
{
    const auto config = parse_station_config(
        std::string(kMinimal) + "log_categories:\n  kip: debug\n  \"*\": warning\n", "test.yaml");
    EXPECT_EQ(config.log_categories, "kip:debug,*:warning");
    EXPECT_EQ(parse_station_config(kMinimal, "test.yaml").log_categories, "");
}

TEST(ConfigLoader, LogCategoriesAreCheckedWhereWritten)
{
    const auto level = error_of(std::string(kMinimal) + "log_categories:\n  kip: loud\n");
    EXPECT_EQ(level.substr(0, 4), "6:8:") << level;
    EXPECT_NE(level.find("log_categories.kip must be error"), std::string::npos) << level;
    const auto name = error_of(std::string(kMinimal) + "log_categories:\n  Kip,usb: debug\n");
    EXPECT_EQ(name.substr(0, 4), "6:3:") << name;
    EXPECT_NE(name.find("\"Kip,usb\""), std::string::npos) << name;
    EXPECT_NE(error_of(std::string(kMinimal) + "log_categories: kip:debug\n").find("map"),
              std::string::npos);
}

TEST(ConfigLoader, SyntaxErrorIsLocated)
{
    EXPECT_EQ(error_of("devices:\n  - id: [unclosed\n").substr(0, 4), "3:1:");
    EXPECT_NE(error_of("devices: {\n").find(':'), std::string::npos);
}

TEST(ConfigLoader, UnknownKeyIsLocatedAndNamed)
{
    const auto error = error_of(std::string(kMinimal) + "limitz: {}\n");
    EXPECT_EQ(error.substr(0, 4), "5:1:");
    EXPECT_NE(error.find("unknown key \"limitz\""), std::string::npos) << error;
}

TEST(ConfigLoader, WrongTypeIsLocated)
{
    const auto error = error_of(std::string(kMinimal) + "limits:\n  max_frames: many\n");
    EXPECT_EQ(error.substr(0, 5), "6:15:");
    EXPECT_NE(error.find("max_frames"), std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "limits:\n  max_frames: [1]\n").find("max_frames"),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "limits:\n  max_frames: -3\n").find("non-negative"),
              std::string::npos);
}

TEST(ConfigLoader, OutOfRangeIsRefused)
{
    EXPECT_NE(error_of(std::string(kMinimal) + "limits:\n  max_frames: 0\n").find("between"),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "limits:\n  max_frames: 99999999999999999999999\n")
                  .find("max_frames"),
              std::string::npos);
}

TEST(ConfigLoader, MissingFieldIsLocated)
{
    const auto error = error_of("devices:\n  - id: fp\n    match: { usb: \"2e5a:0f01\" }\n");
    EXPECT_EQ(error.substr(0, 4), "2:5:");
    EXPECT_NE(error.find("\"driver\""), std::string::npos) << error;
    EXPECT_NE(error_of("log_level: info\n").find("\"devices\""), std::string::npos);
}

TEST(ConfigLoader, UnknownDriverListsTheKnownOnes)
{
    const auto error =
        error_of("devices:\n  - id: fp\n    driver: nope\n    match: { usb: \"1:2\" }\n");
    EXPECT_EQ(error.substr(0, 5), "3:13:");
    EXPECT_NE(error.find("kip-fingerprint"), std::string::npos) << error;
}

TEST(ConfigLoader, UsbIdMustBeInTheDriversTable)
{
    const auto error = error_of(
        "devices:\n  - id: fp\n    driver: kip-fingerprint\n    match: { usb: \"dead:beef\" }\n");
    EXPECT_NE(error.find("does not handle USB id dead:beef"), std::string::npos) << error;
    EXPECT_NE(
        error_of(
            "devices:\n  - id: fp\n    driver: kip-fingerprint\n    match: { usb: \"zz:01\" }\n")
            .find("hexadecimal"),
        std::string::npos);
}

TEST(ConfigLoader, DuplicateIdsAndBadIdsAreRefused)
{
    EXPECT_NE(error_of(std::string(kMinimal) + std::string(kMinimal).substr(9))
                  .find("duplicate device id"),
              std::string::npos);
    EXPECT_NE(error_of("devices:\n  - id: Bad Id\n    driver: kip-fingerprint\n    match: { usb: "
                       "\"2e5a:0f01\" }\n")
                  .find("device ids"),
              std::string::npos);
}

TEST(ConfigLoader, TcpEndpointsAreRefusedWithoutCurve)
{
    EXPECT_NE(error_of(std::string(kMinimal) + "api:\n  api_endpoint: tcp://0.0.0.0:5555\n")
                  .find("ipc://"),
              std::string::npos);
}

TEST(ConfigLoader, OfficeTimeZoneIsWibUnlessConfigured)
{
    EXPECT_EQ(parse_station_config(kMinimal, "test.yaml").office.time_zone,
              reg::OfficeTimeZone::wib());
    EXPECT_EQ(load_station_config(KTPEL_SOURCE_DIR "/config/ktpeld.yaml").office.time_zone,
              reg::OfficeTimeZone::wib());
    for (const auto zone : reg::OfficeTimeZone::all())
        EXPECT_EQ(parse_station_config(std::string(kMinimal) + "office:\n  time_zone: " +
                                           std::string(zone.name()) + "\n",
                                       "test.yaml")
                      .office.time_zone,
                  zone);
}

TEST(ConfigLoader, UnknownOfficeTimeZoneIsLocatedAndListsTheZones)
{
    for (const char* zone : {"WITB", "UTC+7", "wib", "Asia/Makassar"}) {
        const auto error = error_of(std::string(kMinimal) + "office:\n  time_zone: " + zone + "\n");
        EXPECT_EQ(error.substr(0, 5), "6:14:") << error;
        EXPECT_NE(error.find(std::string("\"") + zone + "\""), std::string::npos) << error;
        EXPECT_NE(error.find("WIB, WITA, WIT"), std::string::npos) << error;
    }
    EXPECT_NE(error_of(std::string(kMinimal) + "office:\n  timezone: WIB\n")
                  .find("unknown key \"timezone\""),
              std::string::npos);
}

TEST(ConfigLoader, EmptyFileIsAnError)
{
    EXPECT_EQ(error_of("").substr(0, 4), "1:1:");
}

TEST(ConfigLoader, MissingFileIsAnError)
{
    EXPECT_THROW(load_station_config("/nonexistent/ktpeld.yaml"), ConfigError);
}

} // namespace
} // namespace ktpel::config
