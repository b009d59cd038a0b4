// SPDX-License-Identifier: Apache-2.0
// A card encoder and a SAM reader on one test's desk: the virtual chip's
// slot over a state directory of its own, a SAM with the demo issuer key,
// and test readers in front of both.
#pragma once

#include <gtest/gtest.h>

#include "chip/ktpel_chip_session.hpp"
#include "hex.hpp"
#include "sim/card_sm/issuer_keys.hpp"
#include "sim/virtual_chip/card_store.hpp"
#include "sim/virtual_chip/chip_slot.hpp"
#include "sim/virtual_sam/sam_applet.hpp"
#include "test_readers.hpp"

namespace ktpel::chip::test {

// A holder's data: texts as printed, biometric buffers of plausible
// sizes (opaque to the chip) from a fixed seed.
ChipContents sample_contents(unsigned seed = 7);

// Write APDUs personalise() sends for `contents` (ERASE + UPDATEs per
// group), LOCK not included.
std::size_t personalisation_writes(const ChipContents& contents);

class Station : public ::testing::Test
{
protected:
    TemporaryDirectory directory;
    sim::virtual_chip::CardStore store{directory.path() / "cards"};
    sim::virtual_chip::ChipSlot slot{store, sim::sm::demo_issuer_key()};
    sim::virtual_sam::SamApplet sam{sim::sm::demo_issuer_key()};
    TestReader chip_reader{"KTPEL encoder", card_in(slot)};
    TestReader sam_reader{"KTPEL SAM", card_in(sam)};
    std::stop_source stop;

    CardUid insert_blank() { return slot.insert_blank(); }
    nlohmann::json card_status() const { return slot.status(); }
};

} // namespace ktpel::chip::test
