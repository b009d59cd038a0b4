// SPDX-License-Identifier: Apache-2.0
// The daemon's configuration, as loaded from YAML (config/ktpeld.yaml).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/register/office_time_zone.hpp"

namespace ktpel::config {

struct ApiConfig
{
    std::string runtime_dir = "/run/ktpeld";
    std::string api_endpoint;    // empty: ipc://<runtime_dir>/api.sock
    std::string events_endpoint; // empty: ipc://<runtime_dir>/events.sock
};

struct Limits
{
    std::size_t max_message_bytes = 16 * 1024 * 1024;
    std::size_t max_header_bytes = 64 * 1024;
    std::size_t max_frames = 16;
    std::size_t max_in_flight_per_client = 8;
};

enum class UsbBackend
{
    emulated,
    libusb,
};

// An emulated USB device plugged into the emulated bus at start-up.
struct UsbEmulatorConfig
{
    std::string emulator; // kip-slap | kip-iris | kip-camera | evolis
    std::string location;
    std::string serial;
    std::uint64_t person = 1;
    std::uint32_t subject_delay_ms = 300;
};

enum class SmartcardBackend
{
    emulated, // the simulation's in-process readers
    pcsc,     // pcscd through libpcsclite
};

// An emulated smartcard reader and what it holds.
struct ReaderEmulatorConfig
{
    enum class Card
    {
        none,
        blank,               // a bare ISO 7816-4 card (answers SELECT MF)
        ktpel_chip,          // the encoder's slot: the printer's card's chip while it is there
        ktpel_sam,           // the issuer's SAM (demo key)
        ktpel_sam_wrong_key, // a SAM of another issuer: every chip refuses it
    };
    std::string name;
    Card card = Card::none;
};

struct DeviceMatch
{
    std::optional<std::uint16_t> vendor_id;
    std::optional<std::uint16_t> product_id;
    std::string serial;        // empty: any serial
    std::string reader_prefix; // PC/SC reader-name prefix
};

struct DeviceConfig
{
    std::string id;
    std::string driver;
    DeviceMatch match;
    nlohmann::json options = nlohmann::json::object();
};

struct OfficerConfig
{
    std::string id;
    std::string name;
    std::vector<std::string> roles;
    std::string pin_hash; // Argon2id string from `ktpeld --hash-pin`
};

// The office the station serves.
struct OfficeConfig
{
    // Its wall clock: office days (application ids, reports, register
    // dates), the receipt's times and the card's activation date.
    reg::OfficeTimeZone time_zone = reg::OfficeTimeZone::wib();
};

struct SopConfig
{
    std::string file;   // resolved against the configuration file's directory
    int time_scale = 1; // >1: training/demo mode, standard times divided by it
};

struct StationConfig
{
    std::string source; // the file it came from, for messages
    std::string log_level = "info";
    // Categories with a threshold of their own, as a KTPEL_LOG spec
    // ("kip:debug,usb:debug"); the environment's KTPEL_LOG wins over it.
    std::string log_categories;
    ApiConfig api;
    Limits limits;
    UsbBackend usb_backend = UsbBackend::emulated;
    std::vector<UsbEmulatorConfig> usb_emulators;
    std::vector<ReaderEmulatorConfig> reader_emulators;
    SmartcardBackend smartcard_backend = SmartcardBackend::emulated;
    // With the pcsc backend: the ktpel-virtual-chip program's control
    // socket, through which the simulated printer moves chips in and out
    // of the encoder slot. Empty: the printer's cards carry no chip.
    std::string chip_control_socket;
    std::vector<DeviceConfig> devices;
    std::vector<OfficerConfig> officers;
    std::uint32_t session_idle_timeout_s = 900;
    OfficeConfig office;
    std::optional<SopConfig> sop;
    std::string register_path; // empty: <state dir>/register.sqlite
    std::string
        card_layout; // the card front's layout file (resolved like sop.file); empty: no printing
};

} // namespace ktpel::config
