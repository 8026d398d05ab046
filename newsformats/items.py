"""One shape for an agency item, whatever format it came in (ninjs, NewsML-G2, NITF, RSS/Atom).

Each reader (``ninjs``, ``newsml``, ``nitf``, ``feeds``) turns its
format into ``NewsItem``s, so ingest (``wire.services``) maps one shape to articles
and photos, and a story is the same ``WireItem`` history whichever format carried it.
``path`` says where in the document the item was (a JSON path or an XPath), so every
problem is reported where it is.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

# ISO 8601 basic format, as NITF writes dates: 20260302T060000Z, 20260302T060000+0100, 20260302.
BASIC_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$")


class ReadError(ValueError):
    """An item (or document) that cannot be read, with where (a JSON path or an XPath) and why."""

    def __init__(self, path, message):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class Format:
    NINJS = "ninjs"
    NEWSML = "newsml-g2"
    NITF = "nitf"
    FEED = "feed"


@dataclass
class Rendition:
    name: str
    href: str = ""
    content_type: str = ""
    width: int | None = None
    height: int | None = None
    path: str = ""
    # Included bytes (NewsML-G2 inlineData, base64-decoded), instead of an address.
    data: bytes | None = None


@dataclass
class NewsItem:
    """One agency item, flattened; every text is a plain ``str`` ('' when absent)."""

    generation: str
    uri: str
    format: str = Format.NINJS
    path: str = "$"
    guid: str = ""
    version: str = ""
    version_created: datetime | None = None
    type: str = ""
    pubstatus: str = "usable"
    language: str = ""
    headline: str = ""
    subheadline: str = ""
    body_html: str = ""
    description: str = ""
    byline: str = ""
    located: str = ""
    copyright_holder: str = ""
    copyright_notice: str = ""
    creditline: str = ""
    ednote: str = ""
    urgency: int | None = None
    genres: list = field(default_factory=list)
    info_sources: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    keywords: list = field(default_factory=list)
    places: list = field(default_factory=list)
    embargoed_until: datetime | None = None
    renditions: list = field(default_factory=list)
    associations: list = field(default_factory=list)
    name: str = ""
    raw: dict = field(default_factory=dict, repr=False)
    # Where each field is in an XML document (XPaths), by its ninjs name; ninjs items need none.
    field_paths: dict = field(default_factory=dict, repr=False)

    @property
    def identity(self):
        """What makes two deliveries the same item: the agency's guid when sent, else the uri."""
        return self.guid or self.uri

    def field_path(self, name):
        """Where the field ``name`` (a ninjs name) is in the delivered document: ``$.headlines``, ``/…/headline``."""
        return self.field_paths.get(name) or f"{self.path}.{name}"


def read_datetime(value, path):
    """An ISO 8601 date-time (extended or basic format, UTC when no offset is given), or None; else ReadError."""
    if value is None:
        return None
    text = str(value).strip()
    basic = BASIC_DATE.match(text)
    if basic:
        year, month, day, hour, minute, second, zone = basic.groups()
        text = f"{year}-{month}-{day}T{hour or '00'}:{minute or '00'}:{second or '00'}{zone or ''}"
    try:
        parsed = parse_datetime(text.replace("z", "Z").replace("Z", "+00:00"))
        if parsed is not None:
            # Stored in UTC: a date at the edge of the calendar (year 9999 west of Greenwich) cannot be.
            return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        pass
    shown = text if len(text) <= 60 else text[:59] + "…"
    raise ReadError(path, _("“%(value)s” is not an ISO 8601 date-time") % {"value": shown})


@dataclass
class Entry:
    """One item found in a document: read (``item``) or refused (``error``), with what is kept as received."""

    path: str
    item: NewsItem | None = None
    error: ReadError | None = None
    raw: dict = field(default_factory=dict, repr=False)


@dataclass
class Document:
    """What a delivered document holds: its entries, and the problems of the document alone.

    ``warnings`` (ReadErrors with their XPath) are what is wrong with the document around
    the items (a newsMessage's missing header) and refused none of them: each item stands or
    falls on its own, so they are reported once, for the document.
    """

    entries: list
    warnings: list = field(default_factory=list)
