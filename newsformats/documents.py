"""What a delivered file or request body holds, whatever its format: a list of ``Entry``.

JSON is ninjs (one item, a list, or ``{"items": [...]}``); XML is NewsML-G2 (a
newsMessage, newsItem or packageItem), NITF, or an RSS/Atom feed, told apart by
the root element (``rss``, ``feed``, ``RDF``). Nothing here touches the database: ``WireIngester`` ingests
the entries.
"""

import codecs
import json

from django.utils.translation import gettext as _

from . import feeds, newsml, ninjs, nitf, xmlsafe
from .items import Document, Entry, ReadError

# Byte order marks of the wide encodings (UTF-32's begin with UTF-16's).
WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


def read(data):
    """What ``data`` (bytes) holds, as a ``Document``; a document that cannot be read at all is one refused entry."""
    if data.startswith(WIDE_BOMS):
        # Neither JSON (RFC 8259) nor the hardened XML path takes them; say so rather than "not JSON".
        return Document([Entry("/", error=ReadError("/", _("the document is in UTF-16 or UTF-32; send it in UTF-8")))])
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    try:
        if start == b"<":
            return read_xml(data)
        return Document(read_json(data))
    except ReadError as exc:
        return Document([Entry(exc.path, error=exc)])


def read_json(data):
    try:
        raws = load_json_items(data.decode("utf-8"))
    except ValueError as exc:  # not UTF-8, not JSON, or nested past the recursion limit
        raise ReadError("$", _("not a JSON document: %(error)s") % {"error": exc}) from None
    return ninjs_entries(raws)


def ninjs_entries(raws):
    """An entry for each parsed ninjs item in ``raws`` (JSON values), read or refused."""
    entries = []
    for index, raw in enumerate(raws):
        path = "$" if len(raws) == 1 else f"$[{index}]"
        try:
            entries.append(Entry(path, item=ninjs.read(raw), raw=raw))
        except ReadError as exc:
            entries.append(Entry(path, error=exc, raw=raw if isinstance(raw, dict) else {}))
    return entries


def read_xml(data):
    """The ``Document`` in an XML document; ReadError when it is not safe, well-formed XML of a format read here."""
    root = xmlsafe.parse(data)
    if newsml.is_newsml(root):
        return newsml.read_document(root)
    if nitf.is_nitf(root):
        return Document(nitf.read_document(root))
    if xmlsafe.local_name(root) in feeds.FEED_ROOTS:
        return Document(feeds.read_document(data))
    raise ReadError(
        xmlsafe.readable_path(root),
        _("“%(name)s” documents are not a wire format read here (NewsML-G2, NITF, RSS/Atom, ninjs)")
        % {"name": xmlsafe.local_name(root)},
    )


def load_json_items(text):
    """The items in a JSON document: one object, a list of them, or ``{"items": [...]}``.

    Raises ValueError for anything that is not JSON, including JSON nested past Python's recursion limit.
    """
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ValueError(_("nested too deeply")) from exc
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        return data["items"]
    if isinstance(data, list):
        return data
    return [data]


def stored_item(raw, identity):
    """The ``NewsItem`` kept in a ``WireItem.raw`` (ninjs JSON or ``{"xml": ...}``); ReadError if it cannot be read."""
    if isinstance(raw, dict) and set(raw) == {"xml"}:
        for entry in read_xml(raw["xml"].encode()).entries:
            if entry.item is not None and entry.item.identity == identity:
                return entry.item
        raise ReadError("/", _("the stored document no longer holds this item"))
    return ninjs.read(raw)
