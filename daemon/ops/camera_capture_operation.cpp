// SPDX-License-Identifier: Apache-2.0
// camera.capture: the face photo. The camera's own JPEG is kept byte for
// byte; the daemon checks it from the pixels (resolution, exposure,
// sharpness, background, subject) and crops it to the card's 3:4 photo.
#include "biometrics/face/photo_checks.hpp"
#include "biometrics/face/photo_crop.hpp"
#include "capture_support.hpp"
#include "common/jpeg_codec.hpp"
#include "drivers/classes/camera.hpp"

namespace ktpel::daemon {
namespace {

namespace face = biometrics::face;

RgbImage rgb_of_grey(const drivers::RasterImage& grey)
{
    RgbImage rgb;
    rgb.width = grey.width;
    rgb.height = grey.height;
    rgb.pixels.reserve(grey.pixels.size() * 3);
    for (const auto value : grey.pixels)
        rgb.pixels.insert(rgb.pixels.end(), 3, value);
    return rgb;
}

nlohmann::json checks_json(const face::PhotoAssessment& assessment)
{
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& check : assessment.checks)
        checks.push_back({{"name", check.name},
                          {"passed", check.passed},
                          {"value", check.value},
                          {"detail", check.detail}});
    return checks;
}

OperationOutcome photo_outcome(drivers::Photo photo)
{
    OperationOutcome outcome;
    face::PhotoAssessment assessment;
    if (!photo.jpeg.empty()) {
        assessment = face::assess_jpeg(photo.jpeg);
        outcome.result["photo"] = blob_ref(1, {{"format", photo.mime_type},
                                               {"width", photo.jpeg_width},
                                               {"height", photo.jpeg_height},
                                               {"sha256", sha256_hex(photo.jpeg)}});
        auto portrait = face::crop_jpeg_to_ratio(photo.jpeg);
        const auto box =
            face::crop_box_for(photo.jpeg_width, photo.jpeg_height, face::kKtpElPhotoRatio);
        outcome.result["portrait"] = blob_ref(2, {{"format", "image/jpeg"},
                                                  {"width", box.width},
                                                  {"height", box.height},
                                                  {"aspect", "3:4"},
                                                  {"sha256", sha256_hex(portrait)}});
        outcome.blobs.emplace_back(std::move(photo.jpeg));
        outcome.blobs.emplace_back(std::move(portrait));
    } else {
        // A camera that sends raw grey: checked as it is, not cropped.
        assessment = face::assess_photo(rgb_of_grey(photo.image));
        outcome.result["image"] = image_ref(1, photo.image);
        outcome.blobs.emplace_back(std::move(photo.image.pixels));
    }
    outcome.result["checks"] = checks_json(assessment);
    std::vector<std::string> reasons;
    for (const auto& failed : assessment.failed())
        reasons.push_back(failed + "_check_failed");
    outcome.result["prompt"] = operator_prompt(reasons);
    outcome.result["elapsed_ms"] = photo.elapsed.count();
    return outcome;
}

} // namespace

void register_camera_capture(OperationTable& table, StationCore& core, SopServices* sop)
{
    table.add(
        "camera.capture", "camera.capture", Access::session(), [&core, sop](const CallPtr& call) {
            ArgReader args(call->args(), {"device", "timeout_ms", "application"});
            const auto application =
                authorize_device_use(sop, call, "camera.capture", args.string("application", 32));
            const auto device =
                resolve_device(core, args.string("device", 64), drivers::DeviceClass::camera);
            drivers::PhotoRequest request;
            request.timeout = capture_timeout(args);
            start_device_operation(
                core, call, application, device, request.timeout + kTransferAllowance,
                [request](drivers::Device& target, const drivers::OperationContext& context) {
                    auto photo = dynamic_cast<drivers::Camera&>(target).capture(request, context);
                    context.progress(drivers::ProgressStage::processing,
                                     {{"what", "photo checks, 3:4 crop"}});
                    try {
                        return photo_outcome(std::move(photo));
                    } catch (const JpegCodecError& error) {
                        throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::protocol,
                                                     "bad_jpeg",
                                                     std::string("the camera's JPEG does not "
                                                                 "decode: ") +
                                                         error.what());
                    } catch (const face::CropError& error) {
                        throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::hardware,
                                                     "photo_too_small", error.what());
                    }
                },
                record_and_hold_capture(core, call, application, "camera.capture", device));
        });
}

} // namespace ktpel::daemon
