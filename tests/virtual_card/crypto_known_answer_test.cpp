// SPDX-License-Identifier: Apache-2.0
// Known answers: published vectors for the primitives (FIPS-197, RFC 4493,
// NIST CAVP SP 800-108), and for our own derivations, cryptograms and
// secure messaging the values make_crypto_vectors.py computes with an
// independent implementation (pyca/cryptography) from docs/chip.md.
#include <gtest/gtest.h>

#include "hex.hpp"
#include "sim/card_sm/aes_primitives.hpp"
#include "sim/card_sm/iso_padding.hpp"
#include "sim/card_sm/issuer_keys.hpp"
#include "sim/card_sm/key_derivation.hpp"
#include "sim/card_sm/mutual_authentication.hpp"
#include "sim/card_sm/secure_messaging.hpp"

namespace ktpel::sim::sm {
namespace {

using chip::test::hex;

std::vector<std::uint8_t> bytes(std::span<const std::uint8_t> view)
{
    return {view.begin(), view.end()};
}

template <std::size_t N>
std::vector<std::uint8_t> bytes(const std::array<std::uint8_t, N>& array)
{
    return {array.begin(), array.end()};
}

const chip::CardUid kUid{1, 2, 3, 4, 5, 6, 7, 8};
const auto kRndIc = hex("101112131415161718191A1B1C1D1E1F");
const auto kRndIfd = hex("202122232425262728292A2B2C2D2E2F");
const auto kKIfd = hex("303132333435363738393A3B3C3D3E3F");
const auto kKIc = hex("404142434445464748494A4B4C4D4E4F");

SecretBytes card_key()
{
    return diversify_card_key(demo_issuer_key().view(), kUid);
}

TEST(AesPrimitives, EncryptsTheFips197ExampleBlock)
{
    const auto key = hex("000102030405060708090A0B0C0D0E0F");
    const auto block = hex("00112233445566778899AABBCCDDEEFF");
    EXPECT_EQ(bytes(aes_encrypt_block(key, std::span<const std::uint8_t, 16>(block))),
              hex("69C4E0D86A7B0430D8CDB78070B4C55A"));
}

TEST(AesPrimitives, CmacMatchesRfc4493)
{
    const auto key = hex("2B7E151628AED2A6ABF7158809CF4F3C");
    EXPECT_EQ(bytes(aes_cmac(key, {})), hex("BB1D6929E95937287FA37D129B756746"));
    EXPECT_EQ(bytes(aes_cmac(key, hex("6BC1BEE22E409F96E93D7E117393172A"))),
              hex("070A16B46B4D4144F79BDD9DD04A287C"));
    EXPECT_EQ(bytes(aes_cmac(key, hex("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC"
                                      "45AF8E5130C81C46A35CE411"))),
              hex("DFA66747DE9AE63030CA32611497C827"));
}

TEST(AesPrimitives, CbcRoundTripsAndRefusesPartialBlocks)
{
    const auto key = hex("000102030405060708090A0B0C0D0E0F");
    const AesBlock iv{};
    const auto plain = hex("00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF");
    const auto cipher = aes_cbc_encrypt(key, iv, plain);
    EXPECT_NE(cipher, plain);
    EXPECT_EQ(aes_cbc_decrypt(key, iv, cipher), plain);
    EXPECT_THROW(aes_cbc_encrypt(key, iv, hex("0011")), CryptoError);
    EXPECT_THROW(aes_cmac(hex("0011"), {}), CryptoError);
}

TEST(AesPrimitives, RandomBytesDiffer)
{
    EXPECT_NE(random_bytes(16), random_bytes(16));
}

TEST(IsoPadding, PadsToTheNextBlockAndUnpadsStrictly)
{
    EXPECT_EQ(pad_iso9797_m2(hex("01")), hex("01800000000000000000000000000000"));
    EXPECT_EQ(pad_iso9797_m2({}).size(), 16u);
    EXPECT_EQ(pad_iso9797_m2(hex("000102030405060708090A0B0C0D0E0F")).size(), 32u);
    EXPECT_EQ(unpadded_size(hex("01800000000000000000000000000000")), 1u);
    EXPECT_EQ(unpadded_size(hex("80000000000000000000000000000000")), 0u);
    EXPECT_FALSE(unpadded_size(hex("01000000000000000000000000000000")));
    EXPECT_FALSE(unpadded_size(hex("0180000000000000000000000000000001")));
    // A whole block of zeros after the marker is more than one block of padding.
    EXPECT_FALSE(unpadded_size(hex("80000000000000000000000000000000"
                                   "00000000000000000000000000000000")));
}

TEST(KeyDerivation, MatchesTheNistCavpCounterModeVector)
{
    // SP 800-108 CAVP, [PRF=CMAC_AES128] [CTRLOCATION=BEFORE_FIXED] [RLEN=32_BITS], L = 128.
    const auto key = hex("C10B152E8C97B77E18704E0F0BD38305");
    const auto fixed = hex("98CD4CBBBEBE15D17DC86E6DBAD800A2DCBD64F7C7AD0E78E9CF94FFDBA89D03"
                           "E97EADF6C4F7B806CAF52AA38F09D0EB71D71F497BCC6906B48D36C4");
    EXPECT_EQ(bytes(kbkdf_cmac_fixed_input(key, fixed, 16).view()),
              hex("26FAF61908AD9EE881B8305C221DB53F"));
}

TEST(KeyDerivation, LabelledFormIsCounterLabelSeparatorContextLength)
{
    // The labelled KDF is the raw one over label || 00 || context || [L]32.
    const auto key = hex("000102030405060708090A0B0C0D0E0F");
    auto fixed = hex("4142"); // "AB"
    fixed.push_back(0x00);
    fixed.insert(fixed.end(), kUid.begin(), kUid.end());
    for (const std::uint8_t b : hex("00000080"))
        fixed.push_back(b);
    EXPECT_EQ(bytes(kbkdf_cmac(key, "AB", kUid, 16).view()),
              bytes(kbkdf_cmac_fixed_input(key, fixed, 16).view()));
}

TEST(KeyDerivation, DiversifiesCardAndAuthenticationKeys)
{
    EXPECT_EQ(bytes(card_key().view()), hex("065946069044B232933A44B863429B1E"));
    const KeyPair auth = derive_authentication_keys(card_key().view());
    EXPECT_EQ(bytes(auth.enc.view()), hex("126DC5328DF179B28780D7DFDB98C266"));
    EXPECT_EQ(bytes(auth.mac.view()), hex("753836FC5A5D1B3B7FAE0571F6C015C3"));
    // Another UID, another key.
    const chip::CardUid other{1, 2, 3, 4, 5, 6, 7, 9};
    EXPECT_NE(bytes(diversify_card_key(demo_issuer_key().view(), other).view()),
              bytes(card_key().view()));
}

TEST(KeyDerivation, DerivesSessionKeysFromBothHalves)
{
    const KeyPair session = derive_session_keys(kKIfd, kKIc, kRndIc, kRndIfd);
    EXPECT_EQ(bytes(session.enc.view()), hex("28B6CFF596CC324CE84BFD1DF22654D0"));
    EXPECT_EQ(bytes(session.mac.view()), hex("6A59D529A32EF29EEBBF216304CD701F"));
}

TEST(KeyDerivation, KeyCheckValueOfTheDemoKey)
{
    EXPECT_EQ(bytes(key_check_value(demo_issuer_key().view())), hex("2DF67B"));
    EXPECT_NE(bytes(key_check_value(wrong_demo_issuer_key().view())), hex("2DF67B"));
}

TEST(MutualAuthentication, CryptogramsMatchTheKnownAnswers)
{
    const TerminalAuthentication terminal(card_key().view(), kRndIc, kRndIfd, kKIfd);
    EXPECT_EQ(terminal.cryptogram(),
              hex("0FFF238B762651652F40030185BC70918A98A946C910952D6A50046D3A99EF9B38F822250DA25F"
                  "B947A5E4DFB96CC8020A745CC1204BFF56"));
    const auto answer = answer_terminal(card_key().view(), kRndIc, terminal.cryptogram(), kKIc);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->cryptogram,
              hex("41C876AE9BE4F44AD2AD72B73016C98059AF4F7EC93A7C0B30986309A02C2DDBFE15C45DA2AD6B"
                  "3B073307451ED9167F308658909F22B14E"));
    const auto keys = terminal.verify_chip_answer(answer->cryptogram);
    ASSERT_TRUE(keys);
    EXPECT_EQ(bytes(keys->enc.view()), bytes(answer->session_keys.enc.view()));
    EXPECT_EQ(bytes(keys->mac.view()), bytes(answer->session_keys.mac.view()));
}

TEST(MutualAuthentication, ChipRefusesAnotherIssuersCryptogramAndStaleChallenges)
{
    const auto wrong_card_key = diversify_card_key(wrong_demo_issuer_key().view(), kUid);
    const TerminalAuthentication wrong(wrong_card_key.view(), kRndIc);
    EXPECT_FALSE(answer_terminal(card_key().view(), kRndIc, wrong.cryptogram()));
    const TerminalAuthentication right(card_key().view(), kRndIc);
    EXPECT_TRUE(answer_terminal(card_key().view(), kRndIc, right.cryptogram()));
    // The same cryptogram against a new challenge: refused.
    EXPECT_FALSE(answer_terminal(card_key().view(), kRndIfd, right.cryptogram()));
}

TEST(MutualAuthentication, TerminalRefusesAForgedOrReflectedAnswer)
{
    const TerminalAuthentication terminal(card_key().view(), kRndIc);
    auto forged = random_bytes(chip::kAuthCryptogramSize);
    EXPECT_FALSE(terminal.verify_chip_answer(forged));
    // Its own cryptogram sent back: RND.IFD and RND.IC are in the wrong order.
    EXPECT_FALSE(terminal.verify_chip_answer(terminal.cryptogram()));
}

class SecureMessagingVectors : public ::testing::Test
{
protected:
    SecureMessaging terminal{derive_session_keys(kKIfd, kKIc, kRndIc, kRndIfd)};
    SecureMessaging card{derive_session_keys(kKIfd, kKIc, kRndIc, kRndIfd)};
};

TEST_F(SecureMessagingVectors, ProtectedCommandsAndAnswersMatchTheKnownAnswers)
{
    const chip::CommandApdu update{0x00, 0xD6, 0x00, 0x10, {'K', 'T', 'P', '-', 'e', 'l'}, {}};
    const auto protected_update = terminal.protect_command(update);
    EXPECT_EQ(protected_update,
              hex("0CD600101D8711013C19A6C4006A15F994ED7281D4AEEEF78E08CD7DC2236E95F98800"));
    const auto opened = card.unprotect_command(chip::CommandApdu::parse(protected_update));
    EXPECT_EQ(opened.cla, 0x00);
    EXPECT_EQ(opened.data, update.data);
    EXPECT_FALSE(opened.le);
    const auto answer = card.protect_response({}, 0x9000);
    EXPECT_EQ(answer, hex("990290008E084612FCAB87464F9B9000"));
    EXPECT_EQ(terminal.unprotect_response(answer).sw, 0x9000);

    const chip::CommandApdu read{0x00, 0xB0, 0x00, 0x00, {}, 4};
    const auto protected_read = terminal.protect_command(read);
    EXPECT_EQ(protected_read, hex("0CB000000D9701048E0878B2CD46FB9A0A3D00"));
    EXPECT_EQ(card.unprotect_command(chip::CommandApdu::parse(protected_read)).le, 4u);
    const auto read_answer = card.protect_response(hex("6102ABCD"), 0x9000);
    EXPECT_EQ(read_answer, hex("8711014A61681D64BBDB3660883945DA694FC7990290008E08B233E1207C9E"
                               "F8C49000"));
    const auto plain = terminal.unprotect_response(read_answer);
    EXPECT_EQ(plain.data, hex("6102ABCD"));
    EXPECT_EQ(plain.sw, 0x9000);
}

TEST_F(SecureMessagingVectors, ReplayedCommandFailsItsMac)
{
    const chip::CommandApdu erase{0x00, 0x0E, 0x00, 0x00, {}, {}};
    const auto first = chip::CommandApdu::parse(terminal.protect_command(erase));
    card.unprotect_command(first);
    card.protect_response({}, 0x9000);
    try {
        card.unprotect_command(first);
        FAIL() << "a replayed command was accepted";
    } catch (const SmError& error) {
        EXPECT_EQ(error.status_word(), 0x6988);
    }
}

TEST_F(SecureMessagingVectors, TamperedCommandOrAnswerFails)
{
    const chip::CommandApdu update{0x00, 0xD6, 0x00, 0x00, {1, 2, 3}, {}};
    auto bytes = terminal.protect_command(update);
    bytes[8] ^= 0x01; // inside the cryptogram
    try {
        card.unprotect_command(chip::CommandApdu::parse(bytes));
        FAIL() << "a tampered command was accepted";
    } catch (const SmError& error) {
        EXPECT_EQ(error.status_word(), 0x6988);
    }

    SecureMessaging terminal2{derive_session_keys(kKIfd, kKIc, kRndIc, kRndIfd)};
    SecureMessaging card2{derive_session_keys(kKIfd, kKIc, kRndIc, kRndIfd)};
    card2.unprotect_command(chip::CommandApdu::parse(terminal2.protect_command(update)));
    auto answer = card2.protect_response({}, 0x9000);
    answer[answer.size() - 1] = 0x01; // the unprotected trailer says 9001
    EXPECT_THROW(terminal2.unprotect_response(answer), SmError);
}

TEST_F(SecureMessagingVectors, MissingMacIsReportedAsMissing)
{
    const chip::CommandApdu bare{0x0C, 0xB0, 0x00, 0x00, {0x97, 0x01, 0x04}, 256};
    try {
        card.unprotect_command(bare);
        FAIL();
    } catch (const SmError& error) {
        EXPECT_EQ(error.status_word(), 0x6987);
    }
}

TEST_F(SecureMessagingVectors, RefusesToProtectWhatWouldNotFitAShortApdu)
{
    // 240 bytes pad to 256: DO'87' alone then takes 260 bytes.
    chip::CommandApdu big{0x00, 0xD6, 0x00, 0x00, std::vector<std::uint8_t>(240, 0xAB), {}};
    EXPECT_THROW(terminal.protect_command(big), SmError);
    EXPECT_EQ(terminal.send_sequence_counter(), AesBlock{}); // a refusal does not count
    big.data.resize(chip::kChunkSize);
    const auto protected_big = terminal.protect_command(big);
    EXPECT_EQ(protected_big.size(), 244u); // as chip_layout.hpp works it out
    EXPECT_EQ(protected_big.size(), SecureMessaging::protected_command_size(big));
    EXPECT_EQ(protected_big[4], 238); // Lc
}

} // namespace
} // namespace ktpel::sim::sm
