// SPDX-License-Identifier: Apache-2.0
// The device operations running for each application, so that a step
// transition or a cancel can refuse while one is in flight (docs/sop.md,
// "Operations end with their step"). Loop thread only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ktpel::daemon {

struct OperationInFlight
{
    std::string application;
    std::string step; // the step in progress when it started
    std::string request_id;
    std::string operation; // "fingerprint.capture"
    std::string device;
    std::string officer;
};

class OperationsInFlight
{
public:
    // Returns the token that ends it.
    std::uint64_t begin(OperationInFlight operation)
    {
        const auto token = ++last_token_;
        running_.emplace(token, std::move(operation));
        return token;
    }

    void end(std::uint64_t token) { running_.erase(token); }

    std::vector<OperationInFlight> of(const std::string& application) const
    {
        std::vector<OperationInFlight> found;
        for (const auto& [token, operation] : running_)
            if (operation.application == application)
                found.push_back(operation);
        return found;
    }

private:
    std::uint64_t last_token_ = 0;
    std::map<std::uint64_t, OperationInFlight> running_;
};

inline nlohmann::json to_json(const OperationInFlight& operation)
{
    return {{"id", operation.request_id},
            {"op", operation.operation},
            {"device", operation.device},
            {"officer", operation.officer},
            {"step", operation.step}};
}

} // namespace ktpel::daemon
