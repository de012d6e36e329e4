"""SMTP server for development and tests: accepts every message and stores it as an .eml file.

Each accepted message becomes <maildir>/<unix-ns>-<n>.eml with the envelope in X-Relais-* headers,
so a developer can open exactly what Relais sent and tests can assert on it.

Options used by the SMTP client tests (all off by default, so the dev stack behaves as before):
  --starttls-cert PEM --starttls-key PEM   offer STARTTLS with that certificate
  --implicit-tls                           speak TLS from the first byte (needs the cert and key)
  --auth-user U --auth-password P          require AUTH PLAIN or LOGIN with these credentials
  --pipelining                             advertise PIPELINING in the EHLO reply
  --no-smtputf8                            do not advertise SMTPUTF8
  --idle-timeout SECONDS                   close a silent connection with 421 (aiosmtpd's 300 by default)
  --port 0 / --port-file F                 bind a free port; print "PORT <n>" and write it to F
  --scripted                               behaviours chosen by the recipient's local part:
      deferN-...   451 4.3.0 the first N times that exact address is seen, then accepted
      bounce-...   550 5.1.1 No such user
      bounceN-...  550 5.1.1 the first N times that exact address is seen, then accepted
      full-...     452 4.2.2 Mailbox full
      slowN-...    the reply to the end of DATA comes after N seconds
      dataerr-...  554 5.6.0 at the end of DATA, nothing stored
    and each stored message gets X-Relais-Connection (a number per TCP connection),
    X-Relais-Pipelined (MAIL FROM arrived together with the commands after it),
    X-Relais-TLS and X-Relais-Auth headers, and every AUTH attempt prints "AUTH <mechanism>".
"""
import argparse
import asyncio
import collections
import itertools
import os
import re
import ssl
import sys
import time

from aiosmtpd.smtp import MISSING, SMTP, AuthResult, LoginPassword

SCRIPT_PATTERN = re.compile(r"^(defer|slow|bounce)(\d+)-|^(bounce|full|dataerr)-")


def scripted_behaviour(address):
    """Returns (name, number) from an address's local part, or (None, 0)."""
    match = SCRIPT_PATTERN.match(address.split("@", 1)[0].lower())
    if not match:
        return None, 0
    if match.group(1):
        return match.group(1), int(match.group(2))
    return match.group(3), 0


class EmlWriter:
    def __init__(self, maildir, scripted=False):
        self.maildir = maildir
        self.counter = itertools.count()
        self.scripted = scripted
        self.connections = itertools.count(1)
        self.seen = collections.Counter()

    def connection_id(self, server):
        if not hasattr(server, "relais_connection_id"):
            server.relais_connection_id = next(self.connections)
        return server.relais_connection_id

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.connection_id(server)
        if getattr(server, "relais_pipelining", False):
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_AUTH(self, server, session, envelope, args):
        # Lets a test prove that a client never tried to authenticate.
        if self.scripted:
            print(f"AUTH {args[0].upper() if args else ''}", flush=True)
        return MISSING

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # Bytes already buffered behind MAIL FROM mean the client did not wait for this reply.
        envelope.relais_pipelined = len(server._reader._buffer) > 0
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.scripted:
            name, number = scripted_behaviour(address)
            if name == "defer":
                self.seen[address] += 1
                if self.seen[address] <= number:
                    return "451 4.3.0 Try again later"
            elif name == "bounce":
                self.seen[address] += 1
                if number == 0 or self.seen[address] <= number:
                    return "550 5.1.1 No such user"
            elif name == "full":
                return "452 4.2.2 Mailbox full"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.scripted:
            for rcpt in envelope.rcpt_tos:
                name, number = scripted_behaviour(rcpt)
                if name == "slow":
                    await asyncio.sleep(number)
                elif name == "dataerr":
                    return "554 5.6.0 Message content rejected"
        name = f"{time.time_ns()}-{next(self.counter)}.eml"
        tmp = os.path.join(self.maildir, "." + name)
        with open(tmp, "wb") as f:
            f.write(f"X-Relais-Mail-From: {envelope.mail_from}\r\n".encode())
            for rcpt in envelope.rcpt_tos:
                f.write(f"X-Relais-Rcpt-To: {rcpt}\r\n".encode())
            if self.scripted:
                tls = session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None
                login = getattr(session.auth_data, "login", None)
                pipelined = getattr(envelope, "relais_pipelined", False)
                f.write(f"X-Relais-Connection: {self.connection_id(server)}\r\n".encode())
                f.write(f"X-Relais-Pipelined: {'yes' if pipelined else 'no'}\r\n".encode())
                f.write(f"X-Relais-TLS: {'yes' if tls else 'no'}\r\n".encode())
                f.write(f"X-Relais-Auth: {login.decode() if login else 'none'}\r\n".encode())
            f.write(envelope.original_content or envelope.content)
        # Rename last so a reader never sees a half-written file.
        os.replace(tmp, os.path.join(self.maildir, name))
        return "250 Message accepted for delivery"


class PasswordCheck:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=52525)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port-file")
    parser.add_argument("--starttls-cert")
    parser.add_argument("--starttls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth-user")
    parser.add_argument("--auth-password")
    parser.add_argument("--pipelining", action="store_true")
    parser.add_argument("--no-smtputf8", action="store_true")
    parser.add_argument("--idle-timeout", type=float, default=300)
    parser.add_argument("--scripted", action="store_true")
    args = parser.parse_args()
    if bool(args.starttls_cert) != bool(args.starttls_key):
        parser.error("--starttls-cert and --starttls-key go together")
    if args.implicit_tls and not args.starttls_cert:
        parser.error("--implicit-tls needs --starttls-cert and --starttls-key")
    if bool(args.auth_user) != (args.auth_password is not None):
        parser.error("--auth-user and --auth-password go together")
    os.makedirs(args.maildir, exist_ok=True)

    tls_context = None
    if args.starttls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.starttls_cert, args.starttls_key)

    handler = EmlWriter(args.maildir, scripted=args.scripted)
    smtp_options = {"enable_SMTPUTF8": not args.no_smtputf8, "timeout": args.idle_timeout}
    if args.auth_user:
        smtp_options["authenticator"] = PasswordCheck(args.auth_user, args.auth_password)
        smtp_options["auth_required"] = True
        # aiosmtpd only counts STARTTLS as encryption, so a connection that is TLS from the
        # first byte must waive the check; without any certificate there is no TLS to demand.
        smtp_options["auth_require_tls"] = tls_context is not None and not args.implicit_tls
    if tls_context is not None and not args.implicit_tls:
        smtp_options["tls_context"] = tls_context

    def factory():
        server = SMTP(handler, **smtp_options)
        server.relais_pipelining = args.pipelining
        return server

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        factory, host=args.host, port=args.port,
        ssl=tls_context if args.implicit_tls else None))
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"PORT {port}", flush=True)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())


if __name__ == "__main__":
    sys.exit(main())
