// SPDX-License-Identifier: Apache-2.0
#include "card_request.hpp"

#include <fstream>
#include <iterator>

#include "common/pgm_codec.hpp"
#include "errors.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw LocalIoError("cannot read " + path);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad())
        throw LocalIoError("cannot read " + path);
    return bytes;
}

ktpel::RasterImage read_pgm(const std::string& path)
{
    const auto bytes = read_file(path);
    try {
        return ktpel::decode_pgm(
            {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    } catch (const ktpel::PgmCodecError& error) {
        throw UsageError(path + " is not a binary 8-bit PGM (P5): " + error.what());
    }
}

} // namespace

CardRequest make_card_request(const std::string& fields_file, const std::string& photo_file)
{
    // Without a file, the daemon's specimen stands in (card.proof).
    CardRequest request;
    request.args = json::object();
    if (!fields_file.empty()) {
        json fields;
        try {
            fields = json::parse(read_file(fields_file));
        } catch (const json::parse_error& e) {
            throw UsageError(fields_file + ": not JSON: " + e.what());
        }
        if (!fields.is_object())
            throw UsageError(fields_file + ": must hold a JSON object of card fields");
        if (photo_file.empty())
            throw UsageError("--card needs --photo: a holder's card has a photo");
        request.args["card"] = std::move(fields);
    }
    if (!photo_file.empty()) {
        const auto photo = read_pgm(photo_file);
        request.args["photo"] = {
            {"frame", 1}, {"width", photo.width}, {"height", photo.height}, {"channels", 1}};
        request.blobs.emplace_back(photo.pixels);
    }
    return request;
}

} // namespace ktpelctl
