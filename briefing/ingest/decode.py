"""Bytes to text: UTF-8 or UTF-16 when marked, else the detected encoding; binary refused."""

from __future__ import annotations

import re
import unicodedata

from briefing.errors import BinaryInputError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a byte-order mark), else as detected.

    Detection uses charset-normalizer; when it guesses some single-byte Latin code page,
    Windows-1252 is preferred, the encoding Western news text is usually in. Control
    characters are not judged here but by ``check_text``, which every text goes through.

    Raises:
        BinaryInputError: the bytes are not text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BinaryInputError("the input claims to be UTF-16 but is not") from None
    if b"\x00" in data[:65536]:
        raise BinaryInputError("the input looks like binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _decode_detected(data)


def check_text(text: str) -> str:
    """``text`` unchanged, unless it reads as binary data (NULs, many control characters).

    A few stray control characters (a form feed, a pasted escape) are tolerated: cleaning
    turns them into spacing or drops them with the line they sit on.
    """
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise BinaryInputError("the input looks like binary data, not text")
    return text


def _decode_detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BinaryInputError("the input is not text in any encoding briefing reads")
    text = str(best)
    if _mostly_latin(text):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return text


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text[:4096] if c.isalpha() and ord(c) > 127]
    if not letters:
        return True
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return latin >= 0.8 * len(letters)
