// SPDX-License-Identifier: Apache-2.0
// One application taken through the seed SOP (config/sop/ktp-el-tuntas.yaml)
// up to a complete step 4, as clients/walkthrough does it: steps 1-3 by the
// officers whose roles the SOP names, then every capture of step 4 by the
// SIAK operator. Step 4 is left in progress, where biometrics.bundle is
// permitted.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <zmq.hpp>

namespace ktpel::bench {

// The SIAK operator who records step 4 (docs/officers.md: the demo officers
// of config/ktpeld.yaml, public PINs). A token is bound to the connection
// that logged in, so the timed client logs in as this officer itself.
inline constexpr const char* kSiakOperatorId = "budi";
inline constexpr const char* kSiakOperatorPin = "333333";

// Returns the application's id.
std::string record_step4(const std::string& api_endpoint, std::shared_ptr<zmq::context_t> context,
                         std::chrono::milliseconds timeout);

} // namespace ktpel::bench
