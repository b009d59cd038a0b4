// SPDX-License-Identifier: Apache-2.0
#include "receipt_pdf.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include <cairo-pdf.h>

#include "biometrics/signature/png_decoder.hpp"
#include "common/cairo_handles.hpp"
#include "daemon/card/pango_handles.hpp"
#include "office_clock_text.hpp"

namespace ktpel::receipt {
namespace {

using namespace card::detail;

// A4 in PostScript points, the unit of Cairo's PDF surface.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 48;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr const char* kFont = "DejaVu Sans";

enum class Weight
{
    regular,
    bold,
    italic,
};

enum class Align
{
    left,
    centre,
    right,
};

// "4:05" (minutes:seconds), "1:02:03" past an hour.
std::string duration_text(std::int64_t ms)
{
    const auto total = std::max<std::int64_t>(ms, 0) / 1000;
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                      static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(total / 60),
                      static_cast<long long>(total % 60));
    return text;
}

std::string outcome_text(const ReceiptStep& step)
{
    std::string text;
    if (step.outcome == "skipped")
        text = "dilewati";
    else if (step.outcome != "done")
        text = step.outcome;
    if (step.overrun)
        text += text.empty() ? "lewat waktu" : ", lewat waktu";
    return text;
}

// Text drawn with one Pango layout; sizes and positions in points.
class Page
{
public:
    explicit Page(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr))
    {
        if (!layout_)
            throw ReceiptRenderError("receipt: Pango could not create a layout");
    }

    // Draws `text` wrapped to `width` with its top at `y`; returns the
    // height it took.
    double text(double x, double y, double width, std::string_view text, double size,
                Weight weight = Weight::regular, Align align = Align::left)
    {
        FontDescription font(pango_font_description_new());
        pango_font_description_set_family(font.get(), kFont);
        pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
        pango_font_description_set_weight(font.get(), weight == Weight::bold ? PANGO_WEIGHT_BOLD
                                                                             : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(font.get(), weight == Weight::italic ? PANGO_STYLE_ITALIC
                                                                              : PANGO_STYLE_NORMAL);
        pango_layout_set_font_description(layout_.get(), font.get());
        pango_layout_set_width(layout_.get(), static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout_.get(), align == Align::left     ? PANGO_ALIGN_LEFT
                                                  : align == Align::centre ? PANGO_ALIGN_CENTER
                                                                           : PANGO_ALIGN_RIGHT);
        pango_layout_set_text(layout_.get(), text.data(), static_cast<int>(text.size()));
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, layout_.get());
        int width_units = 0;
        int height_units = 0;
        pango_layout_get_size(layout_.get(), &width_units, &height_units);
        return static_cast<double>(height_units) / PANGO_SCALE;
    }

    void rule(double y, double from = kMargin, double to = kPageWidth - kMargin, double line = 0.6)
    {
        cairo_set_line_width(cr_, line);
        cairo_move_to(cr_, from, y);
        cairo_line_to(cr_, to, y);
        cairo_stroke(cr_);
    }

    cairo_t* cairo() const noexcept { return cr_; }

private:
    cairo_t* cr_;
    PangoLayoutPtr layout_;
};

// The signature's PNG through the signature module's decoder, as a grey
// Cairo image (Cairo writes it to the PDF as a grey image).
CairoSurface signature_image(std::span<const std::uint8_t> png)
{
    drivers::RasterImage grey;
    try {
        grey = biometrics::signature::decode_png_grey(png);
    } catch (const std::invalid_argument& error) {
        throw ReceiptRenderError(std::string("receipt: the signature is not a readable PNG (") +
                                 error.what() + ")");
    }
    const int width = static_cast<int>(grey.width);
    const int height = static_cast<int>(grey.height);
    CairoSurface image(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    if (cairo_surface_status(image.get()) != CAIRO_STATUS_SUCCESS)
        throw ReceiptRenderError("receipt: Cairo could not hold the signature image");
    cairo_surface_flush(image.get());
    unsigned char* data = cairo_image_surface_get_data(image.get());
    const int stride = cairo_image_surface_get_stride(image.get());
    for (int y = 0; y < height; ++y) {
        auto* row =
            reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < width; ++x) {
            const std::uint32_t level = grey.pixels[static_cast<std::size_t>(y) * width + x];
            row[x] = (level << 16) | (level << 8) | level;
        }
    }
    cairo_surface_mark_dirty(image.get());
    return image;
}

// Label: value pairs in two columns.
double key_values(Page& page, double y,
                  const std::vector<std::pair<std::string, std::string>>& rows)
{
    constexpr double kLabelWidth = 150;
    for (const auto& [label, value] : rows) {
        const double label_height = page.text(kMargin, y, kLabelWidth, label, 9.5);
        const double value_height = page.text(kMargin + kLabelWidth, y, kContentWidth - kLabelWidth,
                                              value, 9.5, Weight::bold);
        y += std::max(label_height, value_height) + 3;
    }
    return y;
}

struct Column
{
    const char* heading;
    double width;
    Align align;
};

// No | Langkah | Petugas | Mulai | Selesai | Lama | Standar | Ket.
constexpr Column kColumns[] = {
    {"No", 18, Align::left},       {"Langkah", 146, Align::left}, {"Petugas", 92, Align::left},
    {"Mulai", 42, Align::right},   {"Selesai", 44, Align::right}, {"Lama", 36, Align::right},
    {"Standar", 46, Align::right}, {"Ket.", 75, Align::left},
};
static_assert([] {
    double total = 0;
    for (const auto& column : kColumns)
        total += column.width;
    return total <= kContentWidth;
}());

double step_table(Page& page, double y, const ServiceReceipt& receipt)
{
    constexpr double kGap = 4;
    double x = kMargin;
    for (const auto& column : kColumns) {
        page.text(x, y, column.width - kGap, column.heading, 8.5, Weight::bold, column.align);
        x += column.width;
    }
    y += 13;
    page.rule(y);
    y += 3;
    for (const auto& step : receipt.steps) {
        const std::vector<std::string> cells = {
            std::to_string(step.number),
            step.title_id,
            step.officer,
            office_time_text(step.started_at, receipt.time_zone),
            step.ended_at ? office_time_text(*step.ended_at, receipt.time_zone) : "",
            step.ended_at ? duration_text((*step.ended_at - step.started_at) * step.time_scale)
                          : "",
            duration_text(step.standard_ms),
            outcome_text(step)};
        double height = 0;
        x = kMargin;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            height = std::max(height, page.text(x, y, kColumns[i].width - kGap, cells[i], 8,
                                                Weight::regular, kColumns[i].align));
            x += kColumns[i].width;
        }
        if (!step.acknowledgement.empty())
            height +=
                page.text(
                    kMargin + kColumns[0].width, y + height + 1, kContentWidth - kColumns[0].width,
                    step.acknowledgement +
                        (step.acknowledged_at
                             ? ", pukul " +
                                   office_time_text(*step.acknowledged_at, receipt.time_zone) +
                                   " " + std::string(receipt.time_zone.name())
                             : std::string{}),
                    7.5, Weight::italic) +
                1;
        y += height + 4;
        page.rule(y - 2, kMargin, kPageWidth - kMargin, 0.2);
    }
    return y;
}

double signature_box(Page& page, double y, const ServiceReceipt& receipt)
{
    constexpr double kBoxWidth = 220;
    constexpr double kBoxHeight = 90;
    const double x = kPageWidth - kMargin - kBoxWidth;
    page.text(x, y, kBoxWidth, "Tanda tangan pemohon", 9, Weight::bold, Align::centre);
    y += 14;
    cairo_t* cr = page.cairo();
    if (!receipt.signature_png.empty()) {
        const auto image = signature_image(receipt.signature_png);
        const double width = cairo_image_surface_get_width(image.get());
        const double height = cairo_image_surface_get_height(image.get());
        const double scale = std::min(kBoxWidth / width, kBoxHeight / height);
        cairo_save(cr);
        cairo_translate(cr, x + (kBoxWidth - width * scale) / 2,
                        y + (kBoxHeight - height * scale) / 2);
        cairo_scale(cr, scale, scale);
        cairo_set_source_surface(cr, image.get(), 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
    }
    page.rule(y + kBoxHeight + 2, x, x + kBoxWidth);
    double below = y + kBoxHeight + 5;
    below += page.text(x, below, kBoxWidth, receipt.signed_by, 8.5, Weight::regular, Align::centre);
    const std::string when =
        receipt.signature_png.empty()
            ? "ditandatangani di atas kertas"
            : "ditandatangani pada alat tanda tangan" +
                  (receipt.signed_at
                       ? ", " + office_date_time_text(*receipt.signed_at, receipt.time_zone)
                       : std::string{});
    below += page.text(x, below, kBoxWidth, when, 7.5, Weight::italic, Align::centre);
    return below;
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length)
{
    auto& out = *static_cast<std::vector<std::uint8_t>*>(closure);
    out.insert(out.end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

void draw(Page& page, const ServiceReceipt& receipt)
{
    double y = kMargin;
    y +=
        page.text(kMargin, y, kContentWidth, receipt.issuer, 9, Weight::regular, Align::centre) + 8;
    y += page.text(kMargin, y, kContentWidth, "BUKTI PENERIMAAN", 16, Weight::bold, Align::centre);
    y += page.text(kMargin, y, kContentWidth, receipt.output, 12, Weight::bold, Align::centre) + 2;
    y += page.text(kMargin, y, kContentWidth,
                   receipt.service_name + " (SOP " + receipt.sop_number + ")", 8.5, Weight::regular,
                   Align::centre) +
         8;
    page.rule(y);
    y += 8;

    const auto elapsed = (receipt.completed_at - receipt.opened_at) * receipt.time_scale;
    std::vector<std::pair<std::string, std::string>> rows = {
        {"Nomor permohonan", receipt.application_id},
        {"NIK", receipt.nik},
        {"Nomor KK", receipt.kk_number},
        {"Layanan dimulai", office_date_time_text(receipt.opened_at, receipt.time_zone)},
        {"Layanan selesai", office_date_time_text(receipt.completed_at, receipt.time_zone)},
        {"Lama layanan", duration_text(elapsed) + " (waktu standar SOP " +
                             duration_text(receipt.total_standard_ms) + ")"}};
    if (receipt.time_scale > 1)
        rows.push_back({"Mode latihan", "waktu dipercepat " + std::to_string(receipt.time_scale) +
                                            "x; lama dihitung dalam waktu layanan"});
    if (receipt.card) {
        rows.push_back({"UID chip", receipt.card->chip_uid});
        rows.push_back(
            {"Kartu dicetak", office_date_time_text(receipt.card->issued_at, receipt.time_zone)});
        rows.push_back({"Printer / encoder",
                        receipt.card->printer_serial + " / " + receipt.card->encoder_serial});
    }
    y = key_values(page, y, rows) + 10;

    // The step table's times carry no zone of their own: the heading names it.
    y += page.text(kMargin, y, kContentWidth,
                   "Waktu pelayanan per langkah (" + std::string(receipt.time_zone.name()) + ")",
                   10, Weight::bold) +
         4;
    y = step_table(page, y, receipt) + 14;
    y = signature_box(page, y, receipt);

    page.text(kMargin, kPageHeight - kMargin - 12, kContentWidth,
              "Dibuat oleh " + receipt.generated_by + " dari register layanan; permohonan " +
                  receipt.application_id + ".",
              7, Weight::italic, Align::centre);
    (void)y;
}

} // namespace

std::vector<std::uint8_t> render_receipt_pdf(const ServiceReceipt& receipt)
{
    std::vector<std::uint8_t> pdf;
    {
        CairoSurface surface(
            cairo_pdf_surface_create_for_stream(append_bytes, &pdf, kPageWidth, kPageHeight));
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                       ("Bukti penerimaan " + receipt.application_id).c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR,
                                       receipt.generated_by.c_str());
        CairoContext cr(cairo_create(surface.get()));
        cairo_set_source_rgb(cr.get(), 0, 0, 0);
        Page page(cr.get());
        draw(page, receipt);
        cairo_show_page(cr.get());
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            throw ReceiptRenderError(std::string("receipt: Cairo failed: ") +
                                     cairo_status_to_string(cairo_status(cr.get())));
        cairo_surface_finish(surface.get());
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
            throw ReceiptRenderError(std::string("receipt: the PDF could not be written: ") +
                                     cairo_status_to_string(cairo_surface_status(surface.get())));
    }
    return pdf;
}

} // namespace ktpel::receipt
