// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/shared_bytes.hpp"

namespace ktpel::daemon {

// Where the layers below api/ send events. api/ implements it with the
// PUB socket; nothing below api/ knows ZeroMQ. Call on the loop thread.
class EventSink
{
public:
    virtual ~EventSink() = default;
    virtual void publish(const std::string& topic, nlohmann::json data,
                         std::vector<SharedBytes> blobs = {}) = 0;
};

} // namespace ktpel::daemon
