"""What every email briefing writes must satisfy, shared by the mail and digest tests."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser

MAX_WIDTH = 600
_PX = re.compile(r"(?:^|;)\s*(?:min-|max-)?width\s*:\s*(\d+(?:\.\d+)?)px", re.I)


class _Audit(HTMLParser):
    """Collects tags, links and widths of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[str] = []
        self.widths: list[tuple[str, float]] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        width = values.get("width", "")
        if width.isdigit():
            self.widths.append((tag, float(width)))
        style = values.get("style", "")
        self.styles.append(style)
        self.widths += [(tag, float(px)) for px in _PX.findall(style)]


def audit_html(html: str) -> _Audit:
    """Assert the HTML is fit for email clients; returns what it found for more checks."""
    audit = _Audit()
    audit.feed(html)
    found = set(audit.tags)
    # nothing a mail client strips or blocks, nothing left over from inlining
    for forbidden in ("script", "style", "link", "img", "iframe", "object", "embed", "form"):
        assert forbidden not in found, f"<{forbidden}> in the email HTML"
    assert not re.search(r"<\s*(script|style|link)\b", html, re.I)
    assert "@import" not in html and "@font-face" not in html
    assert not re.search(r"url\s*\(", html, re.I), "external resource in CSS"
    assert not re.search(r"\son\w+\s*=", html, re.I), "event handler attribute"
    # layout by tables, one column no wider than 600 px
    assert "table" in found
    assert audit.widths, "no explicit widths: the column would stretch"
    too_wide = [(tag, px) for tag, px in audit.widths if px > MAX_WIDTH]
    assert not too_wide, f"elements wider than {MAX_WIDTH}px: {too_wide}"
    # CSS was inlined: styled elements carry style attributes
    assert sum(1 for s in audit.styles if s) > 5
    return audit


def parse_message(data: bytes) -> EmailMessage:
    """Parse bytes as a mail client would, after checking their wire format."""
    assert data.isascii(), "non-ASCII bytes on the wire: headers must be RFC 2047 encoded"
    lines = data.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare CR or LF"
    assert max(len(line) for line in lines) <= 78, "line over 78 characters"
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def check_alternative(message: EmailMessage) -> tuple[str, str]:
    """Assert a multipart/alternative with a text then an HTML part; returns both."""
    assert message.get_content_type() == "multipart/alternative"
    assert message["MIME-Version"] == "1.0"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    for part in parts:
        assert part.get_content_charset() == "utf-8"
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
    # the wire has CRLF line ends; compare content with the renderers' LF
    text, html = (str(p.get_content()).replace("\r\n", "\n") for p in parts)  # type: ignore[attr-defined]
    return text, html
