#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A small ktpeld client in Python, written against docs/protocol.md only.

It says hello, lists the devices, captures fingerprints into a PGM file and
prints the daemon's events while the capture runs. Needs pyzmq
(Debian: python3-zmq).

    ./ktpel_example.py --runtime-dir /run/ktpeld --out fingers.pgm
"""

import argparse
import itertools
import json
import os
import sys
import time

import zmq

PROTOCOL_VERSION = 1


class DaemonError(Exception):
    """The daemon answered ok=false; carries the protocol error object."""

    def __init__(self, error):
        super().__init__(f"{error.get('code')}: {error.get('message')}")
        self.code = error.get("code")
        self.details = error.get("details", {})


class NoReply(Exception):
    """No reply within the timeout: the daemon is down or wedged."""


class Client:
    """Request/reply over a REQ socket: one request at a time.

    REQ adds the empty delimiter frame itself, so a message here is just
    [header, blob, ...]. A REQ socket that timed out is stuck waiting for
    its reply, so it is replaced by a fresh one.
    """

    def __init__(self, context, endpoint):
        self._context = context
        self._endpoint = endpoint
        self._ids = itertools.count(1)
        self._socket = None
        self._connect()

    def _connect(self):
        if self._socket is not None:
            self._socket.close(linger=0)
        self._socket = self._context.socket(zmq.REQ)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.connect(self._endpoint)

    def send(self, op, args=None, blobs=()):
        """Sends a request and returns its id; pair with wait_reply()."""
        request_id = f"py{os.getpid()}-{next(self._ids)}"
        header = {"v": PROTOCOL_VERSION, "id": request_id, "op": op, "args": args or {}}
        self._socket.send_multipart([json.dumps(header).encode("utf-8"), *blobs])
        return request_id

    def reply_ready(self, timeout_ms):
        return self._socket.poll(timeout_ms, zmq.POLLIN) != 0

    @property
    def socket(self):
        return self._socket

    def read_reply(self, request_id):
        """Returns (result, blobs); raises DaemonError when ok is false."""
        header, *blobs = self._socket.recv_multipart()
        reply = json.loads(header)
        if reply.get("id") not in (request_id, ""):
            raise RuntimeError(f"reply for {reply.get('id')!r}, expected {request_id!r}")
        if not reply["ok"]:
            raise DaemonError(reply["error"])
        return reply["result"], blobs

    def abandon(self):
        self._connect()

    def call(self, op, args=None, timeout_ms=10_000):
        request_id = self.send(op, args)
        if not self.reply_ready(timeout_ms):
            self.abandon()
            raise NoReply(f"no reply to {op} within {timeout_ms} ms from {self._endpoint}")
        return self.read_reply(request_id)[0]


def print_event(frames):
    """Frame 0 is the topic, frame 1 the JSON header, then blobs."""
    topic, header, *blobs = frames
    event = json.loads(header)
    stamp = time.strftime("%H:%M:%S", time.localtime(event["time"]))
    extra = f" +{len(blobs)} blob(s)" if blobs else ""
    print(f"  event {stamp} {topic.decode()} #{event['seq']} {json.dumps(event['data'])}{extra}")


def save_pgm(path, width, height, pixels):
    """Binary PGM: 8-bit grey, row-major, top row first (docs/protocol.md)."""
    if len(pixels) != width * height:
        raise ValueError(f"image is {len(pixels)} bytes, {width}x{height} needs {width * height}")
    with open(path, "wb") as out:
        out.write(b"P5\n%d %d\n255\n" % (width, height))
        out.write(pixels)


def capture(client, events, args):
    capture_args = {"slot": args.slot, "timeout_ms": args.timeout_ms}
    if args.device:
        capture_args["device"] = args.device
    request_id = client.send("fingerprint.capture", capture_args)
    print(f"fingerprint.capture sent as {request_id}; place fingers on the scanner")

    poller = zmq.Poller()
    poller.register(client.socket, zmq.POLLIN)
    poller.register(events, zmq.POLLIN)
    deadline = time.monotonic() + args.timeout_ms / 1000 + 10
    while time.monotonic() < deadline:
        ready = dict(poller.poll(100))
        if events in ready:
            print_event(events.recv_multipart())
        if client.socket in ready:
            result, blobs = client.read_reply(request_id)
            break
    else:
        client.abandon()
        raise NoReply("no reply to fingerprint.capture")
    while events.poll(0):  # what was published alongside the reply
        print_event(events.recv_multipart())

    image = result["image"]
    pixels = blobs[image["frame"] - 1]  # "frame" counts from 1, the first blob
    save_pgm(args.out, image["width"], image["height"], pixels)
    print(f"{result['device']} ({result.get('serial') or '-'}): {image['width']}x{image['height']} "
          f"at {image.get('ppi')} ppi in {result.get('elapsed_ms')} ms -> {args.out}")


def main():
    default_dir = os.environ.get("KTPEL_RUNTIME_DIR") or "/run/ktpeld"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime-dir", default=default_dir,
                        help=f"daemon runtime directory (default {default_dir})")
    parser.add_argument("--out", default="fingerprint.pgm", help="where to save the image")
    parser.add_argument("--device", help="scanner id (default: the first one)")
    parser.add_argument("--slot", default="left_four",
                        choices=["left_four", "right_four", "thumbs", "single"])
    parser.add_argument("--timeout-ms", type=int, default=10_000)
    parser.add_argument("--no-capture", action="store_true", help="only hello and device.list")
    args = parser.parse_args()

    context = zmq.Context()
    client = Client(context, f"ipc://{args.runtime_dir}/api.sock")
    # Subscribe before sending anything whose events we want: PUB does not
    # keep events for subscribers that are not connected yet.
    events = context.socket(zmq.SUB)
    events.setsockopt(zmq.LINGER, 0)
    events.setsockopt(zmq.SUBSCRIBE, b"")
    events.connect(f"ipc://{args.runtime_dir}/events.sock")

    try:
        hello = client.call("hello")
        print(f"{hello['name']} {hello['daemon']}, protocol {hello['protocol']}")
        for device in client.call("device.list")["devices"]:
            serial = device.get("identity", {}).get("serial") or "-"
            reason = f" ({device['reason']})" if device.get("reason") else ""
            print(f"  {device['id']:<14} {device['class']:<20} {device['state']}{reason}  {serial}")
        if not args.no_capture:
            capture(client, events, args)
    except DaemonError as error:
        print(f"{error.code}: {error}", file=sys.stderr)
        return 1
    except NoReply as error:
        print(error, file=sys.stderr)
        return 3
    finally:
        events.close(linger=0)
        client.socket.close(linger=0)
        context.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
