// SPDX-License-Identifier: Apache-2.0
// `ktpelctl receipt`: a completed service's proof of receipt (receipt.get)
// written to a PDF, to print it again at the counter.
#include <iostream>
#include <memory>

#include "../atomic_file.hpp"
#include "../output.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

struct ReceiptOptions
{
    std::string application;
    std::string out;
};

void receipt(Connection& connection, const ReceiptOptions& options)
{
    // The receipt shows the NIK and the applicant's signature: owner-only.
    AtomicFile file(options.out, AtomicFile::Access::owner_only);
    const auto reply = connection.client().call(
        "receipt.get", {{"application", options.application}}, {}, connection.timeout());
    if (!reply.ok)
        throw ktpel::ProtocolError(reply.error.value_or(ktpel::Error{}));
    const auto& pdf = reply.result.at("pdf");
    const auto frame = pdf.at("frame").get<std::size_t>();
    if (frame < 1 || frame > reply.blobs.size() || pdf.value("format", "") != "application/pdf")
        throw ktpel::ClientError(ktpel::ClientErrorKind::malformed_reply,
                                 "receipt.get result: no PDF blob where result.pdf says");
    file.write(reply.blobs[frame - 1].bytes());
    file.commit();
    if (connection.json_output()) {
        print_json(std::cout, reply.result);
        return;
    }
    std::cout << "wrote " << file.target().string() << " (receipt of "
              << reply.result.value("application", "") << ", " << reply.blobs[frame - 1].size()
              << " bytes, sha256 " << reply.result.value("sha256", "") << ")\n";
}

} // namespace

Command add_receipt_command(CLI::App& app, Connection& connection)
{
    auto* command = app.add_subcommand(
        "receipt", "Write a completed service's proof of receipt (receipt.get) to a PDF, to print "
                   "it again; needs an officer (--officer/--pin)");
    auto options = std::make_shared<ReceiptOptions>();
    command->add_option("application", options->application, "Application id, e.g. 20261124-0001")
        ->required();
    command->add_option("--out", options->out, "Output PDF")->required()->type_name("FILE");
    return {command, [&connection, options] {
                receipt(connection, *options);
            }};
}

} // namespace ktpelctl
