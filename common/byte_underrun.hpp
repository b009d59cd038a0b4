// SPDX-License-Identifier: Apache-2.0
// A read asked for more bytes than are left. ByteReader throws this unless
// its format chose to throw its own error instead; it carries the numbers
// a format needs to say where its data ended.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace ktpel {

class ByteUnderrun : public std::runtime_error
{
public:
    ByteUnderrun(std::size_t offset, std::size_t wanted, std::size_t left)
        : std::runtime_error("need " + std::to_string(wanted) + " bytes at offset " +
                             std::to_string(offset) + ", " + std::to_string(left) + " left"),
          offset_(offset), wanted_(wanted), left_(left)
    {
    }

    std::size_t offset() const noexcept { return offset_; }
    std::size_t wanted() const noexcept { return wanted_; }
    std::size_t left() const noexcept { return left_; }

private:
    std::size_t offset_;
    std::size_t wanted_;
    std::size_t left_;
};

// The default underrun policy of ByteReader.
struct ThrowByteUnderrun
{
    [[noreturn]] static void raise(std::size_t offset, std::size_t wanted, std::size_t left)
    {
        throw ByteUnderrun(offset, wanted, left);
    }
};

} // namespace ktpel
