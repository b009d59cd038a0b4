// SPDX-License-Identifier: Apache-2.0
#include <ktpel/error.hpp>

namespace ktpel {

nlohmann::json Error::to_json() const
{
    return {{"code", to_string(code)}, {"message", message}, {"details", details}};
}

Error Error::from_json(const nlohmann::json& object)
{
    Error error;
    if (!object.is_object())
        return Error{ErrorCode::internal, "malformed error object", {}};
    const auto code = object.value("code", std::string{"internal"});
    error.code = error_code_from_string(code).value_or(ErrorCode::internal);
    error.message = object.value("message", std::string{});
    if (const auto it = object.find("details"); it != object.end() && it->is_object())
        error.details = *it;
    if (!error_code_from_string(code))
        error.details["unknown_code"] = code; // a newer daemon: keep what it said
    return error;
}

ProtocolError::ProtocolError(Error error)
    : std::runtime_error(error.message), error_(std::move(error))
{
}

ProtocolError::ProtocolError(ErrorCode code, std::string message, nlohmann::json details)
    : ProtocolError(Error{code, std::move(message), std::move(details)})
{
}

} // namespace ktpel
