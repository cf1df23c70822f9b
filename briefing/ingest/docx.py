"""Word .docx: paragraphs and heading styles, read with a bound on everything the zip holds.

A .docx is a zip of XML, so a small file can claim a great deal: its unpacked XML is
bounded (a zip bomb), its text is bounded like any article's (``max_input_bytes``), and
its elements may nest only ``max_nesting`` deep (a 2 kB file of 100,000 paragraphs nested
in one another would otherwise cost minutes). Every way a zip can be broken (a corrupt
deflate stream, an encrypted entry, a compression method Python does not know, a cut-off
file) is one refusal: "the file is not a readable .docx document".
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from xml.etree.ElementTree import Element

from briefing.errors import InputTooLargeError, UnsupportedFormatError
from briefing.ingest.blocks import Block, Parsed, is_caps_heading
from briefing.options import Limits

#: how much larger than the input limit a .docx's unpacked document.xml may be: Word's XML
#: is markup-heavy (about 5-10 bytes per character of text), a zip bomb is far larger
DOCX_XML_FACTOR = 20
_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH = f"{_NAMESPACE}p"
_TEXT = f"{_NAMESPACE}t"
_STYLE = f"{_NAMESPACE}pStyle"
_VALUE = f"{_NAMESPACE}val"
#: what a broken zip raises, by the zipfile module and the decompressors under it
_BROKEN_ZIP: tuple[tuple[type[BaseException], ...], str] = (
    (zipfile.BadZipFile, EOFError),
    "it is not a complete zip file",
)


def read_docx(data: bytes, limits: Limits) -> Parsed:
    """The XML is parsed by defusedxml, which refuses entity expansion ("billion laughs")
    and external entities; the unpacked size is counted as it streams, since a zip's
    declared sizes can lie."""
    xml = _document_xml(data, DOCX_XML_FACTOR * limits.max_input_bytes)
    return _paragraphs(xml, limits)


def _document_xml(data: bytes, max_xml_bytes: int) -> bytes:
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as archive,
            archive.open("word/document.xml") as member,
        ):
            xml = member.read(max_xml_bytes + 1)
    except KeyError:
        raise _unreadable("it has no word/document.xml") from None
    except _BROKEN_ZIP[0]:
        raise _unreadable(_BROKEN_ZIP[1]) from None
    except (zlib.error, lzma.LZMAError, OSError, ValueError):
        raise _unreadable("its compressed data is corrupt") from None
    except NotImplementedError:
        raise _unreadable("it uses a compression method briefing cannot unpack") from None
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise _unreadable("it is encrypted") from None
    if len(xml) > max_xml_bytes:
        raise InputTooLargeError(
            f"the .docx unpacks to more than {max_xml_bytes:,} bytes of XML "
            f"({DOCX_XML_FACTOR} x BRIEFING_MAX_INPUT_BYTES); it is refused as a zip bomb"
        )
    return xml


def _unreadable(reason: str) -> UnsupportedFormatError:
    return UnsupportedFormatError(f"the file is not a readable .docx document: {reason}")


def _paragraphs(xml: bytes, limits: Limits) -> Parsed:
    """The paragraphs, read in one pass that counts depth and text as it goes."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    slots: list[Block | None] = []  # one per paragraph, in the order they open
    depth = 0
    size = 0
    open_paragraphs: list[tuple[int, list[str]]] = []  # each one's slot and text so far
    try:
        for event, node in iterparse(io.BytesIO(xml), events=("start", "end")):
            if event == "start":
                depth += 1
                if depth > limits.max_nesting:
                    raise InputTooLargeError(
                        f"the .docx nests its elements more than {limits.max_nesting} deep "
                        "(BRIEFING_MAX_NESTING)"
                    )
                if node.tag == _PARAGRAPH:
                    open_paragraphs.append((len(slots), []))
                    slots.append(None)
                continue
            depth -= 1
            if node.tag == _TEXT and open_paragraphs:
                open_paragraphs[-1][1].append(node.text or "")
            elif node.tag == _PARAGRAPH and open_paragraphs:
                slot, pieces = open_paragraphs.pop()
                text = " ".join("".join(pieces).split())
                size += len(text.encode("utf-8")) + 2
                if size > limits.max_input_bytes:
                    raise InputTooLargeError(
                        f"the .docx holds more than {limits.max_input_bytes:,} bytes of text; "
                        "the limit is BRIEFING_MAX_INPUT_BYTES"
                    )
                if text:
                    slots[slot] = Block(text, heading=_is_heading(node, text))
                node.clear()  # keep memory flat: the paragraph is read
    except ParseError as exc:
        raise _unreadable("its text is not well-formed XML") from exc
    except DefusedXmlException as exc:
        raise UnsupportedFormatError(
            "the .docx holds XML entities or a DTD, which briefing does not read"
        ) from exc
    return Parsed([block for block in slots if block is not None])


def _is_heading(paragraph: Element, text: str) -> bool:
    style = paragraph.find(f"{_NAMESPACE}pPr/{_STYLE}")
    style_name = (style.get(_VALUE) or "") if style is not None else ""
    return style_name.lower().startswith(("heading", "title")) or is_caps_heading(text)
