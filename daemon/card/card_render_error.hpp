// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace ktpel::card {

// Why a card cannot be printed as asked. The card is refused rather than
// printed wrong: an identity card with clipped or missing text is void.
class CardRenderError : public std::runtime_error
{
public:
    enum class Reason
    {
        text_does_not_fit,  // even at the minimum size and the maximum lines
        missing_field,      // a required value is empty
        bad_picture,        // photo/signature of zero size or inconsistent
        unrenderable_glyph, // no installed font has a character
    };

    CardRenderError(Reason reason, std::string field, const std::string& message)
        : std::runtime_error(field + ": " + message), reason_(reason), field_(std::move(field))
    {
    }
    Reason reason() const noexcept { return reason_; }
    // The data field (or element) at fault, as named in the layout: "alamat".
    const std::string& field() const noexcept { return field_; }

private:
    Reason reason_;
    std::string field_;
};

} // namespace ktpel::card
