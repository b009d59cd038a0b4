// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>

namespace ktpel::sim::vpcd {

// The link to vpcd could not be made or was used against the protocol
// (a frame too long, an unknown control code, a malformed reply).
class VpcdError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Nothing listens on vpcd's port (yet): pcscd is not running, still
// starting, or restarting. connect_when_listening() retries on this one.
class VpcdNotListening : public VpcdError
{
public:
    using VpcdError::VpcdError;
};

} // namespace ktpel::sim::vpcd
