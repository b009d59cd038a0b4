// SPDX-License-Identifier: Apache-2.0
// What a proof of receipt (bukti penerimaan) shows: the service, the
// applicant's numbers, each step with its officer and timings against the
// SOP's standard times, the card that was handed over, the hand-overs'
// acknowledgements and the applicant's signature. Plain data: built from
// the register (receipt_content.hpp), drawn by receipt_pdf.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/register/office_time_zone.hpp"

namespace ktpel::receipt {

using Millis = std::int64_t; // UTC epoch milliseconds, as in the register

struct ReceiptStep
{
    int number = 0;
    std::string title_id;
    std::string officer; // "Siti Rahayu (Petugas Loket)"
    Millis started_at = 0;
    std::optional<Millis> ended_at;
    std::int64_t standard_ms = 0; // the SOP's (unscaled)
    std::int64_t time_scale = 1;
    std::string outcome; // "done", "complete", "skipped"...
    bool overrun = false;
    std::string acknowledgement;           // "Diterima oleh ..." for a hand-over, else ""
    std::optional<Millis> acknowledged_at; // printed after it, on the office's clock
};

struct ReceiptCard
{
    std::string chip_uid;
    std::string printer_serial;
    std::string encoder_serial;
    Millis issued_at = 0;
};

struct ServiceReceipt
{
    std::string issuer;       // "Pemerintah Kabupaten Lumajang, Kecamatan Lumajang, ..."
    std::string service_name; // the SOP's name (Indonesian)
    std::string sop_number;   // "427.90/Kasi Yanmum/04/2022"
    std::string output;       // what was handed over: "Kartu Tanda Penduduk (KTP)"
    std::string application_id;
    std::string nik;
    std::string kk_number;
    // Every time on the receipt is printed on this clock, with its name.
    reg::OfficeTimeZone time_zone = reg::OfficeTimeZone::wib();
    Millis opened_at = 0;
    Millis completed_at = 0;
    std::int64_t total_standard_ms = 0; // the SOP's total (26 min for the seed)
    std::int64_t time_scale = 1;        // >1: a training or demo service
    std::vector<ReceiptStep> steps;
    std::optional<ReceiptCard> card;
    // The applicant's signature as captured on the pad (PNG); empty when
    // the applicant signed on paper.
    std::vector<std::uint8_t> signature_png;
    std::string signed_by; // "Pemohon, NIK ..." under the signature
    std::optional<Millis> signed_at;
    std::string generated_by; // "ktpeld 0.9.0"
};

} // namespace ktpel::receipt
