// SPDX-License-Identifier: Apache-2.0
// pcsc-lite return codes to ReaderError kinds (no pcscd needed).
#include <gtest/gtest.h>

#include "drivers/transport/pcsc/pcsc_error.hpp"

namespace ktpel::smartcard::pcsc {
namespace {

using Kind = ReaderError::Kind;

TEST(PcscError, CodesMapToTheTransportsKinds)
{
    EXPECT_EQ(kind_of_error(SCARD_E_NO_SMARTCARD), Kind::no_card);
    EXPECT_EQ(kind_of_error(SCARD_W_REMOVED_CARD), Kind::card_removed);
    EXPECT_EQ(kind_of_error(SCARD_W_RESET_CARD), Kind::card_removed);
    EXPECT_EQ(kind_of_error(SCARD_E_READER_UNAVAILABLE), Kind::reader_gone);
    EXPECT_EQ(kind_of_error(SCARD_E_UNKNOWN_READER), Kind::reader_gone);
    EXPECT_EQ(kind_of_error(SCARD_E_NO_SERVICE), Kind::reader_gone);
    EXPECT_EQ(kind_of_error(SCARD_E_SERVICE_STOPPED), Kind::reader_gone);
    EXPECT_EQ(kind_of_error(SCARD_E_INVALID_HANDLE), Kind::reader_gone);
    EXPECT_EQ(kind_of_error(SCARD_E_CANCELLED), Kind::cancelled);
    EXPECT_EQ(kind_of_error(SCARD_E_SHARING_VIOLATION), Kind::io);
    EXPECT_EQ(kind_of_error(SCARD_E_NOT_TRANSACTED), Kind::io);
    EXPECT_EQ(kind_of_error(SCARD_W_UNRESPONSIVE_CARD), Kind::io);
}

TEST(PcscError, CarriesTheCodeAndPcscLitesText)
{
    try {
        throw_error(SCARD_W_REMOVED_CARD, "cannot exchange an APDU");
        FAIL() << "throw_error returned";
    } catch (const PcscError& error) {
        EXPECT_EQ(error.code(), SCARD_W_REMOVED_CARD);
        EXPECT_EQ(error.kind(), Kind::card_removed);
        const std::string text = error.what();
        EXPECT_NE(text.find("cannot exchange an APDU: "), std::string::npos) << text;
        EXPECT_NE(text.find(pcsc_stringify_error(SCARD_W_REMOVED_CARD)), std::string::npos) << text;
        EXPECT_NE(text.find("0x80100069"), std::string::npos) << text;
    }
}

TEST(PcscError, ServiceLossCodesAskForANewContext)
{
    EXPECT_TRUE(is_service_lost(SCARD_E_NO_SERVICE));
    EXPECT_TRUE(is_service_lost(SCARD_E_SERVICE_STOPPED));
    EXPECT_TRUE(is_service_lost(SCARD_E_INVALID_HANDLE));
    EXPECT_TRUE(is_service_lost(SCARD_F_COMM_ERROR));
    EXPECT_FALSE(is_service_lost(SCARD_W_REMOVED_CARD));
    EXPECT_FALSE(is_service_lost(SCARD_E_TIMEOUT));
}

} // namespace
} // namespace ktpel::smartcard::pcsc
