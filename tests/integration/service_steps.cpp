// SPDX-License-Identifier: Apache-2.0
#include "service_steps.hpp"

#include <gtest/gtest.h>

namespace ktpel::test {

void run_step(WireClient& who, const std::string& application, const std::string& step,
              nlohmann::json extra)
{
    const auto started = who.call("sop.step.start", {{"application", application}, {"step", step}});
    ASSERT_TRUE(started.ok()) << step << ": " << started.header;
    extra["application"] = application;
    extra["step"] = step;
    const auto completed = who.call("sop.step.complete", extra);
    ASSERT_TRUE(completed.ok()) << step << ": " << completed.header;
}

std::string open_at_step_four(WireClient& counter, WireClient& section_head,
                              WireClient& operator_siak)
{
    // A woman born 1990-03-12 in Kab. Lumajang, and her Family Card.
    const auto opened =
        counter.call("application.open", {{"nik", "3508015203900001"}, {"kk", "3508010101150003"}});
    if (!opened.ok()) {
        ADD_FAILURE() << "application.open: " << opened.header;
        return "";
    }
    const auto application = opened.header["result"]["id"].get<std::string>();
    run_step(counter, application, "submit_documents");
    run_step(counter, application, "check_completeness", {{"outcome", "complete"}});
    run_step(section_head, application, "validate_file", {{"outcome", "valid"}});
    const auto started = operator_siak.call(
        "sop.step.start", {{"application", application}, {"step", "record_biometrics"}});
    if (::testing::Test::HasFailure() || !started.ok()) {
        ADD_FAILURE() << "record_biometrics: " << started.header;
        return "";
    }
    return application;
}

} // namespace ktpel::test
