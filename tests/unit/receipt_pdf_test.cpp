// SPDX-License-Identifier: Apache-2.0
// The proof of receipt's PDF on its own: a valid one-page document, with or
// without a drawn signature, and a clear error for a signature that is no
// PNG. What the page says is checked through the daemon (SopTest).
#include <string>

#include <gtest/gtest.h>

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

} // namespace
} // namespace ktpel::receipt
