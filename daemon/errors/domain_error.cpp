// SPDX-License-Identifier: Apache-2.0
#include "domain_error.hpp"

namespace ktpel::daemon {

DomainError::DomainError(Fault fault, std::string message, nlohmann::json details)
    : std::runtime_error(message), fault_(fault), message_(std::move(message)),
      details_(std::move(details))
{
}

} // namespace ktpel::daemon
