// SPDX-License-Identifier: Apache-2.0
#include "service_steps.hpp"

#include <tuple>

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

nlohmann::json holder_card()
{
    return {{"nik", "3508015203900001"},
            {"nama", "DEWI KARTIKA SARI"},
            {"tempat_lahir", "LUMAJANG"},
            {"tanggal_lahir", "12-03-1990"},
            {"jenis_kelamin", "PEREMPUAN"},
            {"golongan_darah", "O"},
            {"alamat", "JL. KENANGA NO. 7"},
            {"rt_rw", "002/005"},
            {"kelurahan_desa", "DITOTRUNAN"},
            {"kecamatan", "LUMAJANG"},
            {"agama", "ISLAM"},
            {"status_perkawinan", "KAWIN"},
            {"pekerjaan", "GURU"},
            {"kewarganegaraan", "WNI"},
            {"berlaku_hingga", "SEUMUR HIDUP"},
            {"provinsi", "JAWA TIMUR"},
            {"kabupaten", "LUMAJANG"},
            {"tempat_terbit", "LUMAJANG"},
            {"tanggal_terbit", "24-11-2026"}};
}

std::map<std::string, WireReply> record_biometrics(WireClient& operator_siak,
                                                   const std::string& application)
{
    std::map<std::string, WireReply> replies;
    const auto capture = [&](const std::string& op, nlohmann::json args, const std::string& key) {
        args["application"] = application;
        auto reply = operator_siak.call(op, args, 60000);
        EXPECT_TRUE(reply.ok()) << key << ": " << reply.header;
        replies[key] = std::move(reply);
    };
    for (const std::string slot : {"left_four", "right_four", "thumbs"})
        capture("fingerprint.capture", {{"slot", slot}}, "fingerprint.capture/" + slot);
    capture("iris.capture", nlohmann::json::object(), "iris.capture");
    capture("camera.capture", nlohmann::json::object(), "camera.capture");
    capture("signature.capture", nlohmann::json::object(), "signature.capture");
    return replies;
}

std::string issue_card(WireClient& operator_siak, const std::string& application,
                       nlohmann::json extra, std::vector<std::string> blobs)
{
    extra["application"] = application;
    if (!extra.contains("card"))
        extra["card"] = holder_card();
    WireReply issued;
    if (blobs.empty()) {
        issued = operator_siak.call("card.issue", extra, 240000);
    } else {
        std::vector<std::string> frames{
            request_header("issue", "card.issue", extra, operator_siak.token())};
        frames.insert(frames.end(), blobs.begin(), blobs.end());
        operator_siak.send_frames(frames);
        issued = operator_siak.receive(240000);
    }
    if (!issued.ok()) {
        ADD_FAILURE() << "card.issue: " << issued.header;
        return "";
    }
    return issued.header["result"].value("chip_uid", std::string{});
}

void activate_card(WireClient& operator_siak, WireClient& technician,
                   const std::string& application, const std::string& chip_uid)
{
    const auto inserted = technician.call(
        "sim.inject", {{"device", "encoder0"}, {"fault", "card_inserted"}, {"uid", chip_uid}});
    ASSERT_TRUE(inserted.ok()) << inserted.header;
    const auto activated =
        operator_siak.call("card.activate", {{"application", application}}, 120000);
    ASSERT_TRUE(activated.ok()) << activated.header;
    EXPECT_TRUE(activated.header["result"].value("matched", false)) << activated.header;
}

CentralRecord central_record(WireClient& technician)
{
    CentralRecord record;
    const auto take = [&](const WireReply& reply, const nlohmann::json& reference,
                          const std::string& part) {
        const auto frame = reference.value("frame", std::size_t{0});
        if (frame < 1 || frame > reply.blobs.size()) {
            ADD_FAILURE() << part << ": no blob in " << reply.header;
            return;
        }
        record.blobs.push_back(reply.blobs[frame - 1]);
        record.supplied[part] = {{"frame", record.blobs.size()}};
    };
    for (const auto& [slot, finger, part] :
         {std::tuple{"right_four", "right_index", "right_template"},
          std::tuple{"left_four", "left_index", "left_template"}}) {
        const auto slap = technician.call("fingerprint.capture", {{"slot", slot}}, 60000);
        EXPECT_TRUE(slap.ok()) << slap.header;
        for (const auto& entry : slap.header["result"].value("fingers", nlohmann::json::array()))
            if (entry.value("position", std::string{}) == finger)
                take(slap, slap.header["result"][entry["template"].get<std::string>()], part);
    }
    const auto photo = technician.call("camera.capture", nlohmann::json::object(), 60000);
    EXPECT_TRUE(photo.ok()) << photo.header;
    take(photo, photo.header["result"]["portrait"], "portrait");
    const auto signature = technician.call("signature.capture", nlohmann::json::object(), 60000);
    EXPECT_TRUE(signature.ok()) << signature.header;
    take(signature, signature.header["result"]["signature"], "signature");
    return record;
}

std::string issue_and_activate(WireClient& operator_siak, WireClient& technician,
                               const std::string& application, const CentralRecord* record)
{
    const nlohmann::json five = {{"application", application}, {"step", "encode_and_print"}};
    const auto started = operator_siak.call("sop.step.start", five);
    EXPECT_TRUE(started.ok()) << started.header;
    const auto chip_uid = record ? issue_card(operator_siak, application,
                                              {{"supplied", record->supplied}}, record->blobs)
                                 : issue_card(operator_siak, application);
    const auto completed = operator_siak.call("sop.step.complete", five);
    EXPECT_TRUE(completed.ok()) << completed.header;
    const nlohmann::json six = {{"application", application}, {"step", "activate_card"}};
    EXPECT_TRUE(operator_siak.call("sop.step.start", six).ok());
    activate_card(operator_siak, technician, application, chip_uid);
    const auto activated = operator_siak.call("sop.step.complete", six);
    EXPECT_TRUE(activated.ok()) << activated.header;
    return chip_uid;
}

// Opens an application whose biometrics were recorded before, runs every
// step of the seed SOP with the right officer and the applicant's signature
// on the pad, its card issued from the central record and activated;
// returns the completed application's id.
std::string complete_a_service(WireClient& siti, WireClient& hendra, WireClient& budi,
                               WireClient& teknisi)
{
    const auto opened = siti.call(
        "application.open",
        {{"nik", "3508015203900001"}, {"kk", "3508010101150003"}, {"biometrics_recorded", true}});
    if (!opened.ok()) {
        ADD_FAILURE() << "application.open: " << opened.header;
        return "";
    }
    const auto app = opened.header["result"]["id"].get<std::string>();
    run_step(siti, app, "submit_documents");
    run_step(siti, app, "check_completeness", {{"outcome", "complete"}});
    run_step(hendra, app, "validate_file", {{"outcome", "valid"}});
    EXPECT_TRUE(budi.call("sop.step.skip", {{"application", app},
                                            {"step", "record_biometrics"},
                                            {"reason", "already recorded"}})
                    .ok());
    const auto record = central_record(teknisi);
    issue_and_activate(budi, teknisi, app, &record);
    const nlohmann::json seven = {{"application", app}, {"step", "hand_to_counter"}};
    EXPECT_TRUE(budi.call("sop.step.start", seven).ok());
    EXPECT_TRUE(siti.call("sop.step.acknowledge", seven).ok());
    EXPECT_TRUE(budi.call("sop.step.complete", seven).ok());
    nlohmann::json eight = {{"application", app}, {"step", "hand_to_applicant"}};
    EXPECT_TRUE(siti.call("sop.step.start", eight).ok());
    const auto pad = siti.call("signature.capture", {{"application", app}}, 60000);
    EXPECT_TRUE(pad.ok()) << pad.header;
    eight["signature"] = pad.header["result"]["capture"];
    EXPECT_TRUE(siti.call("sop.step.acknowledge", eight).ok());
    eight.erase("signature");
    const auto done = siti.call("sop.step.complete", eight);
    EXPECT_TRUE(done.ok()) << done.header;
    EXPECT_EQ(done.header["result"]["state"], "completed");
    return app;
}

} // namespace ktpel::test
