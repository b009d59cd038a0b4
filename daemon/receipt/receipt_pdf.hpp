// SPDX-License-Identifier: Apache-2.0
// The proof of receipt as a printable A4 PDF (Cairo's PDF surface, text
// laid out by Pango), one page for a service of up to about twenty steps.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "service_receipt.hpp"

namespace ktpel::receipt {

class ReceiptRenderError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Throws ReceiptRenderError (Cairo failed, or the signature is no PNG).
std::vector<std::uint8_t> render_receipt_pdf(const ServiceReceipt& receipt);

} // namespace ktpel::receipt
