// SPDX-License-Identifier: Apache-2.0
// The one table from the domain's failures to the protocol's error codes.
// Every place that turns a DomainError into a reply or an event goes
// through it, so the wire's codes are decided here and nowhere below.
#pragma once

#include <ktpel/error.hpp>

#include "../errors/domain_error.hpp"

namespace ktpel::daemon {

ErrorCode error_code_of(Fault fault) noexcept;

// The reply's error: the fault's code, the same message and details.
Error to_protocol_error(const DomainError& error);

} // namespace ktpel::daemon
