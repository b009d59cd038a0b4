// SPDX-License-Identifier: Apache-2.0
// The proof of receipt of a completed service (SOP step 8's "bukti
// penerimaan"): built from the register's rows for the application, the
// officers' names and the applicant's signature still held from the pad,
// drawn as a PDF and archived before the completion is committed. Loop
// thread only (it reads the capture store).
#pragma once

#include <string>
#include <vector>

#include "../captures/capture_store.hpp"
#include "../config/station_config.hpp"
#include "../register/receipt_archive.hpp"
#include "../register/register.hpp"
#include "../sop/engine.hpp"

namespace ktpel::daemon {

class ReceiptIssuer
{
public:
    ReceiptIssuer(const sop::Sop& sop, const reg::Register& register_,
                  const reg::ReceiptArchive& archive, const CaptureStore& captures,
                  const std::vector<config::OfficerConfig>& officers, std::string generated_by);

    // Draws and archives the receipt of the transition that completes its
    // application; the caller commits the returned record with it. Throws
    // DomainError not_found when the applicant's signature is no longer
    // held (a restart wiped it: sign and acknowledge again).
    reg::ReceiptRecord issue(const sop::Transition& completing) const;

    // The archived PDF of a completed application. Throws DomainError
    // not_found (no such receipt) or internal (the file is gone or changed).
    std::vector<std::uint8_t> load(const reg::ReceiptRecord& record) const;

private:
    std::string officer_text(const std::string& officer_id, const std::string& role_id) const;
    std::string acknowledgement_text(const reg::StepRecord& step) const;

    const sop::Sop& sop_;
    const reg::Register& register_;
    const reg::ReceiptArchive& archive_;
    const CaptureStore& captures_;
    const std::vector<config::OfficerConfig>& officers_;
    std::string generated_by_;
};

} // namespace ktpel::daemon
