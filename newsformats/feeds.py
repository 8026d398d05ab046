"""Reading RSS and Atom feeds that carry full text (``content:encoded``, Atom ``content``) into ``NewsItem``s.

Each entry is an item: its ``id``/``guid`` (else its link) is the identity and
its updated time the version, so a feed polled every few minutes creates each
story once and updates it when the publisher edits it. The document has already
passed ``xmlsafe.parse`` (no DOCTYPE) before feedparser reads it.
"""

import calendar
from datetime import UTC, datetime

import feedparser
from django.utils.translation import gettext as _

from .items import Entry, Format, NewsItem, ReadError

FEED_ROOTS = {"rss", "feed", "RDF"}


def read_document(data):
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    language = parsed.feed.get("language", "")
    entries = []
    for index, entry in enumerate(parsed.entries):
        path = f"/feed/entry[{index + 1}]"
        identity = entry.get("id") or entry.get("link") or ""
        raw = {"id": identity, "link": entry.get("link", ""), "title": entry.get("title", "")}
        if not identity:
            entries.append(Entry(path, error=ReadError(path, _("an entry needs an id or a link")), raw=raw))
            continue
        entries.append(Entry(path, item=_item(entry, identity, language, path), raw=raw))
    return entries


def _item(entry, identity, language, path):
    item = NewsItem(generation="", uri=identity, guid=identity, format=Format.FEED, path=path, type="text")
    # Read as a plain dict: feedparser's own lookup maps one key to the other with a warning.
    updated = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
    if updated:
        item.version_created = datetime.fromtimestamp(calendar.timegm(updated), tz=UTC)
    item.language = entry.get("language") or language
    item.headline = entry.get("title", "")
    content = entry.get("content") or []
    item.body_html = content[0].get("value", "") if content else ""
    item.description = entry.get("summary", "") if item.body_html else ""
    item.body_html = item.body_html or entry.get("summary", "")
    item.byline = entry.get("author", "")
    item.subjects = [tag.get("term") for tag in entry.get("tags", []) if tag.get("term")]
    item.raw = {"link": entry.get("link", "")}
    return item
