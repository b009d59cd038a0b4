#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes station.pcap: the usbmon capture umockdev replays for the two
devices in station.umockdev (see docs/usb-transport.md).

It is written rather than recorded because no such hardware exists: the
conversation is exactly what libusb_bus_test.cpp makes LibusbBus say, in
order, per device. Change one, change the other, then run
    python3 tests/umockdev/make_station_pcap.py tests/umockdev/station.pcap

umockdev replays in order per device: a 'S'ubmit record is matched against
the URB libusb submitted (type, endpoint, length, setup bytes, OUT data), and
the 'C'omplete record with the same id hands back status and IN data.
"""
import struct
import sys
import zlib

DLT_USB_LINUX_MMAPPED = 220
CONTROL, BULK = 2, 3
EPIPE = 32
LANGID_EN_US = 0x0409

SCANNER = (1, 5)  # bus, address: busnum/devnum in station.umockdev
PRINTER = (1, 7)


class Capture:
    def __init__(self):
        self.records = []
        self.next_id = 0xFFFF8880_00000000
        self.usec = 0

    def _record(self, urb_id, event, xfer, ep, dev, status, urb_len, data, setup=None):
        bus, address = dev
        self.usec += 125
        header = struct.pack(
            "<QBBBBHbbqiiII8siiII",
            urb_id, ord(event), xfer, ep, address, bus,
            0 if setup else ord("-"),            # setup_flag: 0 = present
            0 if data else ord("<" if ep & 0x80 else ">"),  # data_flag
            1700000000 + self.usec // 1000000, self.usec % 1000000,
            -status if event == "C" else -115,   # -EINPROGRESS on submit
            urb_len, len(data), setup or bytes(8), 0, 0, 0, 0)
        assert len(header) == 64
        self.records.append((1700000000 + self.usec // 1000000, self.usec % 1000000,
                             header + data))

    def _urb(self):
        self.next_id += 0x100
        return self.next_id

    def control_in(self, dev, request_type, request, value, index, length, reply):
        urb = self._urb()
        setup = struct.pack("<BBHHH", request_type, request, value, index, length)
        self._record(urb, "S", CONTROL, 0x80, dev, 0, length, b"", setup)
        self._record(urb, "C", CONTROL, 0x80, dev, 0, len(reply), reply)

    def string(self, dev, index, text):
        """libusb_bus reads string 0 (languages), then the string itself."""
        languages = struct.pack("<BBH", 4, 3, LANGID_EN_US)
        self.control_in(dev, 0x80, 6, 0x0300, 0, 255, languages)
        body = text.encode("utf-16-le")
        self.control_in(dev, 0x80, 6, 0x0300 | index, LANGID_EN_US, 255,
                        bytes([2 + len(body), 3]) + body)

    def bulk_out(self, dev, ep, data):
        urb = self._urb()
        self._record(urb, "S", BULK, ep, dev, 0, len(data), data)
        self._record(urb, "C", BULK, ep, dev, 0, len(data), b"")

    def bulk_in(self, dev, ep, length, reply, status=0):
        urb = self._urb()
        self._record(urb, "S", BULK, ep, dev, 0, length, b"")
        self._record(urb, "C", BULK, ep, dev, status, len(reply), reply)

    def write(self, path):
        with open(path, "wb") as out:
            out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                                  DLT_USB_LINUX_MMAPPED))
            for sec, usec, packet in self.records:
                out.write(struct.pack("<IIII", sec, usec, len(packet), len(packet)))
                out.write(packet)


def kip_frame(message_type, sequence, payload=b""):
    head = b"KP" + bytes([message_type, sequence]) + struct.pack("<I", len(payload)) + payload
    return head + struct.pack("<I", zlib.crc32(head))


def main(path):
    capture = Capture()
    # enumerate(): manufacturer, product, serial of each device.
    for dev, strings in ((SCANNER, ("Ktpel Sim", "KIP Slap Scanner", "UMOCK-FP-1")),
                         (PRINTER, ("Ktpel Sim", "Card Printer", "UMOCK-PR-1"))):
        for index, text in enumerate(strings, start=1):
            capture.string(dev, index, text)
    # The scanner's bulk exchange: KIP get_status and its reply, then a
    # stalled read. The test's 64-byte read buffer is the IN urb_len.
    capture.bulk_out(SCANNER, 0x01, kip_frame(0x02, 1))
    capture.bulk_in(SCANNER, 0x81, 64, kip_frame(0x82, 1, bytes([0, 0])))
    capture.bulk_in(SCANNER, 0x81, 64, b"", status=EPIPE)
    capture.write(path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "station.pcap")
