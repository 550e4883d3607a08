#!/usr/bin/env python3
"""A test SMTP server on 127.0.0.1 that accepts every message and appends its Message-ID to a
log file (one line each, flushed), so tests can count deliveries. Stops by itself after
--lifetime seconds, or when killed.
Usage: .ci/smtp-sink.py --port 2525 --log /tmp/received.log [--lifetime 900]"""
import argparse
import email
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, log):
        self.log = log

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with open(self.log, "a") as out:
            out.write(f"{message.get('Message-ID', '').strip()}\n")
            out.flush()
        return "250 Message accepted for delivery"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=2525)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=900)
    args = ap.parse_args()
    controller = Controller(Sink(args.log), hostname="127.0.0.1", port=args.port)
    controller.start()
    try:
        deadline = time.monotonic() + args.lifetime
        while time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
