// SPDX-License-Identifier: Apache-2.0
// The proof of receipt's PDF on its own: a valid one-page document, with or
// without a drawn signature, a clear error for a signature that is no
// PNG, and times on the office's clock with its zone's name. The rest of
// what the page says is checked through the daemon (SopTest).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "daemon/receipt/office_clock_text.hpp"
#include "daemon/receipt/receipt_pdf.hpp"

namespace ktpel::receipt {
namespace {

ServiceReceipt sample()
{
    ServiceReceipt receipt;
    receipt.issuer = "Kecamatan Contoh";
    receipt.service_name = "Layanan Contoh";
    receipt.sop_number = "1/2026";
    receipt.output = "Kartu Tanda Penduduk (KTP)";
    receipt.application_id = "20261124-0001";
    receipt.nik = "3508015203900001";
    receipt.kk_number = "3508010101150003";
    receipt.opened_at = 1'795'000'000'000;
    receipt.completed_at = receipt.opened_at + 25 * 60'000;
    receipt.total_standard_ms = 26 * 60'000;
    for (int number = 1; number <= 8; ++number)
        receipt.steps.push_back({number, "Langkah " + std::to_string(number), "Siti (Petugas)",
                                 receipt.opened_at + (number - 1) * 180'000,
                                 receipt.opened_at + number * 180'000, 120'000, 1, "done",
                                 number == 3, number == 7 ? "Diterima oleh Siti" : ""});
    receipt.signed_by = "Pemohon, NIK 3508015203900001";
    receipt.generated_by = "ktpeld test";
    return receipt;
}

std::string text_of(const std::vector<std::uint8_t>& pdf)
{
    return std::string(pdf.begin(), pdf.end());
}

TEST(ReceiptPdf, IsOneA4PageEvenWithoutASignature)
{
    const auto pdf = render_receipt_pdf(sample());
    const auto text = text_of(pdf);
    ASSERT_GT(pdf.size(), 1000u);
    EXPECT_EQ(text.rfind("%PDF-", 0), 0u);
    EXPECT_NE(text.find("%%EOF"), std::string::npos);
    EXPECT_NE(text.find("/Count 1"), std::string::npos);        // one page
    EXPECT_NE(text.find("595.28 841.89"), std::string::npos);   // A4 in points
    EXPECT_EQ(text.find("/Subtype /Image"), std::string::npos); // nothing drawn to sign
    EXPECT_NE(text.find("Bukti penerimaan 20261124-0001"), std::string::npos); // title metadata
}

TEST(ReceiptPdf, RefusesASignatureThatIsNoPng)
{
    auto receipt = sample();
    receipt.signature_png = {'n', 'o', 't', ' ', 'p', 'n', 'g'};
    EXPECT_THROW(render_receipt_pdf(receipt), ReceiptRenderError);
}

Millis utc(int y, unsigned mo, unsigned d, int h, int mi)
{
    using namespace std::chrono;
    const auto at = sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi};
    return duration_cast<milliseconds>(at.time_since_epoch()).count();
}

TEST(ReceiptClock, PrintsTheOfficesWallClockAndNamesItsZone)
{
    using reg::OfficeTimeZone;
    const auto morning = utc(2026, 11, 24, 23, 30);
    EXPECT_EQ(office_date_time_text(morning, OfficeTimeZone::wib()), "25-11-2026 06:30:00 WIB");
    EXPECT_EQ(office_date_time_text(morning, OfficeTimeZone::wita()), "25-11-2026 07:30:00 WITA");
    EXPECT_EQ(office_date_time_text(morning, OfficeTimeZone::wit()), "25-11-2026 08:30:00 WIT");
    // 16:30 UTC: still the 24th in WIB, already the 25th in WIT.
    const auto evening = utc(2026, 11, 24, 16, 30);
    EXPECT_EQ(office_date_time_text(evening, OfficeTimeZone::wib()), "24-11-2026 23:30:00 WIB");
    EXPECT_EQ(office_date_time_text(evening, OfficeTimeZone::wit()), "25-11-2026 01:30:00 WIT");
    EXPECT_EQ(office_time_text(evening, OfficeTimeZone::wita()), "00:30:00");
}

// Text of a PDF through poppler's pdftotext (scripts/install-deps.sh
// installs it); nullopt when the tool is missing.
std::optional<std::string> pdf_text(const std::vector<std::uint8_t>& pdf)
{
    if (std::system("command -v pdftotext >/dev/null 2>&1") != 0)
        return std::nullopt;
    const auto path = std::filesystem::path(::testing::TempDir()) /
                      ("receipt-" + std::to_string(::getpid()) + ".pdf");
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
    const auto command = "pdftotext -layout " + path.string() + " - 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    std::string text;
    char buffer[4096];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe.get()))
        text += buffer;
    std::filesystem::remove(path);
    return text;
}

TEST(ReceiptPdf, AWitaOfficePrintsItsTimesInWita)
{
    auto receipt = sample();
    receipt.time_zone = reg::OfficeTimeZone::wita();
    receipt.opened_at = utc(2026, 11, 24, 23, 30); // 07:30 WITA on the 25th
    receipt.completed_at = receipt.opened_at + 25 * 60'000;
    const auto text = pdf_text(render_receipt_pdf(receipt));
    if (!text)
        GTEST_SKIP() << "pdftotext is not installed (poppler-utils)";
    EXPECT_NE(text->find("25-11-2026 07:30:00 WITA"), std::string::npos) << *text;
    EXPECT_NE(text->find("25-11-2026 07:55:00 WITA"), std::string::npos) << *text;
    EXPECT_NE(text->find("per langkah (WITA)"), std::string::npos) << *text;
    EXPECT_EQ(text->find("WIB"), std::string::npos) << *text;
}

} // namespace
} // namespace ktpel::receipt
