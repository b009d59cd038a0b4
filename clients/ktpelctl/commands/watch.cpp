// SPDX-License-Identifier: Apache-2.0
// `ktpelctl watch`: the event stream, one line per event.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <vector>

#include "../interrupt.hpp"
#include "../output.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

struct WatchOptions
{
    std::vector<std::string> topic_prefixes;
    std::uint64_t count = 0; // 0: until interrupted
};

std::string local_time(double epoch_seconds)
{
    const double whole = std::floor(epoch_seconds);
    const auto seconds = static_cast<std::time_t>(whole);
    const int millis = std::clamp(static_cast<int>((epoch_seconds - whole) * 1000.0), 0, 999);
    std::tm parts{};
    ::localtime_r(&seconds, &parts);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &parts);
    char stamp[40];
    std::snprintf(stamp, sizeof stamp, "%s.%03d", date, millis);
    return stamp;
}

// `seq` counts per topic; a jump means PUB dropped events for us, a step
// back that the daemon restarted. Either way the technician should know.
class SequenceCheck
{
public:
    void check(const ktpel::Event& event)
    {
        const auto [it, first] = last_.try_emplace(event.topic, event.seq);
        if (first)
            return;
        const std::uint64_t previous = it->second;
        it->second = event.seq;
        if (event.seq > previous + 1) {
            std::cerr << "ktpelctl: missed " << event.seq - previous - 1 << " event(s) on "
                      << event.topic << '\n';
        } else if (event.seq <= previous) {
            std::cerr << "ktpelctl: " << event.topic << " seq went back from " << previous << " to "
                      << event.seq << ": the daemon restarted\n";
        }
    }

private:
    std::map<std::string, std::uint64_t> last_;
};

void print_event(const ktpel::Event& event, bool json_output)
{
    if (json_output) {
        json line = event.header();
        if (!event.blobs.empty()) {
            line["blob_sizes"] = json::array();
            for (const auto& blob : event.blobs)
                line["blob_sizes"].push_back(blob.size());
        }
        print_json(std::cout, line, true);
        return;
    }
    std::cout << local_time(event.time) << "  " << event.topic << "  #" << event.seq << "  "
              << event.data.dump(-1, ' ', false, json::error_handler_t::replace);
    if (!event.blobs.empty()) {
        std::cout << "  [+" << event.blobs.size() << " blob(s):";
        for (const auto& blob : event.blobs)
            std::cout << ' ' << blob.size() << " B";
        std::cout << ']';
    }
    // Flushed per line: watch is often piped into grep or tee.
    std::cout << std::endl;
}

void watch(Connection& connection, const WatchOptions& options)
{
    std::vector<std::string> prefixes = options.topic_prefixes;
    if (prefixes.empty())
        prefixes.emplace_back(""); // everything
    auto subscriber = connection.subscribe(prefixes);
    const InterruptWatch interrupt;
    SequenceCheck sequence;
    std::uint64_t shown = 0;
    while (!interrupt.requested() && (options.count == 0 || shown < options.count)) {
        std::optional<ktpel::Event> event;
        try {
            event = subscriber.next(200ms);
        } catch (const ktpel::ClientError& e) {
            if (e.kind() != ktpel::ClientErrorKind::malformed_event)
                throw;
            std::cerr << "ktpelctl: skipped an event: " << e.what() << '\n';
            continue;
        }
        if (!event)
            continue;
        sequence.check(*event);
        print_event(*event, connection.json_output());
        ++shown;
    }
}

} // namespace

Command add_watch_command(CLI::App& app, Connection& connection)
{
    auto* command = app.add_subcommand(
        "watch", "Print events as they happen, one line each: time, topic, seq, data");
    auto options = std::make_shared<WatchOptions>();
    command
        ->add_option("--topic", options->topic_prefixes,
                     "Topic prefix to show, repeatable (default: all), e.g. device. or op.")
        ->type_name("PREFIX");
    command
        ->add_option("--count", options->count, "Stop after N events (default: run until Ctrl-C)")
        ->type_name("N");
    return {command, [&connection, options] {
                watch(connection, *options);
            }};
}

} // namespace ktpelctl
