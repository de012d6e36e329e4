"""SMTP server for development and tests: accepts every message and stores it as an .eml file.

Each accepted message becomes <maildir>/<unix-ns>-<n>.eml with the envelope in X-Relais-* headers,
so a developer can open exactly what Relais sent and tests can assert on it.
"""
import argparse
import asyncio
import itertools
import os
import time

from aiosmtpd.controller import Controller


class EmlWriter:
    def __init__(self, maildir):
        self.maildir = maildir
        self.counter = itertools.count()

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{next(self.counter)}.eml"
        tmp = os.path.join(self.maildir, "." + name)
        with open(tmp, "wb") as f:
            f.write(f"X-Relais-Mail-From: {envelope.mail_from}\r\n".encode())
            for rcpt in envelope.rcpt_tos:
                f.write(f"X-Relais-Rcpt-To: {rcpt}\r\n".encode())
            f.write(envelope.original_content or envelope.content)
        # Rename last so a reader never sees a half-written file.
        os.replace(tmp, os.path.join(self.maildir, name))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=52525)
    parser.add_argument("--maildir", required=True)
    args = parser.parse_args()
    os.makedirs(args.maildir, exist_ok=True)
    controller = Controller(EmlWriter(args.maildir), hostname=args.host, port=args.port)
    controller.start()
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
