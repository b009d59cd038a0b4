// SPDX-License-Identifier: Apache-2.0
// `ktpelctl capture fingerprint`: one fingerprint.capture, saved as PGM,
// with the daemon's per-finger table (and each fingertip as a PGM too).
#include <filesystem>
#include <iostream>
#include <memory>

#include "../output.hpp"
#include "../pgm_file.hpp"
#include "../table.hpp"
#include "capture_common.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

constexpr const char* kOp = "fingerprint.capture";

struct FingerprintOptions
{
    CaptureCommon common;
    std::string out;
    std::string slot;
    std::string finger;
    std::vector<std::string> missing;
    std::string fingers_dir;
};

json fingerprint_args(const FingerprintOptions& options)
{
    json args = common_capture_args(options.common);
    if (!options.slot.empty())
        args["slot"] = options.slot;
    if (!options.finger.empty())
        args["finger"] = options.finger;
    if (!options.missing.empty())
        args["missing"] = options.missing;
    return args;
}

void print_summary(const json& result, const GreyImage& image, const PgmFile& file)
{
    std::cout << device_label(result) << ", " << cell(result, "/slot") << ": " << image.width << 'x'
              << image.height;
    if (const auto ppi = result.at("image").find("ppi"); ppi != result.at("image").end())
        std::cout << " at " << ppi->dump() << " ppi";
    std::cout << "\nwrote " << file.target().string() << '\n';
    print_capture_outcome(result);
    // The daemon's analysis of the slap, finger by finger.
    if (const auto fingers = result.find("fingers");
        fingers != result.end() && fingers->is_array()) {
        std::cout << "fingers: " << cell(result, "/found") << " found, "
                  << cell(result, "/expected") << " expected (" << cell(result, "/count") << ")";
        if (result.value("wrong_hand_suspected", false))
            std::cout << ", WRONG HAND suspected";
        std::cout << '\n';
        Table table({"POSITION", "QUALITY", "MINUTIAE", "BOX (x,y wxh)"});
        for (const auto& finger : *fingers) {
            table.add_row({cell(finger, "/position"), cell(finger, "/quality"),
                           cell(finger, "/minutiae"),
                           cell(finger, "/box/x") + "," + cell(finger, "/box/y") + " " +
                               cell(finger, "/box/width") + "x" + cell(finger, "/box/height")});
        }
        if (!table.empty())
            table.print(std::cout);
    }
}

// Each fingertip the daemon cut out, as DIR/<position>.pgm.
std::vector<std::filesystem::path> write_fingertips(const ktpel::Reply& reply,
                                                    const std::filesystem::path& dir)
{
    std::vector<std::filesystem::path> written;
    for (const auto& finger : reply.result.value("fingers", json::array())) {
        const auto key = finger.value("image", std::string{});
        if (key.empty())
            continue;
        const auto image = reply_grey_image(reply, kOp, key);
        PgmFile file(dir / (finger.value("position", key) + ".pgm"),
                     AtomicFile::Access::owner_only);
        file.write(image.width, image.height, image.pixels->bytes());
        file.commit();
        written.push_back(file.target());
    }
    return written;
}

void capture_fingerprint(Connection& connection, const FingerprintOptions& options)
{
    PgmFile file(options.out, AtomicFile::Access::owner_only); // before the subject is asked
    const auto reply =
        run_capture(connection, kOp, fingerprint_args(options), options.common, "fingerprint");
    const auto image = reply_grey_image(reply, kOp, "image");
    file.write(image.width, image.height, image.pixels->bytes());
    file.commit();
    std::vector<std::filesystem::path> fingertips;
    if (!options.fingers_dir.empty())
        fingertips = write_fingertips(reply, options.fingers_dir);

    if (connection.json_output()) {
        print_json(std::cout, reply.result);
        return;
    }
    print_summary(reply.result, image, file);
    for (const auto& path : fingertips)
        std::cout << "wrote " << path.string() << '\n';
}

} // namespace

Command add_capture_fingerprint(CLI::App& capture, Connection& connection)
{
    auto* command = capture.add_subcommand(
        "fingerprint", "Capture a slap (fingerprint.capture) into a binary PGM image, with the "
                       "daemon's per-finger table; Ctrl-C cancels the capture");
    auto options = std::make_shared<FingerprintOptions>();
    command->add_option("--out", options->out, "Output image, binary PGM (P5)")
        ->required()
        ->type_name("FILE");
    command->add_option("--slot", options->slot, "Which fingers (default: left_four)")
        ->check(CLI::IsMember({"left_four", "right_four", "thumbs", "single"}));
    command->add_option("--finger", options->finger,
                        "With --slot single: which finger, e.g. right_index");
    command->add_option("--missing", options->missing,
                        "A finger declared missing or injured (repeatable), e.g. left_ring");
    command
        ->add_option("--fingers-dir", options->fingers_dir,
                     "Also write each fingertip as DIR/<position>.pgm")
        ->check(CLI::ExistingDirectory)
        ->type_name("DIR");
    add_common_capture_options(*command, options->common, true);
    return {command, [&connection, options] {
                capture_fingerprint(connection, *options);
            }};
}

} // namespace ktpelctl
