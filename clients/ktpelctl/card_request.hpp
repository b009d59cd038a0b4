// SPDX-License-Identifier: Apache-2.0
// The card data a proof or a test print sends: the holder's fields and a
// photo blob, either a technician's own files or the built-in specimen card.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ktpel/message.hpp>

namespace ktpelctl {

struct CardRequest
{
    nlohmann::json args; // "card" and "photo" (a blob reference to frame 1)
    std::vector<ktpel::Blob> blobs;
};

// `fields_file`: a JSON object of card fields (docs/card-layout.md), empty
// for the daemon's specimen. `photo_file`: a binary PGM (P5, 8-bit), empty
// for the specimen's drawn portrait (required with `fields_file`). Throws
// LocalIoError (unreadable file) or UsageError (not a JSON object, not a
// P5 PGM, fields without a photo).
CardRequest make_card_request(const std::string& fields_file, const std::string& photo_file);

} // namespace ktpelctl
