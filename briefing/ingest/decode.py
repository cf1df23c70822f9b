"""Bytes to text: UTF-8 or UTF-16 when marked, else the detected encoding; binary refused."""

from __future__ import annotations

import codecs
import re
import unicodedata

from briefing.errors import BinaryInputError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A well-formed UTF-8 sequence of two to four bytes: text that holds some is UTF-8.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_MIXED = "briefing-utf8-or-cp1252"
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 refused as Windows-1252, one by one."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error(_MIXED, _cp1252_fallback)


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a byte-order mark), else as detected.

    UTF-8 text with a few Windows-1252 bytes pasted in (a curly quote from a word
    processor) is read as UTF-8 with those bytes as Windows-1252: one stray byte must not
    turn every "é" of the text into "Ã©". Other text goes to charset-normalizer; when it
    guesses some single-byte Latin code page, Windows-1252 is preferred, the encoding
    Western news text is usually in. Control characters are not judged here but by
    ``check_text``, which every text goes through.

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
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8-sig", errors=_MIXED)
    return _decode_detected(data)


def _mostly_utf8(data: bytes) -> bool:
    """Whether the bytes hold more well-formed UTF-8 sequences than stray high bytes."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    sequences = _UTF8_SEQUENCE.findall(data)
    in_sequences = sum(len(sequence) for sequence in sequences)
    return bool(sequences) and len(sequences) >= high - in_sequences


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
