// SPDX-License-Identifier: Apache-2.0
// `ktpelctl capture iris`: both eyes (iris.capture) as PGM images and the
// ISO/IEC 19794-6 record, with the daemon's per-eye quality table.
#include <iostream>
#include <memory>
#include <optional>

#include "../output.hpp"
#include "../pgm_file.hpp"
#include "../table.hpp"
#include "capture_common.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

constexpr const char* kOp = "iris.capture";

struct IrisOptions
{
    CaptureCommon common;
    std::string right;
    std::string left;
    std::string record;
    std::vector<std::string> missing;
};

std::string measure(const json& eye, const char* pointer, int decimals)
{
    const auto ptr = json::json_pointer(pointer);
    if (!eye.contains(ptr) || !eye.at(ptr).is_number())
        return "-";
    const double value = eye.at(ptr).get<double>();
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

void print_summary(const json& result, const std::vector<std::string>& written)
{
    std::cout << device_label(result) << '\n';
    for (const auto& path : written)
        std::cout << "wrote " << path << '\n';
    print_capture_outcome(result);
    Table table({"EYE", "STATUS", "QUALITY", "SHARPNESS", "USABLE %", "OCCLUDED", "PUPIL/IRIS",
                 "IRIS R px"});
    for (const auto* side : {"right", "left"}) {
        const auto eye = result.value("eyes", json::object()).value(side, json::object());
        table.add_row({side, cell(eye, "/status"), cell(eye, "/quality"),
                       measure(eye, "/measures/sharpness", 0),
                       measure(eye, "/measures/usable_iris_area", 0),
                       measure(eye, "/measures/occluded_fraction", 2),
                       measure(eye, "/measures/pupil_iris_ratio", 2),
                       measure(eye, "/measures/iris_radius_px", 0)});
    }
    table.print(std::cout);
}

void capture_iris(Connection& connection, const IrisOptions& options)
{
    // Files first: an unwritable path fails before the applicant is asked.
    std::optional<PgmFile> right, left;
    std::optional<AtomicFile> record;
    if (!options.right.empty())
        right.emplace(options.right, AtomicFile::Access::owner_only);
    if (!options.left.empty())
        left.emplace(options.left, AtomicFile::Access::owner_only);
    if (!options.record.empty())
        record.emplace(options.record, AtomicFile::Access::owner_only);

    json args = common_capture_args(options.common);
    if (!options.missing.empty())
        args["missing"] = options.missing;
    const auto reply = run_capture(connection, kOp, args, options.common, "iris");

    std::vector<std::string> written;
    const auto save = [&](std::optional<PgmFile>& file, const char* side) {
        if (!file)
            return;
        if (!reply.result.contains(side)) {
            std::cerr << "ktpelctl: no " << side << " eye image (declared missing)\n";
            return;
        }
        const auto image = reply_grey_image(reply, kOp, side);
        file->write(image.width, image.height, image.pixels->bytes());
        file->commit();
        written.push_back(file->target().string());
    };
    save(right, "right");
    save(left, "left");
    if (record && reply.result.contains("record"))
        written.push_back(save_blob(*record, reply, kOp, "record"));
    if (connection.json_output())
        print_json(std::cout, reply.result);
    else
        print_summary(reply.result, written);
}

} // namespace

Command add_capture_iris(CLI::App& capture, Connection& connection)
{
    auto* command = capture.add_subcommand(
        "iris", "Capture both irises (iris.capture): PGM images per eye and the ISO/IEC 19794-6 "
                "record, with the per-eye quality table; Ctrl-C cancels the capture");
    auto options = std::make_shared<IrisOptions>();
    command->add_option("--right", options->right, "Right eye image, binary PGM")
        ->type_name("FILE");
    command->add_option("--left", options->left, "Left eye image, binary PGM")->type_name("FILE");
    command->add_option("--record", options->record, "The ISO/IEC 19794-6 record of both eyes")
        ->type_name("FILE");
    command
        ->add_option("--missing", options->missing,
                     "An eye that cannot be captured, declared up front: right or left")
        ->check(CLI::IsMember({"right", "left"}));
    add_common_capture_options(*command, options->common, true);
    return {command, [&connection, options] {
                capture_iris(connection, *options);
            }};
}

} // namespace ktpelctl
