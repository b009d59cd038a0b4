// SPDX-License-Identifier: Apache-2.0
#include "card_request.hpp"

#include <cctype>
#include <fstream>
#include <iterator>

#include "errors.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

// A specimen: obviously not a person (SPESIMEN, an all-nines NIK), so a
// test card that leaves the office by mistake deceives nobody.
json specimen_fields()
{
    return {{"provinsi", "JAWA TIMUR"},
            {"kabupaten", "LUMAJANG"},
            {"nik", "9999999999999999"},
            {"nama", "SPESIMEN KARTU UJI"},
            {"tempat_lahir", "LUMAJANG"},
            {"tanggal_lahir", "01-01-2000"},
            {"jenis_kelamin", "LAKI-LAKI"},
            {"golongan_darah", "O"},
            {"alamat", "JL. UJI CETAK NO. 1"},
            {"rt_rw", "001/001"},
            {"kelurahan_desa", "DITOTRUNAN"},
            {"kecamatan", "LUMAJANG"},
            {"agama", "ISLAM"},
            {"status_perkawinan", "BELUM KAWIN"},
            {"pekerjaan", "TEKNISI"},
            {"kewarganegaraan", "WNI"},
            {"berlaku_hingga", "SEUMUR HIDUP"},
            {"tempat_terbit", "LUMAJANG"},
            {"tanggal_terbit", "01-01-2026"}};
}

struct GreyImage
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> pixels;
};

// A head-and-shoulders silhouette on a light ground, 3:4 like the card's
// photo box, with a grey ramp so a technician sees the dithering work.
GreyImage placeholder_photo()
{
    GreyImage image{300, 400, {}};
    image.pixels.resize(std::size_t{image.width} * image.height);
    for (std::uint32_t y = 0; y < image.height; ++y) {
        for (std::uint32_t x = 0; x < image.width; ++x) {
            const double dx = (static_cast<double>(x) - 150.0) / 75.0;
            const double dy = (static_cast<double>(y) - 150.0) / 95.0;
            const double sx = (static_cast<double>(x) - 150.0) / 140.0;
            const double sy = (static_cast<double>(y) - 420.0) / 130.0;
            std::uint8_t value = static_cast<std::uint8_t>(235 - y / 20);
            if (dx * dx + dy * dy < 1.0)
                value = static_cast<std::uint8_t>(120 + x / 6);
            else if (sx * sx + sy * sy < 1.0)
                value = 60;
            image.pixels[std::size_t{y} * image.width + x] = value;
        }
    }
    return image;
}

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
    json fields = specimen_fields();
    if (!fields_file.empty()) {
        try {
            fields = json::parse(read_file(fields_file));
        } catch (const json::parse_error& e) {
            throw UsageError(fields_file + ": not JSON: " + e.what());
        }
        if (!fields.is_object())
            throw UsageError(fields_file + ": must hold a JSON object of card fields");
    }
    const auto photo = photo_file.empty() ? placeholder_photo() : read_pgm(photo_file);
    CardRequest request;
    request.args = {
        {"card", fields},
        {"photo",
         {{"frame", 1}, {"width", photo.width}, {"height", photo.height}, {"channels", 1}}}};
    request.blobs.emplace_back(photo.pixels);
    return request;
}

} // namespace ktpelctl
