"""The words agencies and photographers embed in a picture: caption, credit, creator, copyright.

Read from the upload's own bytes before ``images.prepare_image`` strips every piece of
metadata, so an agency photo arrives with its caption and credit already filled in. Two
standards carry them, and real agency files often carry both:

- **IPTC IIM** (the Photoshop APP13 block, resource 0x0404): 2:120 caption, 2:110 credit,
  2:80 by-line, 2:116 copyright; 1:90 names the character set (``ESC % G`` is UTF-8).
- **XMP** (an RDF packet): ``dc:description``, ``photoshop:Credit``, ``dc:creator``,
  ``dc:rights``; the newer standard, so it wins where both give a value.

Metadata is a courtesy, never a reason to refuse a picture: whatever is malformed or hostile
in it is skipped (and logged), and the upload goes on. XMP is parsed by ``newsformats.xmlsafe``,
which resolves no entity and refuses any DTD.
"""

import io
import logging
import re

from lxml import etree
from PIL import Image, IptcImagePlugin

from newsformats.items import ReadError
from newsformats.xmlsafe import parse

logger = logging.getLogger(__name__)

FIELDS = ("caption", "credit", "creator", "copyright")
IIM_DATASETS = {"caption": (2, 120), "credit": (2, 110), "creator": (2, 80), "copyright": (2, 116)}
IIM_CHARSET = (1, 90)
IIM_UTF8 = b"\x1b%G"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP_NAMES = {
    "caption": "{http://purl.org/dc/elements/1.1/}description",
    "credit": "{http://ns.adobe.com/photoshop/1.0/}Credit",
    "creator": "{http://purl.org/dc/elements/1.1/}creator",
    "copyright": "{http://purl.org/dc/elements/1.1/}rights",
}
# Where Pillow puts the XMP packet, per format.
XMP_INFO_KEYS = ("xmp", "XML:com.adobe.xmp")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_metadata(data):
    """{field: text} for the fields the picture's IIM or XMP gives (XMP winning); {} when none or unreadable."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            iim = read_iim(image)
            xmp_packet = next((image.info[key] for key in XMP_INFO_KEYS if image.info.get(key)), None)
    except Exception:  # a picture Pillow cannot open is refused by images, not here
        logger.info("Picture metadata unreadable; the fields stay as typed", exc_info=True)
        return {}
    found = {**iim, **read_xmp(xmp_packet)} if xmp_packet else iim
    return {field: value for field, value in found.items() if value}


def read_iim(image):
    try:
        records = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:  # hostile IIM blocks fail in many ways inside Pillow
        logger.info("IPTC IIM block unreadable; skipped", exc_info=True)
        return {}
    encoding = "utf-8" if first(records.get(IIM_CHARSET)) == IIM_UTF8 else None
    found = {}
    for field, dataset in IIM_DATASETS.items():
        values = records.get(dataset)
        values = values if isinstance(values, list) else [values] if values else []
        texts = [decode(value, encoding) for value in values if isinstance(value, bytes)]
        found[field] = tidy(", ".join(text for text in texts if text.strip()))
    return found


def read_xmp(packet):
    if isinstance(packet, str):
        packet = packet.encode("utf-8", "replace")
    # The packet's wrapper (``<?xpacket …?>``, padding) is not XML to parse: take its root element.
    for opening, closing in ((b"<x:xmpmeta", b"</x:xmpmeta>"), (b"<rdf:RDF", b"</rdf:RDF>")):
        start, end = packet.find(opening), packet.rfind(closing)
        if 0 <= start < end:
            break
    else:
        return {}
    try:
        root = parse(packet[start : end + len(closing)])
    except (ReadError, ValueError, etree.LxmlError):
        logger.info("XMP packet unreadable; skipped", exc_info=True)
        return {}
    found = {}
    for field, name in XMP_NAMES.items():
        for description in root.iter(f"{{{RDF}}}Description"):
            if value := description.get(name):  # the short form: an attribute
                found[field] = tidy(value)
                break
            element = description.find(name)
            if element is not None:
                found[field] = tidy(xmp_text(element))
                break
    return found


def xmp_text(element):
    """The text of a simple property, the default (or first) language of an rdf:Alt, or an rdf:Seq's items."""
    items = element.findall(f".//{{{RDF}}}li")
    if not items:
        return element.text or ""
    if element.find(f"{{{RDF}}}Alt") is not None:
        default = [li for li in items if li.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default"]
        return (default or items)[0].text or ""
    return ", ".join(li.text.strip() for li in items if li.text and li.text.strip())


def first(value):
    return value[0] if isinstance(value, list) and value else value


def decode(value, encoding):
    if encoding:
        return value.decode(encoding, "replace")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", "replace")


def tidy(text):
    return " ".join(CONTROL_CHARACTERS.sub("", text).split())
