// SPDX-License-Identifier: Apache-2.0
#include "ksp_payload.hpp"

#include "ksp_frame.hpp"

namespace ktpel::signpad {

PayloadWriter& PayloadWriter::short_string(const std::string& text)
{
    if (text.size() > 255)
        throw FrameError("KSP string longer than 255 bytes");
    out_.u8(static_cast<std::uint8_t>(text.size()))
        .bytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    return *this;
}

void PayloadUnderrun::raise(std::size_t, std::size_t, std::size_t)
{
    throw FrameError("KSP payload ends early");
}

std::string PayloadReader::short_string()
{
    const auto text = in_.bytes(u8());
    return {text.begin(), text.end()};
}

std::string PayloadReader::rest_as_text()
{
    const auto text = in_.rest();
    return {text.begin(), text.end()};
}

void PayloadReader::expect_end() const
{
    if (!in_.at_end())
        throw FrameError("KSP payload has " + std::to_string(in_.remaining()) + " bytes too many");
}

} // namespace ktpel::signpad
