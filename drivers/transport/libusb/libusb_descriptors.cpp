// SPDX-License-Identifier: Apache-2.0
#include "libusb_descriptors.hpp"

#include <algorithm>
#include <array>

#include "libusb_errors.hpp"

namespace ktpel::usb::libusb {

namespace {

// The loop thread waits this long per control request, so a device that
// never answers stalls enumeration for a bounded time.
constexpr unsigned int kStringRequestTimeoutMs = 250;

// USB 2.0 section 9.6.7: the depth of a tier chain is at most 7 ports.
constexpr int kMaxPortDepth = 7;

using StringDescriptor = std::array<unsigned char, 255>;

int get_string_descriptor(libusb_device_handle* handle, std::uint8_t index, std::uint16_t language,
                          StringDescriptor& buffer)
{
    return libusb_control_transfer(
        handle, LIBUSB_ENDPOINT_IN, LIBUSB_REQUEST_GET_DESCRIPTOR,
        static_cast<std::uint16_t>((LIBUSB_DT_STRING << 8) | index), language, buffer.data(),
        static_cast<std::uint16_t>(buffer.size()), kStringRequestTimeoutMs);
}

void append_utf8(std::string& out, char32_t code_point)
{
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xc0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3f));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xe0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (code_point & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (code_point & 0x3f));
    }
}

std::string decode_utf16le(const unsigned char* data, std::size_t units)
{
    constexpr char32_t replacement = 0xfffd;
    std::string out;
    for (std::size_t i = 0; i < units; ++i) {
        const char32_t unit = data[2 * i] | (data[2 * i + 1] << 8);
        if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < units) {
            const char32_t low = data[2 * i + 2] | (data[2 * i + 3] << 8);
            if (low >= 0xdc00 && low < 0xe000) {
                append_utf8(out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
                ++i;
                continue;
            }
        }
        append_utf8(out, unit >= 0xd800 && unit < 0xe000 ? replacement : unit);
    }
    return out;
}

} // namespace

libusb_device_descriptor device_descriptor(libusb_device* device)
{
    libusb_device_descriptor descriptor{};
    const int result = libusb_get_device_descriptor(device, &descriptor);
    if (result != LIBUSB_SUCCESS)
        throw_error(result, "reading a device descriptor");
    return descriptor;
}

std::string location_of(libusb_device* device)
{
    std::array<std::uint8_t, kMaxPortDepth> ports{};
    const int depth = libusb_get_port_numbers(device, ports.data(), static_cast<int>(ports.size()));
    if (depth < 0)
        throw_error(depth, "reading the port chain of a device");
    std::string location = std::to_string(libusb_get_bus_number(device));
    for (int i = 0; i < depth; ++i) {
        location += i == 0 ? '-' : '.';
        location += std::to_string(ports[static_cast<std::size_t>(i)]);
    }
    return location;
}

bool is_hub(const libusb_device_descriptor& descriptor) noexcept
{
    return descriptor.bDeviceClass == LIBUSB_CLASS_HUB;
}

std::string read_string(libusb_device_handle* handle, std::uint8_t index)
{
    if (index == 0)
        return {};
    StringDescriptor buffer{};
    // String 0 lists the language ids; devices commonly have just one.
    const int languages = get_string_descriptor(handle, 0, 0, buffer);
    if (languages < 4 || buffer[1] != LIBUSB_DT_STRING)
        return {};
    const auto language = static_cast<std::uint16_t>(buffer[2] | (buffer[3] << 8));

    const int length = get_string_descriptor(handle, index, language, buffer);
    if (length < 2 || buffer[1] != LIBUSB_DT_STRING)
        return {};
    // bLength may claim more than arrived; trust only what did.
    const auto bytes = std::min<std::size_t>(buffer[0], static_cast<std::size_t>(length));
    if (bytes < 2)
        return {};
    return decode_utf16le(buffer.data() + 2, (bytes - 2) / 2);
}

DeviceDescription describe(libusb_device* device, libusb_device_handle* handle)
{
    const libusb_device_descriptor descriptor = device_descriptor(device);
    DeviceDescription description;
    description.location = location_of(device);
    description.vendor_id = descriptor.idVendor;
    description.product_id = descriptor.idProduct;
    if (handle != nullptr) {
        description.manufacturer = read_string(handle, descriptor.iManufacturer);
        description.product = read_string(handle, descriptor.iProduct);
        description.serial = read_string(handle, descriptor.iSerialNumber);
    }
    return description;
}

} // namespace ktpel::usb::libusb
