// SPDX-License-Identifier: Apache-2.0
#include "config_loader.hpp"

#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "../../drivers/registry/driver_registry.hpp"
#include "../auth/pin_hash.hpp"
#include "yaml_map_reader.hpp"

namespace ktpel::config {
namespace {

nlohmann::json to_json(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        auto object = nlohmann::json::object();
        for (const auto& entry : node)
            object[entry.first.as<std::string>()] = to_json(entry.second);
        return object;
    }
    case YAML::NodeType::Sequence: {
        auto array = nlohmann::json::array();
        for (const auto& item : node)
            array.push_back(to_json(item));
        return array;
    }
    case YAML::NodeType::Scalar: {
        std::int64_t integer = 0;
        const auto& text = node.Scalar();
        if (const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
            ec == std::errc{} && end == text.data() + text.size())
            return integer;
        bool flag = false;
        if (node.Tag() != "!" && YAML::convert<bool>::decode(node, flag))
            return flag;
        return text;
    }
    default:
        return nullptr;
    }
}

std::uint16_t parse_hex16(const YamlMapReader& reader, const YAML::Node& at, std::string_view text)
{
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (text.empty() || text.size() > 4 || ec != std::errc{} || end != text.data() + text.size())
        reader.fail(at, "USB ids are written as \"vvvv:pppp\" in hexadecimal");
    return static_cast<std::uint16_t>(value);
}

ApiConfig read_api(const YAML::Node& node, const std::string& file)
{
    YamlMapReader reader(node, file, "api", {"runtime_dir", "api_endpoint", "events_endpoint"});
    ApiConfig api;
    api.runtime_dir = reader.optional_string("runtime_dir").value_or(api.runtime_dir);
    api.api_endpoint = reader.optional_string("api_endpoint").value_or("");
    api.events_endpoint = reader.optional_string("events_endpoint").value_or("");
    for (const auto* key : {"api_endpoint", "events_endpoint"}) {
        const auto endpoint = reader.optional_string(key).value_or("");
        if (!endpoint.empty() && endpoint.rfind("ipc://", 0) != 0)
            reader.fail(reader.mapping()[key],
                        std::string("\"") + key +
                            "\" must be an ipc:// endpoint (tcp needs CURVE, not supported yet)");
    }
    return api;
}

Limits read_limits(const YAML::Node& node, const std::string& file)
{
    YamlMapReader reader(
        node, file, "limits",
        {"max_message_bytes", "max_header_bytes", "max_frames", "max_in_flight_per_client"});
    Limits limits;
    limits.max_message_bytes =
        reader.integer_in("max_message_bytes", limits.max_message_bytes, 1024, 1ull << 30);
    limits.max_header_bytes =
        reader.integer_in("max_header_bytes", limits.max_header_bytes, 256, 16 << 20);
    limits.max_frames = reader.integer_in("max_frames", limits.max_frames, 1, 1024);
    limits.max_in_flight_per_client =
        reader.integer_in("max_in_flight_per_client", limits.max_in_flight_per_client, 1, 1024);
    if (limits.max_header_bytes > limits.max_message_bytes)
        reader.fail(reader.mapping()["max_header_bytes"],
                    "max_header_bytes cannot exceed max_message_bytes");
    return limits;
}

void read_simulation(const YAML::Node& node, const std::string& file, StationConfig& config)
{
    YamlMapReader reader(node, file, "simulation", {"usb", "readers", "chip_control_socket"});
    config.chip_control_socket = reader.optional_string("chip_control_socket").value_or("");
    std::set<std::string> locations;
    if (reader.has("usb")) {
        const auto list = reader.mapping()["usb"];
        if (!list.IsSequence())
            reader.fail(list, "simulation.usb must be a list");
        for (const auto& item : list) {
            YamlMapReader device(item, file, "a simulated USB device",
                                 {"emulator", "location", "serial", "person", "subject_delay_ms"});
            UsbEmulatorConfig emulator;
            emulator.emulator = device.string("emulator");
            static const std::set<std::string> known{
                "kip-slap", "kip-iris", "kip-camera", "ptp-camera", "ksp-signature-pad", "evolis"};
            if (!known.contains(emulator.emulator))
                device.fail(item["emulator"],
                            "unknown emulator \"" + emulator.emulator +
                                "\" (known: evolis, kip-camera, kip-iris, kip-slap)");
            emulator.location = device.string("location");
            if (!locations.insert(emulator.location).second)
                device.fail(item["location"],
                            "two simulated devices at location \"" + emulator.location + "\"");
            emulator.serial = device.string("serial");
            emulator.person =
                device.integer_in("person", 1, 0, std::numeric_limits<std::uint32_t>::max());
            emulator.subject_delay_ms =
                static_cast<std::uint32_t>(device.integer_in("subject_delay_ms", 300, 0, 600000));
            config.usb_emulators.push_back(emulator);
        }
    }
    if (reader.has("readers")) {
        const auto list = reader.mapping()["readers"];
        if (!list.IsSequence())
            reader.fail(list, "simulation.readers must be a list");
        for (const auto& item : list) {
            YamlMapReader entry(item, file, "a simulated reader", {"name", "card"});
            using Card = ReaderEmulatorConfig::Card;
            static const std::map<std::string, Card> cards{
                {"none", Card::none},
                {"blank", Card::blank},
                {"ktpel-chip", Card::ktpel_chip},
                {"ktpel-sam", Card::ktpel_sam},
                {"ktpel-sam-wrong-key", Card::ktpel_sam_wrong_key}};
            const auto card = entry.optional_string("card").value_or("none");
            const auto known = cards.find(card);
            if (known == cards.end())
                entry.fail(item["card"], "unknown card \"" + card +
                                             "\" (known: none, blank, ktpel-chip, ktpel-sam, "
                                             "ktpel-sam-wrong-key)");
            config.reader_emulators.push_back({entry.string("name"), known->second});
        }
    }
}

DeviceConfig read_device(const YAML::Node& node, const std::string& file,
                         std::set<std::string>& ids)
{
    YamlMapReader reader(node, file, "a device", {"id", "driver", "match", "options"});
    DeviceConfig device;
    device.id = reader.string("id");
    if (device.id.empty() || device.id.size() > 64 ||
        device.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
        reader.fail(node["id"], "device ids are 1-64 characters of a-z, 0-9, '_' and '-'");
    if (!ids.insert(device.id).second)
        reader.fail(node["id"], "duplicate device id \"" + device.id + "\"");
    device.driver = reader.string("driver");
    const auto* driver = drivers::DriverRegistry::instance().find(device.driver);
    if (!driver) {
        std::string known;
        for (const auto& d : drivers::DriverRegistry::instance().all())
            known += (known.empty() ? "" : ", ") + d.name;
        reader.fail(node["driver"],
                    "unknown driver \"" + device.driver + "\" (known: " + known + ")");
    }
    if (!reader.has("match"))
        reader.fail(node, "missing required key \"match\"");
    const auto match_node = reader.mapping()["match"];
    YamlMapReader match(match_node, file, "match", {"usb", "serial", "reader"});
    if (match.has("usb")) {
        const auto usb = match.string("usb");
        const auto colon = usb.find(':');
        if (colon == std::string::npos)
            match.fail(match_node["usb"], "USB ids are written as \"vvvv:pppp\" in hexadecimal");
        device.match.vendor_id =
            parse_hex16(match, match_node["usb"], std::string_view(usb).substr(0, colon));
        device.match.product_id =
            parse_hex16(match, match_node["usb"], std::string_view(usb).substr(colon + 1));
        const bool in_table =
            std::any_of(driver->usb_ids.begin(), driver->usb_ids.end(), [&](const auto& id) {
                return id.vendor_id == *device.match.vendor_id &&
                       id.product_id == *device.match.product_id;
            });
        if (!in_table)
            match.fail(match_node["usb"],
                       "driver \"" + device.driver + "\" does not handle USB id " + usb);
    }
    device.match.serial = match.optional_string("serial").value_or("");
    device.match.reader_prefix = match.optional_string("reader").value_or("");
    const bool usb_driver = !driver->usb_ids.empty();
    if (usb_driver && !device.match.vendor_id)
        match.fail(match_node,
                   "driver \"" + device.driver + "\" is a USB driver: match needs \"usb\"");
    if (!usb_driver && device.match.reader_prefix.empty())
        match.fail(match_node,
                   "driver \"" + device.driver + "\" is a PC/SC driver: match needs \"reader\"");
    if (reader.has("options")) {
        if (!reader.mapping()["options"].IsMap())
            reader.fail(reader.mapping()["options"], "\"options\" must be a mapping");
        device.options = to_json(reader.mapping()["options"]);
    }
    return device;
}

std::vector<OfficerConfig> read_officers(const YAML::Node& node, const YamlMapReader& parent,
                                         const std::string& file)
{
    if (!node.IsSequence())
        parent.fail(node, "\"officers\" must be a list");
    std::vector<OfficerConfig> officers;
    std::set<std::string> ids;
    for (const auto& item : node) {
        YamlMapReader reader(item, file, "an officer", {"id", "name", "roles", "pin_hash"});
        OfficerConfig officer;
        officer.id = reader.string("id");
        if (officer.id.empty() || !ids.insert(officer.id).second)
            reader.fail(item["id"], "officer ids must be unique and not empty");
        officer.name = reader.string("name");
        if (!reader.has("roles") || !reader.mapping()["roles"].IsSequence() ||
            reader.mapping()["roles"].size() == 0)
            reader.fail(reader.has("roles") ? reader.mapping()["roles"] : YAML::Node(item),
                        "\"roles\" must be a non-empty list");
        for (const auto& role : reader.mapping()["roles"]) {
            if (!role.IsScalar())
                reader.fail(role, "a role is a role id string");
            officer.roles.push_back(role.as<std::string>());
        }
        officer.pin_hash = reader.string("pin_hash");
        if (!auth::is_pin_hash(officer.pin_hash))
            reader.fail(item["pin_hash"],
                        "pin_hash must be an Argon2id hash (make one with: ktpeld --hash-pin)");
        officers.push_back(std::move(officer));
    }
    return officers;
}

OfficeConfig read_office(const YAML::Node& node, const std::string& file)
{
    YamlMapReader reader(node, file, "office", {"time_zone"});
    OfficeConfig office;
    if (const auto name = reader.optional_string("time_zone")) {
        const auto zone = reg::OfficeTimeZone::named(*name);
        if (!zone)
            reader.fail(reader.mapping()["time_zone"],
                        "unknown office.time_zone \"" + *name +
                            "\" (known: " + reg::OfficeTimeZone::known_names() +
                            "; Indonesia's zones by name, not as UTC offsets)");
        office.time_zone = *zone;
    }
    return office;
}

// Relative paths are relative to the configuration file, so a station
// directory (configuration, SOP, card layout) can be moved as a whole.
std::string beside(const std::string& config_file, const std::string& path)
{
    if (path.empty() || path.front() == '/')
        return path;
    const auto slash = config_file.find_last_of('/');
    return slash == std::string::npos ? path : config_file.substr(0, slash + 1) + path;
}

// log_categories: {kip: debug, usb: debug}, as a KTPEL_LOG spec. Names
// are not checked against a list: categories are made by the components
// that log, and one a build does not have is simply never used.
std::string read_log_categories(const YAML::Node& node, const std::string& file,
                                const std::set<std::string>& levels)
{
    if (!node.IsMap())
        fail_at(file, node, "log_categories must map category names to levels");
    std::string spec;
    for (const auto& item : node) {
        const auto name = item.first.as<std::string>();
        const bool well_formed =
            name == "*" ||
            (!name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                     "0123456789_") == std::string::npos);
        if (!well_formed)
            fail_at(file, item.first,
                    "log category \"" + name +
                        "\" must be lower-case letters, digits and _ (or *)");
        if (!item.second.IsScalar() || !levels.contains(item.second.as<std::string>()))
            fail_at(file, item.second,
                    "log_categories." + name + " must be error, warning, notice, info or debug");
        spec += (spec.empty() ? "" : ",") + name + ":" + item.second.as<std::string>();
    }
    return spec;
}

StationConfig read_station(const YAML::Node& root, const std::string& file)
{
    if (!root || root.IsNull())
        throw ConfigError(file, 1, 1, "the configuration is empty");
    YamlMapReader reader(root, file, "the configuration",
                         {"log_level", "log_categories", "api", "limits", "usb", "smartcard",
                          "simulation", "devices", "officers", "sessions", "office", "sop",
                          "register", "card"});
    StationConfig config;
    config.source = file;
    config.log_level = reader.optional_string("log_level").value_or("info");
    static const std::set<std::string> levels{"error", "warning", "notice", "info", "debug"};
    if (!levels.contains(config.log_level))
        reader.fail(root["log_level"], "log_level must be error, warning, notice, info or debug");
    if (reader.has("log_categories"))
        config.log_categories = read_log_categories(root["log_categories"], file, levels);
    if (reader.has("api"))
        config.api = read_api(reader.mapping()["api"], file);
    if (reader.has("limits"))
        config.limits = read_limits(reader.mapping()["limits"], file);
    if (reader.has("usb")) {
        YamlMapReader usb(reader.mapping()["usb"], file, "usb", {"backend"});
        const auto backend = usb.string("backend");
        if (backend == "emulated")
            config.usb_backend = UsbBackend::emulated;
        else if (backend == "libusb")
            config.usb_backend = UsbBackend::libusb;
        else
            usb.fail(reader.mapping()["usb"]["backend"],
                     "usb.backend must be \"emulated\" or \"libusb\"");
    }
    if (reader.has("smartcard")) {
        YamlMapReader smartcard(reader.mapping()["smartcard"], file, "smartcard", {"backend"});
        const auto backend = smartcard.string("backend");
        if (backend == "emulated")
            config.smartcard_backend = SmartcardBackend::emulated;
        else if (backend == "pcsc")
            config.smartcard_backend = SmartcardBackend::pcsc;
        else
            smartcard.fail(reader.mapping()["smartcard"]["backend"],
                           "smartcard.backend must be \"emulated\" or \"pcsc\"");
    }
    if (reader.has("simulation"))
        read_simulation(reader.mapping()["simulation"], file, config);
    if (!reader.has("devices"))
        reader.fail(root, "missing required key \"devices\"");
    const auto devices = reader.mapping()["devices"];
    if (!devices.IsSequence())
        reader.fail(devices, "\"devices\" must be a list");
    std::set<std::string> ids;
    for (const auto& item : devices)
        config.devices.push_back(read_device(item, file, ids));
    if (reader.has("officers"))
        config.officers = read_officers(reader.mapping()["officers"], reader, file);
    if (reader.has("sessions")) {
        YamlMapReader sessions(reader.mapping()["sessions"], file, "sessions", {"idle_timeout_s"});
        config.session_idle_timeout_s =
            static_cast<std::uint32_t>(sessions.integer_in("idle_timeout_s", 900, 10, 24 * 3600));
    }
    if (reader.has("office"))
        config.office = read_office(reader.mapping()["office"], file);
    if (reader.has("sop")) {
        YamlMapReader sop(reader.mapping()["sop"], file, "sop", {"file", "time_scale"});
        SopConfig sop_config;
        sop_config.file = sop.string("file");
        sop_config.file = beside(file, sop_config.file);
        sop_config.time_scale = static_cast<int>(sop.integer_in("time_scale", 1, 1, 3600));
        config.sop = sop_config;
    }
    if (reader.has("card")) {
        YamlMapReader card(reader.mapping()["card"], file, "card", {"layout"});
        config.card_layout = beside(file, card.string("layout"));
    }
    if (reader.has("register")) {
        YamlMapReader reg(reader.mapping()["register"], file, "register", {"path"});
        config.register_path = reg.optional_string("path").value_or("");
    }
    return config;
}

} // namespace

StationConfig parse_station_config(const std::string& text, const std::string& source_name)
{
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw ConfigError(source_name, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
    try {
        return read_station(root, source_name);
    } catch (const YAML::Exception& e) {
        // A conversion yaml-cpp itself refused (e.g. a key that is a mapping).
        throw ConfigError(source_name, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
}

StationConfig load_station_config(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ConfigError(path, 0, 0, "cannot open the configuration file");
    std::stringstream text;
    text << in.rdbuf();
    return parse_station_config(text.str(), path);
}

} // namespace ktpel::config
