// SPDX-License-Identifier: Apache-2.0
#include "domain_error_mapping.hpp"

namespace ktpel::daemon {

ErrorCode error_code_of(Fault fault) noexcept
{
    // No default: a new Fault without its code is a compiler warning here.
    switch (fault) {
    case Fault::invalid_input:
        return ErrorCode::invalid_args;
    case Fault::forbidden:
        return ErrorCode::forbidden;
    case Fault::sop_order:
        return ErrorCode::sop_order;
    case Fault::not_found:
        return ErrorCode::not_found;
    case Fault::device_absent:
        return ErrorCode::device_absent;
    case Fault::device_busy:
        return ErrorCode::device_busy;
    case Fault::device_error:
        return ErrorCode::device_error;
    case Fault::no_subject:
        return ErrorCode::no_subject;
    case Fault::timeout:
        return ErrorCode::timeout;
    case Fault::cancelled:
        return ErrorCode::cancelled;
    case Fault::shutting_down:
        return ErrorCode::shutting_down;
    case Fault::resource_exhausted:
        return ErrorCode::resource_exhausted;
    case Fault::card_error:
        return ErrorCode::card_error;
    case Fault::internal:
        return ErrorCode::internal;
    }
    return ErrorCode::internal; // a value outside the enum: a bug, said as one
}

Error to_protocol_error(const DomainError& error)
{
    return Error{error_code_of(error.fault()), error.message(), error.details()};
}

} // namespace ktpel::daemon
