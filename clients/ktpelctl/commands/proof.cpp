// SPDX-License-Identifier: Apache-2.0
// `ktpelctl proof`: the card as it would print (card.proof), as a PNG,
// without feeding a card.
#include <iostream>
#include <memory>

#include "../atomic_file.hpp"
#include "../card_request.hpp"
#include "../output.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

// Rendering takes about a second; allow for a busy station.
constexpr std::chrono::seconds kRenderAllowance{30};

struct ProofOptions
{
    std::string out;
    std::string card_file;
    std::string photo_file;
};

void proof(Connection& connection, const ProofOptions& options)
{
    auto request = make_card_request(options.card_file, options.photo_file);
    // The card data holds full NIKs: personal data, owner-only.
    AtomicFile file(options.out, AtomicFile::Access::owner_only);
    const auto reply =
        connection.client().call("card.proof", request.args, std::move(request.blobs),
                                 kRenderAllowance + connection.timeout());
    if (!reply.ok)
        throw ktpel::ProtocolError(reply.error.value_or(ktpel::Error{}));
    const auto& proof = reply.result.at("proof");
    const auto frame = proof.at("frame").get<std::size_t>();
    if (frame < 1 || frame > reply.blobs.size() || proof.value("format", "") != "image/png")
        throw ktpel::ClientError(ktpel::ClientErrorKind::malformed_reply,
                                 "card.proof result: no PNG blob where result.proof says");
    file.write(reply.blobs[frame - 1].bytes());
    file.commit();
    if (connection.json_output()) {
        print_json(std::cout, reply.result);
        return;
    }
    std::cout << "wrote " << file.target().string() << " (" << proof.value("width", 0) << 'x'
              << proof.value("height", 0) << ", " << reply.blobs[frame - 1].size() << " bytes)\n";
}

} // namespace

Command add_proof_command(CLI::App& app, Connection& connection)
{
    auto* command = app.add_subcommand(
        "proof", "Render a card as it would print (card.proof) into a PNG, without printing; "
                 "the specimen card unless --card/--photo say otherwise");
    auto options = std::make_shared<ProofOptions>();
    command->add_option("--out", options->out, "Output PNG")->required()->type_name("FILE");
    command->add_option("--card", options->card_file, "JSON object of card fields")
        ->type_name("FILE");
    command->add_option("--photo", options->photo_file, "Photo as a binary 8-bit PGM")
        ->type_name("FILE");
    return {command, [&connection, options] {
                proof(connection, *options);
            }};
}

} // namespace ktpelctl
