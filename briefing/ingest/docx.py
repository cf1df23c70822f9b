"""Word .docx: paragraphs and heading styles, read with a bound on what the zip unpacks to."""

from __future__ import annotations

import io
import zipfile

from briefing.errors import InputTooLargeError, UnsupportedFormatError
from briefing.ingest.blocks import Block, Parsed, is_caps_heading

#: how much larger than the input limit a .docx's unpacked document.xml may be: Word's XML
#: is markup-heavy (about 5-10 bytes per character of text), a zip bomb is far larger
DOCX_XML_FACTOR = 20
_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, max_input_bytes: int) -> Parsed:
    """The XML is parsed by defusedxml, which refuses entity expansion ("billion laughs")
    and external entities; the unpacked size is counted as it streams, since a zip's
    declared sizes can lie."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    max_xml_bytes = DOCX_XML_FACTOR * max_input_bytes
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as archive,
            archive.open("word/document.xml") as member,
        ):
            xml = member.read(max_xml_bytes + 1)
        if len(xml) > max_xml_bytes:
            raise InputTooLargeError(
                f"the .docx unpacks to more than {max_xml_bytes:,} bytes of XML "
                f"({DOCX_XML_FACTOR} x BRIEFING_MAX_INPUT_BYTES); it is refused as a zip bomb"
            )
        root = fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ParseError, EOFError) as exc:
        raise UnsupportedFormatError("the file is not a readable .docx document") from exc
    except DefusedXmlException as exc:
        raise UnsupportedFormatError(
            "the .docx holds XML entities or a DTD, which briefing does not read"
        ) from exc
    blocks: list[Block] = []
    for paragraph in root.iter(f"{_NAMESPACE}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{_NAMESPACE}t"))
        text = " ".join(text.split())
        if not text:
            continue
        style = paragraph.find(f"{_NAMESPACE}pPr/{_NAMESPACE}pStyle")
        style_name = (style.get(f"{_NAMESPACE}val") or "") if style is not None else ""
        heading = style_name.lower().startswith(("heading", "title")) or is_caps_heading(text)
        blocks.append(Block(text, heading=heading))
    return Parsed(blocks)
