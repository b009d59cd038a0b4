// SPDX-License-Identifier: Apache-2.0
// The demo applicants the walk-through serves, and how a NIK may be shown.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace walkthrough {

struct Applicant
{
    std::string description; // who they are, for the narrative
    std::string nik;         // 16 digits, valid for the daemon's checks
    std::string kk;          // the Family Card (KK) number
    bool biometrics_recorded = false;
    nlohmann::json card; // the fields printed on her KTP-el (docs/card-layout.md)

    // The args of application.open.
    nlohmann::json open_args() const;
};

// Fictitious people of Kecamatan Lumajang (province 35, regency 08,
// district 01), all adults, with plausible birth and KK issue dates. Their
// card is issued today on the office's clock: `office_utc_offset` is the
// daemon's (hello.time_zone.utc_offset_minutes).
Applicant first_applicant(std::chrono::minutes office_utc_offset);  // the full service
Applicant second_applicant(std::chrono::minutes office_utc_offset); // returned at step 2
Applicant third_applicant(std::chrono::minutes office_utc_offset);  // step 4 is skipped

// First four and last two digits: enough to tell applicants apart on a
// screen, never the whole number (the CSV export is the only place for it).
std::string masked_nik(const std::string& nik);

} // namespace walkthrough
