// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include <ktpel/error_code.hpp>

namespace ktpel {

// The error object of a reply: {"code":..., "message":..., "details":{...}}.
struct Error
{
    ErrorCode code = ErrorCode::internal;
    std::string message;
    nlohmann::json details = nlohmann::json::object();

    nlohmann::json to_json() const;
    static Error from_json(const nlohmann::json& object);
};

// Thrown at the boundaries that turn failures into replies (request
// decoding, argument checking, operation handlers). Carries a complete
// protocol error so the boundary has nothing to guess.
class ProtocolError : public std::runtime_error
{
public:
    explicit ProtocolError(Error error);
    ProtocolError(ErrorCode code, std::string message,
                  nlohmann::json details = nlohmann::json::object());

    const Error& error() const noexcept { return error_; }
    ErrorCode code() const noexcept { return error_.code; }

private:
    Error error_;
};

} // namespace ktpel
