// SPDX-License-Identifier: Apache-2.0
// ktpeld: the KTP-el station daemon.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>

#include "common/log.hpp"
#include "common/log_category.hpp"
#include "daemon/api/api_server.hpp"
#include "daemon/api/event_publisher.hpp"
#include "daemon/auth/pin_hash.hpp"
#include "daemon/config/config_loader.hpp"
#include "daemon/devices/device_manager.hpp"
#include "daemon/ops/device_operation_names.hpp"
#include "daemon/register/register.hpp"
#include "daemon/runtime/runtime_directory.hpp"
#include "daemon/runtime/state_directory.hpp"
#include "daemon/sop/sop_loader.hpp"
#include "graceful_shutdown.hpp"
#include "operation_set.hpp"
#include "simulation_factory.hpp"
#include "sop_station.hpp"
#include "station_buses.hpp"

namespace {

using namespace ktpel;

// Exit codes (also in docs/operations.md).
constexpr int kExitOk = 0;
constexpr int kExitConfig = 2;
constexpr int kExitAlreadyRunning = 3;
constexpr int kExitStartup = 4;

constexpr std::chrono::milliseconds kShutdownGrace{3000};
// Samples held for open applications: a full step 4 is about 10 MB, so this
// serves a busy day's open applications with room to spare.
constexpr std::size_t kHeldCaptureLimitBytes = 256u << 20;

struct Options
{
    std::string config_path = "/etc/ktpeld/ktpeld.yaml";
    std::string runtime_dir;         // overrides the configuration
    std::string state_dir;           // where the register lives (overrides $STATE_DIRECTORY)
    int time_scale = 0;              // >0 overrides sop.time_scale (training, demos)
    std::string smartcard_backend;   // overrides smartcard.backend
    std::string chip_control_socket; // overrides simulation.chip_control_socket
    bool check_only = false;
    bool hash_pin = false;
};

std::string choose_register_path(const Options& options, const config::StationConfig& config)
{
    if (!options.state_dir.empty())
        return options.state_dir + "/register.sqlite";
    if (!config.register_path.empty())
        return config.register_path;
    // systemd's StateDirectory= tells us where our state lives.
    if (const char* from_systemd = std::getenv("STATE_DIRECTORY"))
        return std::string(from_systemd) + "/register.sqlite";
    return "/var/lib/ktpeld/register.sqlite";
}

std::vector<auth::Officer> officers_of(const config::StationConfig& config)
{
    std::vector<auth::Officer> officers;
    for (const auto& officer : config.officers)
        officers.push_back({officer.id,
                            officer.name,
                            {officer.roles.begin(), officer.roles.end()},
                            officer.pin_hash});
    return officers;
}

std::string choose_runtime_dir(const Options& options, const config::StationConfig& config)
{
    if (!options.runtime_dir.empty())
        return options.runtime_dir;
    // systemd's RuntimeDirectory= tells us where it made our directory.
    if (const char* from_systemd = std::getenv("RUNTIME_DIRECTORY"))
        return from_systemd;
    return config.api.runtime_dir;
}

// The files the configuration points at, loaded (and so validated) once
// before anything starts.
struct StationFiles
{
    std::optional<sop::Sop> sop;
    std::optional<card::CardLayout> card_layout;
};

StationFiles load_station_files(const config::StationConfig& config)
{
    StationFiles files;
    if (config.sop)
        files.sop = sop::load_sop(config.sop->file, daemon::device_operation_names());
    if (!config.card_layout.empty())
        files.card_layout = card::load_card_layout(config.card_layout);
    return files;
}

int serve(const Options& options, const config::StationConfig& config, StationFiles files)
{
    log::Level level{};
    log::parse_level(config.log_level, level);
    log::set_threshold(level);
    log::configure(config.log_categories); // checked when the config was read
    // KTPEL_LOG was applied when the first category was made; applied again
    // after the file so that a technician's one-off override wins over it.
    if (const char* from_environment = std::getenv("KTPEL_LOG"))
        log::configure(from_environment);

    daemon::RuntimeDirectory runtime(choose_runtime_dir(options, config));
    const auto api_endpoint =
        config.api.api_endpoint.empty() ? runtime.endpoint("api.sock") : config.api.api_endpoint;
    const auto events_endpoint = config.api.events_endpoint.empty()
                                     ? runtime.endpoint("events.sock")
                                     : config.api.events_endpoint;

    boost::asio::io_context io;
    zmq::context_t zmq_context;

    // Sockets are created 0660 from the first instant: the umask applies at
    // bind, a chmod afterwards would leave a window.
    const mode_t previous_umask = ::umask(0117);
    daemon::EventPublisher events(zmq_context, events_endpoint);
    daemon::OperationTable operations;
    daemon::ApiServer api(io, zmq_context, api_endpoint, config.limits, operations);
    ::umask(previous_umask);

    // The state directory holds the register, the receipts and the
    // simulated cards: the service's alone (docs/register.md, File modes).
    const auto register_path = choose_register_path(options, config);
    const auto register_parent = std::filesystem::path(register_path).parent_path();
    const auto state_dir = register_parent.empty() ? std::filesystem::path(".") : register_parent;
    if (app::wants_simulation(config) || config.sop) {
        daemon::prepare_state_directory(state_dir);
        // SQLite gives -wal and -shm the database file's mode when it
        // creates them; files left looser by an older ktpeld are tightened.
        for (const char* suffix : {"", "-wal", "-shm"})
            daemon::tighten_private_file(register_path + suffix);
    }
    auto buses = app::open_station_buses(io, config, state_dir);

    auth::SessionManager sessions(officers_of(config),
                                  std::chrono::seconds(config.session_idle_timeout_s));
    daemon::DeviceWorker slow_work("auth");
    api.set_authenticator(
        [&sessions](const std::string& token, const std::string& client) -> const auth::Officer* {
            const auto* session =
                sessions.authenticate(token, client, auth::SessionManager::Clock::now());
            return session ? session->officer : nullptr;
        });

    // Held samples are wiped at shutdown by the store's destructor, and
    // when their application closes.
    daemon::CaptureStore captures(kHeldCaptureLimitBytes);
    // The SOP, its register, the application service and the receipts.
    std::unique_ptr<app::SopStation> sop_station;
    if (config.sop)
        sop_station = app::open_sop_station(io, config, *files.sop, register_path, state_dir,
                                            events, captures);
    daemon::DeviceManager devices(io, events, *buses.usb, buses.readers, config.devices);
    daemon::StationCore core{
        config,
        devices,
        events,
        operations,
        [&api](const std::string& client, const std::string& id) { return api.cancel(client, id); },
        io,
        sessions,
        slow_work,
        captures};
    std::optional<daemon::SopServices> sop;
    if (sop_station)
        sop.emplace(*sop_station->applications, *sop_station->register_db, *sop_station->receipts);
    app::register_operations(operations, core, sop ? &*sop : nullptr, buses.simulation.get(),
                             std::move(files.card_layout));
    if (sop)
        sop->applications.restore();

    if (buses.pcsc)
        buses.pcsc->start(io, devices); // the monitor first, then the enumeration
    devices.start();
    api.start();
    log::notice("ktpeld " KTPEL_VERSION " serving " + api_endpoint + " (events " + events_endpoint +
                ")");
    sd_notify(0, "READY=1\nSTATUS=serving");

    app::GracefulShutdown shutdown(io, api, devices, kShutdownGrace);
    io.run();
    // The monitor's closures reach into `devices`: stop it first. The bus
    // itself outlives `devices`, whose readers refer to it.
    if (buses.pcsc)
        buses.pcsc->stop();
    api.close();
    events.close();
    log::notice("ktpeld stopped");
    return kExitOk;
}

} // namespace

int main(int argc, char** argv)
{
    // Everything ktpeld creates is the service's alone unless it says
    // otherwise (the sockets, 0660): the register, receipts and cards hold
    // personal data, and an inherited umask (022, or 000 from a careless
    // launcher) must not decide who may read them. Files and directories
    // are also created with explicit modes; this is the safety net.
    ::umask(0077);
    CLI::App app{"ktpeld - KTP-el station daemon"};
    Options options;
    app.add_option("-c,--config", options.config_path, "configuration file (YAML)")
        ->capture_default_str();
    app.add_option("--runtime-dir", options.runtime_dir,
                   "directory for the sockets (overrides the configuration)");
    app.add_option("--state-dir", options.state_dir,
                   "directory of the register (overrides the configuration)");
    app.add_option("--time-scale", options.time_scale,
                   "run the SOP's standard times this many times faster")
        ->check(CLI::Range(1, 3600));
    app.add_option("--smartcard-backend", options.smartcard_backend,
                   "emulated or pcsc (overrides smartcard.backend)")
        ->check(CLI::IsMember({"emulated", "pcsc"}));
    app.add_option("--chip-control-socket", options.chip_control_socket,
                   "the ktpel-virtual-chip control socket the simulated printer steers "
                   "(overrides simulation.chip_control_socket)");
    app.add_flag("--check-config", options.check_only, "validate the configuration and exit");
    app.add_flag("--hash-pin", options.hash_pin,
                 "read a PIN on standard input and print its Argon2id hash");
    app.set_version_flag("--version", "ktpeld " KTPEL_VERSION);
    app.footer(
        "Exit codes: 0 ok, 2 configuration error, 3 another ktpeld serves the runtime directory, "
        "4 start-up failure.");
    CLI11_PARSE(app, argc, argv);

    if (options.hash_pin) {
        std::string pin;
        std::getline(std::cin, pin);
        if (pin.size() < 4) {
            log::error("a PIN has at least 4 characters");
            return kExitConfig;
        }
        std::cout << auth::hash_pin(pin) << "\n";
        return kExitOk;
    }

    config::StationConfig config;
    try {
        config = config::load_station_config(options.config_path);
    } catch (const config::ConfigError& e) {
        log::error(e.what());
        return kExitConfig;
    }
    if (config.sop && options.time_scale > 0)
        config.sop->time_scale = options.time_scale;
    if (!options.smartcard_backend.empty())
        config.smartcard_backend = options.smartcard_backend == "pcsc"
                                       ? config::SmartcardBackend::pcsc
                                       : config::SmartcardBackend::emulated;
    if (!options.chip_control_socket.empty())
        config.chip_control_socket = options.chip_control_socket;
    StationFiles files;
    try {
        files = load_station_files(config);
    } catch (const config::ConfigError& e) {
        log::error(e.what());
        return kExitConfig;
    }
    if (const auto setting = app::simulation_setting_in(config);
        !setting.empty() && !app::simulation_built_in()) {
        log::error(options.config_path + ": " + setting +
                   " asks for simulated devices, but this ktpeld was built without simulation "
                   "(KTPEL_SIMULATION=OFF); configure real devices instead");
        return kExitConfig;
    }
    if (options.check_only) {
        log::notice(options.config_path + ": configuration is valid");
        return kExitOk;
    }
    try {
        return serve(options, config, std::move(files));
    } catch (const daemon::AlreadyRunning& e) {
        log::error(std::string(e.what()) + "; refusing to start");
        return kExitAlreadyRunning;
    } catch (const std::exception& e) {
        log::error(std::string("cannot start: ") + e.what());
        return kExitStartup;
    }
}
