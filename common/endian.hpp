// SPDX-License-Identifier: Apache-2.0
// The byte order of a wire or file format. Every format we speak fixes its
// own order (KIP, KSP and PTP are little-endian, ISO/IEC 19794 records
// big-endian), so it is a property of the format, never of the host.
#pragma once

namespace ktpel {

enum class Endian
{
    little,
    big,
};

} // namespace ktpel
