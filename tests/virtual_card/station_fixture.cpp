// SPDX-License-Identifier: Apache-2.0
#include "station_fixture.hpp"

#include <random>

#include "chip/data_group_content.hpp"

namespace ktpel::chip::test {
namespace {

Bytes noise(std::mt19937& random, std::size_t size, Bytes prefix = {}, Bytes suffix = {})
{
    Bytes bytes = std::move(prefix);
    std::uniform_int_distribution<int> byte(0, 255);
    while (bytes.size() + suffix.size() < size)
        bytes.push_back(static_cast<std::uint8_t>(byte(random)));
    bytes.insert(bytes.end(), suffix.begin(), suffix.end());
    return bytes;
}

std::size_t writes_for(std::size_t value_size)
{
    const std::size_t content = wrapped_size(value_size);
    return 1 + (content + kChunkSize - 1) / kChunkSize; // ERASE + UPDATEs
}

} // namespace

ChipContents sample_contents(unsigned seed)
{
    std::mt19937 random(seed);
    ChipContents contents;
    contents.biographic = {
        "3508071708900001",
        "SITI AMINAH",
        "LUMAJANG",
        "17-08-1990",
        "PEREMPUAN",
        "O",
        "JL. KENANGA NO. 12",
        "003/005",
        "TOMPOKERSAN",
        "LUMAJANG",
        "ISLAM",
        "KAWIN",
        "GURU",
        "WNI",
        "SEUMUR HIDUP",
        "JAWA TIMUR",
        "KABUPATEN LUMAJANG",
        "LUMAJANG",
        "24-11-2026",
    };
    contents.face_jpeg = noise(random, 18000, {0xFF, 0xD8, 0xFF, 0xE0}, {0xFF, 0xD9});
    contents.right_index_template = noise(random, 412, {'F', 'M', 'R', 0, ' ', '2', '0', 0});
    contents.left_index_template = noise(random, 388, {'F', 'M', 'R', 0, ' ', '2', '0', 0});
    contents.signature_image = noise(random, 2600);
    return contents;
}

std::size_t personalisation_writes(const ChipContents& contents)
{
    return writes_for(encode_biographic(contents.biographic).size()) +
           writes_for(contents.face_jpeg.size()) +
           writes_for(contents.right_index_template.size()) +
           writes_for(contents.left_index_template.size()) +
           writes_for(contents.signature_image.size());
}

} // namespace ktpel::chip::test
