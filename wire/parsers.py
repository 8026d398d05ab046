"""The ingest endpoint's parsers: ninjs JSON, and XML documents (NewsML-G2, NITF) passed on as bytes.

JSON nested past Python's recursion limit is a 400, not a 500. XML is read later
by ``newsformats.documents`` with the hardened parser; here it is only taken as bytes.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, JSONParser


class IngestJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON parse error - nested too deeply.")) from exc


class XMLDocumentParser(BaseParser):
    """``application/xml`` and the IPTC types: ``application/vnd.iptc.g2.newsmessage+xml``, ``application/nitf+xml``."""

    media_type = "application/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


class TextXMLParser(XMLDocumentParser):
    media_type = "text/xml"
