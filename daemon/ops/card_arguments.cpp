// SPDX-License-Identifier: Apache-2.0
#include "card_arguments.hpp"

#include <algorithm>

#include "../card/card_fields.hpp"
#include "common/jpeg_codec.hpp"

namespace ktpel::daemon {

namespace {

[[noreturn]] void bad_card(const std::string& arg, const std::string& message)
{
    throw ProtocolError(ErrorCode::invalid_args, message, {{"arg", arg}});
}

// A JPEG sent as a blob: {"frame": N, "format": "image/jpeg"}, e.g. the
// 3:4 portrait camera.capture returned.
card::Raster jpeg_arg(const CallPtr& call, const nlohmann::json& ref, const std::string& arg)
{
    const auto frame = ref.value("frame", std::uint64_t{0});
    if (frame < 1 || frame > call->request().blobs.size())
        bad_card(arg, arg + ".frame must name one of the request's blobs");
    try {
        auto rgb = decode_jpeg(call->request().blobs[frame - 1].bytes());
        return card::Raster{rgb.width, rgb.height, 3, std::move(rgb.pixels)};
    } catch (const JpegCodecError& error) {
        bad_card(arg, arg + ": frame " + std::to_string(frame) + " is not a JPEG: " + error.what());
    }
}

// A raster sent as a blob: {"frame": N, "width": W, "height": H, "channels": 1|3},
// or a JPEG (see jpeg_arg).
} // namespace

card::Raster raster_arg(const CallPtr& call, const nlohmann::json& ref, const std::string& arg)
{
    if (!ref.is_object())
        bad_card(arg, arg + " must be a blob reference {frame, width, height, channels}");
    if (ref.value("format", "") == "image/jpeg")
        return jpeg_arg(call, ref, arg);
    const auto number = [&](const char* key, std::uint64_t max) -> std::uint64_t {
        const auto it = ref.find(key);
        if (it == ref.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() == 0 ||
            it->get<std::uint64_t>() > max)
            bad_card(arg, arg + "." + key + " must be an integer from 1 to " + std::to_string(max));
        return it->get<std::uint64_t>();
    };
    const auto frame = number("frame", call->request().blobs.size());
    card::Raster raster;
    raster.width = static_cast<std::uint32_t>(number("width", 10000));
    raster.height = static_cast<std::uint32_t>(number("height", 10000));
    raster.channels =
        static_cast<std::uint8_t>(ref.contains("channels") ? number("channels", 3) : 1);
    if (raster.channels != 1 && raster.channels != 3)
        bad_card(arg, arg + ".channels must be 1 (grey) or 3 (RGB)");
    const auto bytes = call->request().blobs[frame - 1].bytes();
    if (bytes.size() != std::size_t{raster.width} * raster.height * raster.channels)
        bad_card(arg, arg + ": frame " + std::to_string(frame) + " has " +
                          std::to_string(bytes.size()) + " bytes, not width*height*channels");
    raster.pixels.assign(bytes.begin(), bytes.end());
    return raster;
}

card::CardData card_fields_arg(const CallPtr& call)
{
    const auto& args = call->args();
    const auto fields = args.find("card");
    if (fields == args.end() || !fields->is_object())
        bad_card("card", "argument \"card\" must be an object of the holder's fields");
    card::CardData data;
    for (const auto& [key, value] : fields->items()) {
        const auto member = card::card_field(key);
        if (!member)
            bad_card("card." + key, "unknown card field \"" + key + "\"");
        if (!value.is_string() || value.get_ref<const std::string&>().size() > 200)
            bad_card("card." + key, "card." + key + " must be a string of at most 200 bytes");
        data.holder.*(*member) = value.get<std::string>();
    }
    return data;
}

card::CardData card_data_arg(const CallPtr& call)
{
    const auto& args = call->args();
    auto data = card_fields_arg(call);
    if (!args.contains("photo"))
        bad_card("photo", "argument \"photo\" (the holder's photo as a blob) is required");
    data.photo = raster_arg(call, args["photo"], "photo");
    if (args.contains("signature"))
        data.signature = raster_arg(call, args["signature"], "signature");
    return data;
}

} // namespace ktpel::daemon
