// SPDX-License-Identifier: Apache-2.0
#include <ktpel/client_error.hpp>

namespace ktpel {

std::string_view to_string(ClientErrorKind kind) noexcept
{
    switch (kind) {
    case ClientErrorKind::timeout:
        return "timeout";
    case ClientErrorKind::transport:
        return "transport";
    case ClientErrorKind::malformed_reply:
        return "malformed_reply";
    case ClientErrorKind::malformed_event:
        return "malformed_event";
    }
    return "transport";
}

} // namespace ktpel
