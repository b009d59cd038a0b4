#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Known answers for crypto_known_answer_test.cpp, computed independently
of the C++ code with pyca/cryptography, straight from docs/chip.md:
SP 800-108 KBKDF (CMAC-AES-128, counter first, label || 00 || context ||
[L]32), the mutual-authentication cryptograms and ICAO-style secure
messaging. Run it and compare with the constants in the test."""
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC
from cryptography.hazmat.primitives.kdf.kbkdf import CounterLocation, KBKDFCMAC, Mode


def kdf(key, label, context):
    return KBKDFCMAC(algorithm=algorithms.AES, mode=Mode.CounterMode, length=16, rlen=4, llen=4,
                     location=CounterLocation.BeforeFixed, label=label, context=context,
                     fixed=None).derive(key)


def cmac(key, data):
    c = CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def cbc(key, iv, data):
    e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return e.update(data) + e.finalize()


def ecb(key, block):
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(block) + e.finalize()


def pad(data):
    data = data + b"\x80"
    return data + b"\x00" * (-len(data) % 16)


def tlv(tag, value):
    n = len(value)
    length = bytes([n]) if n < 0x80 else bytes([0x81, n]) if n <= 0xFF else bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + length + value


def ssc_bytes(n):
    return n.to_bytes(16, "big")


master = b"KTPEL-DEMO-KEY-1"
uid = bytes.fromhex("0102030405060708")
card_key = kdf(master, b"KTPEL card key", uid)
auth_enc = kdf(card_key, b"KTPEL auth enc", b"")
auth_mac = kdf(card_key, b"KTPEL auth mac", b"")
print("card_key      ", card_key.hex())
print("auth_enc      ", auth_enc.hex())
print("auth_mac      ", auth_mac.hex())

rnd_ic = bytes(range(0x10, 0x20))
rnd_ifd = bytes(range(0x20, 0x30))
k_ifd = bytes(range(0x30, 0x40))
k_ic = bytes(range(0x40, 0x50))
e_ifd = cbc(auth_enc, bytes(16), rnd_ifd + rnd_ic + k_ifd)
m_ifd = cmac(auth_mac, e_ifd)[:8]
print("terminal      ", (e_ifd + m_ifd).hex())
e_ic = cbc(auth_enc, bytes(16), rnd_ic + rnd_ifd + k_ic)
m_ic = cmac(auth_mac, e_ic)[:8]
print("chip          ", (e_ic + m_ic).hex())

seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic))
ks_enc = kdf(seed, b"KTPEL SM enc", rnd_ic + rnd_ifd)
ks_mac = kdf(seed, b"KTPEL SM mac", rnd_ic + rnd_ifd)
print("ks_enc        ", ks_enc.hex())
print("ks_mac        ", ks_mac.hex())

# UPDATE BINARY 00 D6 00 10 with "KTP-el", SSC 1.
header = bytes([0x0C, 0xD6, 0x00, 0x10])
iv = ecb(ks_enc, ssc_bytes(1))
do87 = tlv(0x87, b"\x01" + cbc(ks_enc, iv, pad(b"KTP-el")))
mac = cmac(ks_mac, pad(ssc_bytes(1) + pad(header) + do87))[:8]
body = do87 + tlv(0x8E, mac)
print("update        ", (header + bytes([len(body)]) + body + b"\x00").hex())

# The chip's answer 9000, SSC 2.
do99 = tlv(0x99, b"\x90\x00")
mac = cmac(ks_mac, pad(ssc_bytes(2) + do99))[:8]
print("update_answer ", (do99 + tlv(0x8E, mac) + b"\x90\x00").hex())

# READ BINARY 00 B0 00 00 Le 04, SSC 3, and its answer "6104" + 9000 ... as 61 02 AB CD, SSC 4.
header = bytes([0x0C, 0xB0, 0x00, 0x00])
do97 = tlv(0x97, b"\x04")
mac = cmac(ks_mac, pad(ssc_bytes(3) + pad(header) + do97))[:8]
body = do97 + tlv(0x8E, mac)
print("read          ", (header + bytes([len(body)]) + body + b"\x00").hex())
iv = ecb(ks_enc, ssc_bytes(4))
do87 = tlv(0x87, b"\x01" + cbc(ks_enc, iv, pad(bytes.fromhex("6102ABCD"))))
mac = cmac(ks_mac, pad(ssc_bytes(4) + do87 + do99))[:8]
print("read_answer   ", (do87 + do99 + tlv(0x8E, mac) + b"\x90\x00").hex())

print("kcv demo key  ", ecb(master, b"\x01" * 16)[:3].hex())
