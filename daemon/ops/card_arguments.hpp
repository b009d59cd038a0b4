// SPDX-License-Identifier: Apache-2.0
// The card's arguments as card.proof, printer.print and card.issue take
// them: the holder's text fields and images as blobs (rendering them is
// services/card_rendering's).
#pragma once

#include "../api/call.hpp"
#include "../card/card_data.hpp"
#include "../card/card_renderer.hpp"

namespace ktpel::daemon {

// args.card: the holder's text fields only. Throws invalid_args.
card::CardData card_fields_arg(const CallPtr& call);
// args.card, args.photo and args.signature (blobs). Throws invalid_args.
card::CardData card_data_arg(const CallPtr& call);
// A blob reference: {frame, width, height, channels} or {frame, format: "image/jpeg"}.
card::Raster raster_arg(const CallPtr& call, const nlohmann::json& ref, const std::string& arg);

} // namespace ktpel::daemon
