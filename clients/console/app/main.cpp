// SPDX-License-Identifier: Apache-2.0
// ktpel-console: serves the officers' console to browsers and bridges it
// to ktpeld (docs/console.md). Logs to stderr; stops on SIGINT/SIGTERM,
// logging every session out.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <ktpel/endpoints.hpp>

#include "common/log.hpp"
#include "gateway.hpp"

#ifndef KTPEL_VERSION
#define KTPEL_VERSION "unknown"
#endif

int main(int argc, char** argv)
{
    ktpel::console::GatewayOptions options;
    options.web_root = KTPEL_CONSOLE_DEFAULT_WEB_ROOT;
    std::string runtime_dir;
    std::string listen = "127.0.0.1:8080";
    int release_after_s = static_cast<int>(options.release_after_no_tab.count());
    std::string log_level = "info";

    CLI::App app{"ktpel-console: the officers' web console for ktpeld"};
    app.set_version_flag("--version", KTPEL_VERSION);
    app.add_option("--listen", listen, "address:port to serve on (port 0: any free one)")
        ->capture_default_str();
    std::string web_root = options.web_root.string();
    app.add_option("--web-root", web_root, "directory of the console's pages")
        ->capture_default_str();
    app.add_option("--runtime-dir", runtime_dir,
                   "ktpeld's runtime directory (default $KTPEL_RUNTIME_DIR or /run/ktpeld)");
    app.add_option("--origin", options.allowed_origins,
                   "origin a WebSocket may come from (default: the console's own)");
    app.add_option("--release-after", release_after_s,
                   "seconds a session with no open tab keeps its daemon connection")
        ->capture_default_str()
        ->check(CLI::Range(1, 86400));
    app.add_option("--tab-queue-bytes", options.tab_queue_bytes,
                   "unsent bytes after which a tab that does not read is dropped")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{4096}, std::size_t{1} << 30));
    app.add_option("--tab-queue-frames", options.tab_queue_frames,
                   "unsent WebSocket frames after which a tab that does not read is dropped")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 24));
    app.add_option("--log-level", log_level, "error, warning, notice, info or debug")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    ktpel::log::Level level{};
    if (!ktpel::log::parse_level(log_level, level)) {
        std::cerr << "ktpel-console: unknown log level " << log_level << '\n';
        return 2;
    }
    ktpel::log::set_threshold(level);

    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "ktpel-console: --listen wants address:port\n";
        return 2;
    }
    options.listen_address = listen.substr(0, colon);
    if (options.listen_address.size() > 2 && options.listen_address.front() == '[')
        options.listen_address =
            options.listen_address.substr(1, options.listen_address.size() - 2);
    try {
        const int port = std::stoi(listen.substr(colon + 1));
        if (port < 0 || port > 65535)
            throw std::out_of_range("port");
        options.port = static_cast<std::uint16_t>(port);
    } catch (const std::exception&) {
        std::cerr << "ktpel-console: --listen wants address:port\n";
        return 2;
    }
    options.web_root = web_root;
    options.release_after_no_tab = std::chrono::seconds(release_after_s);
    const auto endpoints = ktpel::Endpoints::from_runtime_dir(
        runtime_dir.empty() ? ktpel::default_runtime_dir() : std::filesystem::path(runtime_dir));
    options.api_endpoint = endpoints.api;
    options.events_endpoint = endpoints.events;

    try {
        // Declared first, destroyed last: see Gateway's constructor.
        zmq::context_t zmq_context;
        boost::asio::io_context io;
        ktpel::console::Gateway gateway(io, zmq_context, options);
        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        boost::asio::steady_timer stopping(io);
        signals.async_wait([&](const boost::system::error_code& error, int) {
            if (error)
                return;
            ktpel::log::notice("ktpel-console: stopping");
            gateway.stop();
            // Let the logouts go out, then stop.
            stopping.expires_after(std::chrono::milliseconds(500));
            stopping.async_wait([&](const boost::system::error_code&) { io.stop(); });
        });
        std::signal(SIGPIPE, SIG_IGN);
        const auto url = "http://" + gateway.allowed_origins().front().substr(7) + "/";
        ktpel::log::notice("ktpel-console: serving " + options.web_root.string() + " on " + url +
                           " for ktpeld at " + options.api_endpoint);
        // The tests and run.sh read the URL from this line on stdout.
        std::cout << "listening " << url << std::endl;
        io.run();
    } catch (const std::exception& error) {
        std::cerr << "ktpel-console: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
