// SPDX-License-Identifier: Apache-2.0
#include "card_request.hpp"

#include <cctype>
#include <fstream>
#include <iterator>

#include "errors.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

struct GreyImage
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> pixels;
};

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

// Binary PGM: "P5", width, height, maxval 255, whitespace and # comments
// between them, one whitespace byte, then width*height bytes.
GreyImage read_pgm(const std::string& path)
{
    const auto bytes = read_file(path);
    std::size_t at = 0;
    const auto bad = [&](const std::string& why) -> UsageError {
        return UsageError(path + " is not a binary 8-bit PGM (P5): " + why);
    };
    const auto skip_space = [&] {
        while (at < bytes.size()) {
            if (bytes[at] == '#') {
                while (at < bytes.size() && bytes[at] != '\n')
                    ++at;
            } else if (std::isspace(static_cast<unsigned char>(bytes[at]))) {
                ++at;
            } else {
                return;
            }
        }
    };
    const auto number = [&](const char* what) -> std::uint64_t {
        skip_space();
        std::uint64_t value = 0;
        const auto start = at;
        while (at < bytes.size() && std::isdigit(static_cast<unsigned char>(bytes[at])) &&
               at - start < 6)
            value = value * 10 + static_cast<std::uint64_t>(bytes[at++] - '0');
        if (at == start || value == 0)
            throw bad(std::string("no ") + what);
        return value;
    };
    if (bytes.rfind("P5", 0) != 0)
        throw bad("no P5 magic");
    at = 2;
    GreyImage image;
    image.width = static_cast<std::uint32_t>(number("width"));
    image.height = static_cast<std::uint32_t>(number("height"));
    if (number("maximum value") != 255)
        throw bad("the maximum value must be 255");
    if (at >= bytes.size() || !std::isspace(static_cast<unsigned char>(bytes[at])))
        throw bad("no whitespace after the header");
    ++at;
    const auto size = std::size_t{image.width} * image.height;
    if (bytes.size() - at != size)
        throw bad(std::to_string(bytes.size() - at) + " pixel bytes, " +
                  std::to_string(image.width) + "x" + std::to_string(image.height) + " needs " +
                  std::to_string(size));
    image.pixels.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end());
    return image;
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
