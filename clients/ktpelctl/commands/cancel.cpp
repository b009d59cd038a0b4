// SPDX-License-Identifier: Apache-2.0
// `ktpelctl cancel ID`: op.cancel for one request id.
#include <iostream>
#include <memory>

#include "../output.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

void cancel_request(Connection& connection, const std::string& id)
{
    const auto result = connection.call_ok("op.cancel", {{"id", id}});
    if (connection.json_output())
        print_json(std::cout, result);
    else
        std::cout << "cancel delivered to " << id << '\n';
}

} // namespace

Command add_cancel_command(CLI::App& app, Connection& connection)
{
    auto* cancel = app.add_subcommand(
        "cancel", "Cancel a request in flight (op.cancel). The daemon lets a client cancel only "
                  "its own requests, so from a separate ktpelctl this answers not_found; "
                  "Ctrl-C during `capture` is the usual way");
    auto id = std::make_shared<std::string>();
    cancel->add_option("ID", *id, "Request id, as shown by `watch --topic op.`")->required();
    return {cancel, [&connection, id] {
                cancel_request(connection, *id);
            }};
}

} // namespace ktpelctl
