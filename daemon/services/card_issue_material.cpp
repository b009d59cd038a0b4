// SPDX-License-Identifier: Apache-2.0
#include "card_issue_material.hpp"

#include <algorithm>

#include "application_service.hpp"
#include "biometrics/face/chip_portrait.hpp"
#include "biometrics/face/photo_checks.hpp"
#include "biometrics/fingerprint/iso19794_2_codec.hpp"
#include "biometrics/signature/half_size.hpp"
#include "biometrics/signature/png_decoder.hpp"
#include "biometrics/signature/png_encoder.hpp"
#include "chip/data_group_content.hpp"
#include "common/jpeg_codec.hpp"
#include "common/sha256.hpp"

namespace ktpel::daemon {
namespace {

// The face image is kept well under the chip's 32000 bytes: every 223
// bytes cost six exchanges (wrap, write, unwrap; and the read-back).
constexpr std::size_t kChipFaceBytes = 12000;

// The index fingers first (the KTP-el's choice); when one is missing or
// was declared so, the next finger of that hand (ISO/IEC 19794-2 codes).
constexpr int kRightFingers[] = {2, 3, 1, 4, 5};
constexpr int kLeftFingers[] = {7, 8, 6, 9, 10};

[[noreturn]] void missing(const std::string& what, const std::string& message)
{
    throw DomainError(Fault::invalid_input, message,
                      {{"reason", "recording_incomplete"}, {"missing", what}});
}

[[noreturn]] void bad_supplied(const std::string& part, const std::string& message)
{
    throw supplied_part_invalid(part, message);
}

const HeldPart* part_of(const std::vector<const HeldCapture*>& captures,
                        const std::string& operation, const std::string& part)
{
    const HeldPart* found = nullptr;
    for (const auto* capture : captures) {
        if (capture->operation != operation)
            continue;
        for (const auto& candidate : capture->parts) {
            if (candidate.name == part)
                found = &candidate; // the latest capture wins
        }
    }
    return found;
}

struct IndexTemplate
{
    std::vector<std::uint8_t> record;
    int finger = 0;
};

IndexTemplate index_template(const std::vector<const HeldCapture*>& captures,
                             std::span<const int> preference, const std::string& hand)
{
    for (const int finger : preference) {
        if (const auto* part =
                part_of(captures, "fingerprint.capture", "template_" + std::to_string(finger)))
            return {part->bytes, finger};
    }
    missing(hand + "_index_template",
            "no fingerprint template of the " + hand + " hand was recorded in step 4");
}

// The signature for the chip's 8 KB data group: the capture's PNG, or
// half its size when that does not fit.
std::vector<std::uint8_t> chip_signature(std::span<const std::uint8_t> png)
{
    const auto capacity = chip::layout_of(chip::DataGroup::signature).capacity;
    if (chip::wrapped_size(png.size()) <= capacity)
        return {png.begin(), png.end()};
    return biometrics::signature::encode_png(
        biometrics::signature::half_size(biometrics::signature::decode_png_grey(png)));
}

// An ISO/IEC 19794-2 record of one finger of `hand`: decoded strictly, with
// enough minutiae to be matched at activation.
IndexTemplate supplied_template(const SuppliedPartReader& supplied, const std::string& part,
                                std::span<const int> hand)
{
    namespace fp = biometrics::fingerprint;
    const auto bytes = supplied(part);
    fp::FingerMinutiaeRecord record;
    try {
        record = fp::decode_iso19794_2(bytes);
    } catch (const fp::IsoRecordDecodeError& error) {
        bad_supplied(part,
                     "supplied." + part + " is not an ISO/IEC 19794-2 record: " + error.what());
    }
    if (record.views.size() != 1)
        bad_supplied(part, "supplied." + part + " must hold exactly one finger view");
    const int position = static_cast<int>(record.views.front().position);
    if (std::find(hand.begin(), hand.end(), position) == hand.end())
        bad_supplied(part, "supplied." + part + " is finger " + std::to_string(position) +
                               ", not a finger of that hand");
    constexpr std::size_t kMinimumMinutiae = 12; // fewer cannot be matched reliably
    if (record.views.front().minutiae.size() < kMinimumMinutiae)
        bad_supplied(part, "supplied." + part + " has " +
                               std::to_string(record.views.front().minutiae.size()) +
                               " minutiae; activation needs at least " +
                               std::to_string(kMinimumMinutiae));
    return {{bytes.begin(), bytes.end()}, position};
}

void check_supplied_portrait(std::span<const std::uint8_t> portrait)
{
    try {
        const auto assessment = biometrics::face::assess_jpeg(portrait);
        if (!assessment.passed())
            bad_supplied("portrait", "supplied.portrait fails the photo checks " +
                                         nlohmann::json(assessment.failed()).dump());
    } catch (const JpegCodecError& error) {
        bad_supplied("portrait", std::string("supplied.portrait is not a JPEG: ") + error.what());
    }
}

void check_supplied_signature(std::span<const std::uint8_t> signature)
{
    try {
        const auto grey = biometrics::signature::decode_png_grey(signature);
        std::size_t ink = 0;
        for (const auto pixel : grey.pixels)
            ink += pixel < 128;
        // A blank image would print an empty signature box on the card.
        if (grey.pixels.empty() || ink * 500 < grey.pixels.size())
            bad_supplied("signature", "supplied.signature holds no ink");
    } catch (const DomainError&) {
        throw;
    } catch (const std::exception& error) {
        bad_supplied("signature", std::string("supplied.signature is not a PNG: ") + error.what());
    }
}

// The part of the material the chip and the card body share, from a
// portrait JPEG and a signature PNG wherever they came from.
void add_portrait_and_signature(IssueMaterial& material, std::span<const std::uint8_t> portrait,
                                std::span<const std::uint8_t> signature)
{
    auto rgb = decode_jpeg(portrait);
    material.card.photo = card::Raster{rgb.width, rgb.height, 3, std::move(rgb.pixels)};
    material.chip.face_jpeg = biometrics::face::chip_portrait(portrait, kChipFaceBytes);
    auto grey = biometrics::signature::decode_png_grey(signature);
    material.card.signature = card::Raster{grey.width, grey.height, 1, std::move(grey.pixels)};
    material.chip.signature_image = chip_signature(signature);
}

void add_templates(IssueMaterial& material, IndexTemplate right, IndexTemplate left)
{
    material.chip.right_index_template = std::move(right.record);
    material.chip.left_index_template = std::move(left.record);
    material.chip.biographic = material.card.holder;
    material.sources = {{"right_finger", right.finger},
                        {"left_finger", left.finger},
                        {"face_bytes", material.chip.face_jpeg.size()},
                        {"signature_bytes", material.chip.signature_image.size()}};
}

} // namespace

DomainError supplied_part_invalid(const std::string& part, const std::string& message)
{
    return DomainError(Fault::invalid_input, message,
                       {{"arg", part.empty() ? std::string("supplied") : "supplied." + part},
                        {"reason", "supplied_biometrics_invalid"}});
}

void check_issue_source(const ApplicationService& applications, const std::string& application,
                        const card::CardData& card, bool supplied)
{
    const auto nik = applications.record_of(application).nik;
    if (card.holder.nik != nik)
        throw DomainError(Fault::invalid_input,
                          "card.nik must be the application's NIK: a card carries its "
                          "applicant's identity only",
                          {{"arg", "card.nik"}, {"reason", "nik_mismatch"}});
    const bool recording_skipped = applications.recording_skipped(application);
    if (recording_skipped && !supplied)
        throw DomainError(Fault::invalid_input,
                          "the biometric recording of application " + application +
                              " was skipped: send the face, the index templates and the "
                              "signature from the central record (args.supplied)",
                          {{"arg", "supplied"}, {"reason", "recording_skipped"}});
    if (!recording_skipped && supplied)
        throw DomainError(Fault::invalid_input,
                          "application " + application +
                              " was recorded at this station: its card carries that "
                              "recording, not supplied biometrics",
                          {{"arg", "supplied"}, {"reason", "recorded_here"}});
}

IssueMaterial material_from_recording(card::CardData card,
                                      const std::vector<const HeldCapture*>& captures)
{
    IssueMaterial material;
    material.card = std::move(card);
    const auto* portrait = part_of(captures, "camera.capture", "portrait");
    if (!portrait)
        missing("portrait", "no face photo was recorded in step 4");
    const auto* signature = part_of(captures, "signature.capture", "signature");
    if (!signature)
        missing("signature", "no signature was recorded in step 4");
    add_portrait_and_signature(material, portrait->bytes, signature->bytes);
    auto right = index_template(captures, kRightFingers, "right");
    auto left = index_template(captures, kLeftFingers, "left");
    add_templates(material, std::move(right), std::move(left));
    material.sources["from"] = "step_4_recording";
    return material;
}

IssueMaterial material_from_supplied(card::CardData card, const SuppliedPartReader& supplied)
{
    IssueMaterial material;
    material.card = std::move(card);
    const auto portrait = supplied("portrait");
    check_supplied_portrait(portrait);
    const auto signature = supplied("signature");
    check_supplied_signature(signature);
    add_portrait_and_signature(material, portrait, signature);
    // One after the other: the first bad part is the one reported.
    auto right = supplied_template(supplied, "right_template", kRightFingers);
    auto left = supplied_template(supplied, "left_template", kLeftFingers);
    add_templates(material, std::move(right), std::move(left));
    material.sources["from"] = "supplied";
    for (const std::string part : {"portrait", "signature", "right_template", "left_template"})
        material.supplied_hashes[part] = sha256_hex(supplied(part));
    return material;
}

} // namespace ktpel::daemon
