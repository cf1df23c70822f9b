"""Sending mail over SMTP: a thin adapter over smtplib, configured by ``Settings``.

Host, port, security (``none``, ``starttls`` or ``ssl``), login and timeout all come from
``Settings`` (``BRIEFING_SMTP_*``). Every failure, from a refused connection to a rejected
recipient, becomes one ``DeliveryError`` whose message fits on one line; the password never
appears in it.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import parseaddr

from briefing.config import Settings
from briefing.errors import DeliveryError
from briefing.render.mail import envelope_sender, message_bytes

__all__ = ["send_message"]


def send_message(
    message: EmailMessage | bytes,
    recipients: Sequence[str],
    settings: Settings,
    *,
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """Send ``message`` to ``recipients`` through the configured SMTP server.

    The bytes sent are exactly ``message_bytes(message)`` (or the bytes given), so a
    received message equals the ``.eml`` written from the same message.

    Args:
        message: the message, or its bytes as ``message_bytes`` makes them.
        recipients: envelope recipients (at least one).
        settings: ``smtp_*`` and ``mail_from``.
        ssl_context: certificates to trust for STARTTLS/SSL; the system's by default.

    Raises:
        DeliveryError: no recipient, or the server could not be reached, refused the login,
            the sender or any recipient, or did not answer in ``smtp_timeout`` seconds.
    """
    if not recipients:
        raise DeliveryError("no recipient given")
    for address in recipients:
        if "@" not in parseaddr(address)[1]:
            raise DeliveryError(f"not an email address: {address!r}")
    data = message if isinstance(message, bytes) else message_bytes(message)
    sender = envelope_sender(settings.output)
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    context = ssl_context or ssl.create_default_context()
    try:
        client = _connect(settings, context)
        try:
            if settings.smtp_security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if settings.smtp_user:
                password = settings.smtp_password
                client.login(settings.smtp_user, password.get_secret_value() if password else "")
            refused = client.sendmail(sender, list(recipients), data)
        finally:
            _quit(client)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"SMTP login refused by {where}: {_reply(exc)}") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"{where} refused every recipient: {_refused(exc.recipients)}") from exc
    except smtplib.SMTPSenderRefused as exc:
        raise DeliveryError(f"{where} refused the sender {sender}: {_reply(exc)}") from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"SMTP server {where}: {_first_line(exc)}") from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{where} answered {_reply(exc)}") from exc
    except (TimeoutError, smtplib.SMTPServerDisconnected) as exc:
        if not _timed_out(exc):
            raise DeliveryError(f"{where} hung up: {_first_line(exc)}") from exc
        raise DeliveryError(
            f"no answer from SMTP server {where} within {settings.smtp_timeout:g} s"
        ) from exc
    except ssl.SSLError as exc:
        raise DeliveryError(f"TLS with {where} failed: {exc.reason or exc}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        reason = getattr(exc, "strerror", None) or _first_line(exc) or type(exc).__name__
        raise DeliveryError(f"cannot send mail via {where}: {reason}") from exc
    if refused:
        raise DeliveryError(f"{where} refused some recipients: {_refused(refused)}")


def _connect(settings: Settings, context: ssl.SSLContext) -> smtplib.SMTP:
    if settings.smtp_security == "ssl":
        return smtplib.SMTP_SSL(
            settings.smtp_host,
            settings.smtp_port,
            timeout=settings.smtp_timeout,
            context=context,
        )
    return smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)


def _quit(client: smtplib.SMTP) -> None:
    """Say goodbye politely; a server that already hung up is no new failure."""
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _timed_out(exc: BaseException) -> bool:
    """smtplib reports a reply that never came as a disconnection caused by a timeout."""
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else ""


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
    return f"{exc.smtp_code} {' '.join(text.split())}".strip()


def _refused(recipients: dict[str, tuple[int, bytes]]) -> str:
    return ", ".join(
        f"{address} ({code} {' '.join(reply.decode('utf-8', 'replace').split())})"
        for address, (code, reply) in recipients.items()
    )
