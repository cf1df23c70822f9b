"""Sending over SMTP to a real server (aiosmtpd) started in the test."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from digest_texts import FLOOD_LOCAL, FLOOD_WIRE, ROBOT

from briefing import build_brief
from briefing.cli import main
from briefing.config import Settings
from briefing.delivery import send_message
from briefing.digest import build_digest
from briefing.errors import DeliveryError
from briefing.render.mail import message_bytes, render_digest_email
from briefing.store import Archive

DAY = dt.date(2020, 1, 3)


@dataclass
class Mailbox:
    """What the server received: one envelope per message."""

    envelopes: list[Any] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    mailbox: Mailbox
    port: int

    def settings(self, **changes: Any) -> Settings:
        return Settings(
            smtp_host="127.0.0.1",
            smtp_port=self.port,
            smtp_timeout=5,
            mail_from="Brief <digest@example.org>",
        ).with_changes(**changes)


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"editor", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def server() -> Iterator[Server]:
    """A plain SMTP server that accepts everything (and logins from editor/s3cret)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield Server(mailbox, port)
    controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not found: cannot make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def digest_bytes() -> bytes:
    briefs = [
        build_brief(text, id=name)
        for name, text in (("a", FLOOD_WIRE), ("b", FLOOD_LOCAL), ("c", ROBOT))
    ]
    message = render_digest_email(
        build_digest(briefs, DAY),
        Settings().output,
        now=dt.datetime(2020, 1, 4, tzinfo=dt.UTC),
        message_id="<t@example.org>",
    )
    return message_bytes(message)


def test_the_server_receives_exactly_the_bytes_sent(server: Server, digest_bytes: bytes) -> None:
    send_message(digest_bytes, ["desk@example.org", "chief@example.org"], server.settings())
    (envelope,) = server.mailbox.envelopes
    assert envelope.content == digest_bytes
    assert envelope.mail_from == "digest@example.org"
    assert envelope.rcpt_tos == ["desk@example.org", "chief@example.org"]


def test_login_with_user_and_password(server: Server, digest_bytes: bytes) -> None:
    send_message(
        digest_bytes,
        ["desk@example.org"],
        server.settings(smtp_user="editor", smtp_password="s3cret"),
    )
    assert len(server.mailbox.envelopes) == 1


def test_starttls_with_login(certificate: tuple[Path, Path], digest_bytes: bytes) -> None:
    cert, key = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=True,
        authenticator=_authenticate,
    )  # fmt: skip
    controller.start()
    try:
        settings = Server(mailbox, port).settings(
            smtp_security="starttls", smtp_user="editor", smtp_password="s3cret"
        )
        trusted = ssl.create_default_context(cafile=str(cert))
        send_message(digest_bytes, ["desk@example.org"], settings, ssl_context=trusted)
        # without trusting the certificate, TLS fails and says so in one line
        with pytest.raises(DeliveryError, match=r"^TLS with 127\.0\.0\.1:\d+ failed: "):
            send_message(digest_bytes, ["desk@example.org"], settings)
    finally:
        controller.stop()
    (envelope,) = mailbox.envelopes
    assert envelope.content == digest_bytes


def test_implicit_tls_with_login(certificate: tuple[Path, Path], digest_bytes: bytes) -> None:
    cert, key = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=port, ssl_context=tls, authenticator=_authenticate,
        auth_require_tls=False,  # aiosmtpd does not count implicit TLS as TLS for AUTH
    )  # fmt: skip
    controller.start()
    try:
        settings = Server(mailbox, port).settings(
            smtp_security="ssl", smtp_user="editor", smtp_password="s3cret"
        )
        send_message(
            digest_bytes,
            ["desk@example.org"],
            settings,
            ssl_context=ssl.create_default_context(cafile=str(cert)),
        )
    finally:
        controller.stop()
    (envelope,) = mailbox.envelopes
    assert envelope.content == digest_bytes


@pytest.mark.parametrize(
    ("changes", "recipients", "refuse", "message"),
    [
        # wrong password: the server's reply, never the password
        ({"smtp_user": "editor", "smtp_password": "wrong"}, ["a@example.org"], set(),
         r"^SMTP login refused by 127\.0\.0\.1:\d+: 535 "),
        # every recipient refused
        ({}, ["nobody@example.org"], {"nobody@example.org"},
         r"refused every recipient: nobody@example\.org \(550 5\.1\.1 no such mailbox\)$"),
        # some refused: still a failure, naming them
        ({}, ["a@example.org", "nobody@example.org"], {"nobody@example.org"},
         r"refused some recipients: nobody@example\.org \(550 5\.1\.1 no such mailbox\)$"),
        # STARTTLS asked of a server that does not offer it: never fall back to plain text
        ({"smtp_security": "starttls"}, ["a@example.org"], set(),
         r"^SMTP server 127\.0\.0\.1:\d+: STARTTLS extension not supported by server\.$"),
        # nothing to send to
        ({}, [], set(), r"^no recipient given$"),
        # not an address
        ({}, ["desk"], set(), r"^not an email address: 'desk'$"),
    ],
)  # fmt: skip
def test_what_the_server_refuses_is_a_delivery_error(
    server: Server,
    digest_bytes: bytes,
    changes: dict[str, Any],
    recipients: list[str],
    refuse: set[str],
    message: str,
) -> None:
    server.mailbox.refuse = refuse
    with pytest.raises(DeliveryError, match=message) as caught:
        send_message(digest_bytes, recipients, server.settings(**changes))
    assert "\n" not in caught.value.message
    assert "wrong" not in caught.value.message


def test_no_server_listening_is_a_delivery_error(digest_bytes: bytes) -> None:
    port = free_port()
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_timeout=2)
    with pytest.raises(
        DeliveryError, match=rf"^cannot send mail via 127\.0\.0\.1:{port}: Connection refused$"
    ):
        send_message(digest_bytes, ["a@example.org"], settings)


def test_a_server_that_never_answers_times_out(digest_bytes: bytes) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        accepted: list[socket.socket] = []
        thread = threading.Thread(target=lambda: accepted.append(silent.accept()[0]), daemon=True)
        thread.start()
        port = silent.getsockname()[1]
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_timeout=0.3)
        with pytest.raises(
            DeliveryError, match=r"^no answer from SMTP server 127\.0\.0\.1:\d+ within 0\.3 s$"
        ):
            send_message(digest_bytes, ["a@example.org"], settings)
        thread.join(1)
        for connection in accepted:
            connection.close()


# -- the command line, end to end ---------------------------------------------------------------


@pytest.fixture
def archive_env(tmp_path: Path) -> dict[str, str]:
    """An archive with one day of three reports; the environment that points at it."""
    settings = Settings(instance_path=tmp_path / "instance")
    archive = Archive.from_settings(settings)
    for name, text in (("wire", FLOOD_WIRE), ("local", FLOOD_LOCAL), ("robot", ROBOT)):
        headline, _, body = text.partition("\n\n")
        archive.save(build_brief(body, title=headline, id=name), day=DAY)
    archive.close()
    return {"BRIEFING_INSTANCE_PATH": str(tmp_path / "instance")}


def test_cli_sends_the_very_bytes_it_writes_to_the_eml(
    server: Server, archive_env: dict[str, str], tmp_path: Path
) -> None:
    env = archive_env | {
        "BRIEFING_SMTP_HOST": "127.0.0.1",
        "BRIEFING_SMTP_PORT": str(server.port),
        "BRIEFING_MAIL_FROM": "Daily Brief <digest@example.org>",
    }
    out = tmp_path / "digest.eml"
    result = CliRunner().invoke(
        main,
        ["digest", "--date", "2020-01-03", "--out", str(out), "--send", "--to", "desk@example.org",
         "--to", "chief@example.org,night@example.org"],
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == ""  # silent on success: cron mails any output
    (envelope,) = server.mailbox.envelopes
    assert envelope.content == out.read_bytes()
    assert envelope.rcpt_tos == ["desk@example.org", "chief@example.org", "night@example.org"]
    assert b"Subject: Daily brief =?utf-8?b?4oCU?= 3 Jan 2020: 2 stories" in envelope.content


def test_cli_reports_a_failed_delivery_in_one_line(
    archive_env: dict[str, str], tmp_path: Path
) -> None:
    env = archive_env | {"BRIEFING_SMTP_HOST": "127.0.0.1", "BRIEFING_SMTP_PORT": str(free_port())}
    result = CliRunner().invoke(
        main, ["digest", "--date", "2020-01-03", "--send", "--to", "a@example.org"], env=env
    )
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith("briefing: error: cannot send mail via 127.0.0.1:")
