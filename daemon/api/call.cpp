// SPDX-License-Identifier: Apache-2.0
#include "call.hpp"

namespace ktpel::daemon {

Call::~Call()
{
    if (!answered_)
        fail({ErrorCode::internal, "operation " + request_.op + " ended without a reply", {}});
}

void Call::reply(nlohmann::json result, std::vector<Blob> blobs)
{
    if (std::exchange(answered_, true))
        return;
    sender_(client_, Reply::success(request_.id, std::move(result), std::move(blobs)));
}

void Call::fail(Error error)
{
    if (std::exchange(answered_, true))
        return;
    sender_(client_, Reply::failure(request_.id, std::move(error)));
}

const auth::Officer& Call::require_officer() const
{
    if (!officer_)
        throw ProtocolError(ErrorCode::unauthenticated,
                            request_.op + " needs a session: log in with session.login");
    return *officer_;
}

bool Call::cancel()
{
    if (!cancel_ || answered_)
        return false;
    cancel_();
    return true;
}

} // namespace ktpel::daemon
