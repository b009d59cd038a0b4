// SPDX-License-Identifier: Apache-2.0
#include "step4_recording.hpp"

#include <stdexcept>

#include <ktpel/client.hpp>

namespace ktpel::bench {
namespace {

using nlohmann::json;

// The demo officers of config/ktpeld.yaml (docs/officers.md): public PINs.
struct Officer
{
    const char* id;
    const char* pin;
};
constexpr Officer kCounterOfficer{"siti", "111111"};                // petugas_loket: steps 1 and 2
constexpr Officer kSectionHead{"hendra", "222222"};                 // kasi_yanmum: step 3
constexpr Officer kSiakOperator{kSiakOperatorId, kSiakOperatorPin}; // operator_siak: step 4

// An officer logged in on a connection of their own, as each desk is.
class OfficerSession
{
public:
    OfficerSession(const std::string& endpoint, std::shared_ptr<zmq::context_t> context,
                   Officer officer, std::chrono::milliseconds timeout)
        : officer_(officer.id), timeout_(timeout), client_(endpoint, std::move(context))
    {
        client_.set_token(call("session.login", {{"officer", officer.id}, {"pin", officer.pin}})
                              .at("token")
                              .get<std::string>());
    }

    json call(const std::string& op, json args = json::object())
    {
        try {
            return client_.call_ok(op, std::move(args), {}, timeout_);
        } catch (const ProtocolError& e) {
            throw std::runtime_error(officer_ + ": " + op + " refused: " +
                                     std::string(to_string(e.code())) + ": " + e.what());
        } catch (const ClientError& e) {
            throw std::runtime_error(officer_ + ": " + op + ": " + e.what());
        }
    }

    void perform_step(const std::string& application, const std::string& step,
                      const char* outcome = nullptr)
    {
        call("sop.step.start", {{"application", application}, {"step", step}});
        json args = {{"application", application}, {"step", step}};
        if (outcome)
            args["outcome"] = outcome;
        call("sop.step.complete", std::move(args));
    }

private:
    std::string officer_;
    std::chrono::milliseconds timeout_;
    Client client_;
};

} // namespace

std::string record_step4(const std::string& api_endpoint, std::shared_ptr<zmq::context_t> context,
                         std::chrono::milliseconds timeout)
{
    OfficerSession counter(api_endpoint, context, kCounterOfficer, timeout);
    OfficerSession section_head(api_endpoint, context, kSectionHead, timeout);
    OfficerSession siak_operator(api_endpoint, context, kSiakOperator, timeout);

    // The walk-through's first applicant (a woman born 12-03-1990).
    const auto application = counter
                                 .call("application.open", {{"nik", "3508015203900001"},
                                                            {"kk", "3508010101150003"},
                                                            {"married", false},
                                                            {"biometrics_recorded", false}})
                                 .at("id")
                                 .get<std::string>();
    counter.perform_step(application, "submit_documents");
    counter.perform_step(application, "check_completeness", "complete");
    section_head.perform_step(application, "validate_file", "valid");

    siak_operator.call("sop.step.start",
                       {{"application", application}, {"step", "record_biometrics"}});
    // The 4-4-2 slaps, both irises, the face and the signature: every sample
    // the bundle carries.
    for (const char* slot : {"left_four", "right_four", "thumbs"})
        siak_operator.call("fingerprint.capture", {{"application", application}, {"slot", slot}});
    for (const char* op : {"iris.capture", "camera.capture", "signature.capture"})
        siak_operator.call(op, {{"application", application}});
    return application;
}

} // namespace ktpel::bench
