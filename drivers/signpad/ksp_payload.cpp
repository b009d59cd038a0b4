// SPDX-License-Identifier: Apache-2.0
#include "ksp_payload.hpp"

#include "ksp_frame.hpp"

namespace ktpel::signpad {

void PayloadUnderrun::raise(std::size_t, std::size_t, std::size_t)
{
    throw FrameError("KSP payload ends early");
}

void expect_end(const PayloadReader& reader)
{
    if (!reader.at_end())
        throw FrameError("KSP payload has " + std::to_string(reader.remaining()) +
                         " bytes too many");
}

} // namespace ktpel::signpad
