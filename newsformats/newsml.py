"""Reading IPTC NewsML-G2 (2.x): newsItems (text and pictures), packageItems and newsMessages.

A ``newsMessage`` carries several items in its ``itemSet``; each is read, checked and reported on
its own, so one broken item does not stop the others. The whole document is validated against the
NewsML-G2 2.35 schema (and each inline NITF body against NITF 3.6), and each problem is charged to
the item it is in, with its XPath; when a message's envelope is not valid, each of its items is
validated again on its own (libxml2 checks nothing inside an envelope element it did not expect).
The envelope's own problems (no header, as some agencies' converters send, an element the envelope
may not hold) refuse no item: they are the document's warnings. A ``packageItem`` is a story with
its pictures: it takes its text from the first text item it refers to in the same message and its
pictures from the picture items, and its own guid and version make its history.

Bodies come from ``inlineXML`` (NITF or XHTML) or ``inlineData`` (plain text); pictures from
``remoteContent`` (an address: local files for the drop folder, never fetched from the internet) or
base64 ``inlineData`` included in the item.
"""

import base64
import binascii
from dataclasses import replace

from django.utils.translation import gettext as _
from lxml import etree

from . import nitf, xmlsafe
from .items import Document, Entry, Format, NewsItem, ReadError, Rendition, read_datetime
from .ninjs import text_to_html
from .xmlsafe import child, children, readable_path, text

NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_NAMES = {"newsItem", "packageItem", "conceptItem", "knowledgeItem", "planningItem", "catalogItem"}
STORY_TYPES = {"text", "composite"}
PICTURE_TYPES = {"picture", "graphic"}
SUBHEADLINE_ROLES = {"sub", "subheadline", "subtitle"}


def is_newsml(root):
    return xmlsafe.local_name(root) in ITEM_NAMES | {"newsMessage"}


def read_document(root):
    """Every item in the document as an ``Entry`` (read, or refused with the XPath of the problem), in a ``Document``.

    A message with a broken envelope and no item, or not in NewsML-G2's namespace, is refused whole.
    """
    elements = _items(root)
    problems, warnings = _problems(root, elements)
    if root in problems:
        return Document([Entry(readable_path(root), error=problems[root])])
    entries = {}
    for element in elements:
        path = readable_path(element)
        raw = {"xml": etree.tostring(element, encoding="unicode")}
        if element in problems:
            entries[element] = Entry(path, error=problems[element], raw=raw)
            continue
        try:
            entries[element] = Entry(path, item=read_item(element), raw=raw)
        except ReadError as exc:
            entries[element] = Entry(path, error=exc, raw=raw)
    return Document(_assemble_packages(elements, entries), warnings + _left_out(root, warnings))


def _items(root):
    if xmlsafe.local_name(root) == "newsMessage":
        item_set = child(root, "itemSet")
        return [e for e in item_set if xmlsafe.local_name(e) in ITEM_NAMES] if item_set is not None else []
    return [root]


def _problems(root, elements):
    """The first schema error of each item (of the document, keyed by ``root``, when it is refused whole) as
    ReadErrors, and the envelope's own problems as warnings."""
    errors = xmlsafe.schema_errors(xmlsafe.NEWSML_XSD, root)
    envelope = [(element, message) for element, message in errors if _owning_item(element, elements) is None]
    warnings = []
    if envelope and (not elements or etree.QName(root).namespace != NAR_NS):
        errors = envelope  # nothing to read, or not NewsML-G2's newsMessage: refused as a whole
    elif envelope:  # (a lone item owns every error: only a message has an envelope)
        warnings = [ReadError(readable_path(element), _envelope_reason(message)) for element, message in envelope]
        # Each item on its own: libxml2 checks nothing inside an envelope element it did not expect.
        errors = [error for element in elements for error in xmlsafe.schema_errors_alone(xmlsafe.NEWSML_XSD, element)]
    problems = {}
    for element, message in errors:
        owner = _owning_item(element, elements)
        problems.setdefault(
            root if owner is None else owner,
            ReadError(readable_path(element), _("not valid NewsML-G2 2.35: %(reason)s") % {"reason": message}),
        )
    for element in elements:
        for body in element.iter(f"{{{nitf.NITF_NS}}}nitf"):
            if element not in problems and (error := nitf.validation_error(body)):
                problems[element] = error
    return problems, warnings


def _envelope_reason(message):
    return _(
        "the newsMessage envelope is not valid NewsML-G2 2.35 (its items were checked and read each on its own): "
        "%(reason)s"
    ) % {"reason": message}


def _left_out(root, warnings):
    """Warnings for what a message's ``itemSet`` holds that is no item (the schema lets its namespace's through)."""
    item_set = child(root, "itemSet") if xmlsafe.local_name(root) == "newsMessage" else None
    named = {warning.path for warning in warnings}
    others = [e for e in (item_set if item_set is not None else []) if isinstance(e.tag, str)]
    paths = [readable_path(e) for e in others if xmlsafe.local_name(e) not in ITEM_NAMES]
    return [ReadError(path, _("not a NewsML-G2 item; left out")) for path in paths if path not in named]


def _owning_item(element, elements):
    while element is not None:
        if element in elements:
            return element
        element = element.getparent()
    return None


def _assemble_packages(elements, entries):
    """Packages take in the text and pictures they refer to; what a package took is not ingested again."""
    by_guid = {e.item.guid: e for e in entries.values() if e.item}
    taken = set()
    for element in elements:
        entry = entries[element]
        if xmlsafe.local_name(element) != "packageItem" or entry.item is None:
            continue
        parts = [by_guid[ref] for ref in _item_refs(element) if ref in by_guid]
        texts = [p.item for p in parts if p.item.type in STORY_TYPES]
        pictures = [p.item for p in parts if p.item.type in PICTURE_TYPES]
        entry.item = _package_story(entry.item, texts[0] if texts else None, pictures)
        taken.update(id(p) for p in parts)
    return [entry for entry in entries.values() if id(entry) not in taken]


def _item_refs(package):
    return [ref.get("residref") for ref in package.iter(f"{{{NAR_NS}}}itemRef") if ref.get("residref")]


def _package_story(package, text_item, pictures):
    story = package
    if text_item is not None:
        # The package's identity, version and status; the text item's words.
        story = replace(
            text_item,
            uri=package.uri,
            guid=package.guid,
            version=package.version,
            version_created=package.version_created or text_item.version_created,
            pubstatus=package.pubstatus if package.pubstatus != "usable" else text_item.pubstatus,
            path=package.path,
            ednote=" ".join(filter(None, [package.ednote, text_item.ednote])),
            embargoed_until=package.embargoed_until or text_item.embargoed_until,
        )
    story.type = "composite"
    story.associations = pictures
    return story


def read_item(element):
    """A ``NewsItem`` from a ``newsItem`` or ``packageItem`` element."""
    base = readable_path(element)
    guid = element.get("guid") or ""
    item = NewsItem(generation="", uri=guid, guid=guid, format=Format.NEWSML, path=base)
    item.version = element.get("version") or "1"
    item_meta, content_meta = child(element, "itemMeta"), child(element, "contentMeta")
    item_class = child(item_meta, "itemClass")
    qcode = item_class.get("qcode", "") if item_class is not None else ""
    item.type = qcode.rsplit(":", 1)[-1] if qcode else ""
    if xmlsafe.local_name(element) == "packageItem":
        item.type = "composite"
    elif xmlsafe.local_name(element) != "newsItem":
        item.type = xmlsafe.local_name(element)
    item.version_created = _date(item_meta, "versionCreated", base)
    item.embargoed_until = _date(item_meta, "embargoed", base)
    status = child(item_meta, "pubStatus")
    item.pubstatus = (status.get("qcode", "stat:usable") if status is not None else "stat:usable").rsplit(":", 1)[-1]
    item.ednote = " ".join(text(note) for note in children(item_meta, "edNote") if text(note))
    rights = child(element, "rightsInfo")
    holder = child(rights, "copyrightHolder")
    item.copyright_holder = _name(holder)
    item.copyright_notice = text(child(rights, "copyrightNotice"))
    language = child(content_meta, "language")
    item.language = (language.get("tag") if language is not None else "") or element.get(XML_LANG) or ""
    _read_content_meta(item, content_meta)
    _read_content_set(item, child(element, "contentSet"), f"{base}/contentSet")
    item.field_paths = {
        "uri": f"{base}/@guid",
        "type": f"{base}/itemMeta/itemClass",
        "language": f"{base}/contentMeta/language",
        "headlines": f"{base}/contentMeta/headline",
        "bodies": f"{base}/contentSet",
        "descriptions": f"{base}/contentMeta/description",
    }
    return item


def _read_content_meta(item, meta):
    urgency = text(child(meta, "urgency"))
    item.urgency = int(urgency) if urgency.isdigit() and 1 <= int(urgency) <= 9 else None
    headlines = children(meta, "headline")
    main = [h for h in headlines if not _role_in(h, SUBHEADLINE_ROLES)]
    item.headline = text(main[0]) if main else ""
    item.subheadline = next((text(h) for h in headlines if _role_in(h, SUBHEADLINE_ROLES)), "")
    item.byline = text(child(meta, "by")) or ", ".join(filter(None, (_name(c) for c in children(meta, "creator"))))
    item.located = text(child(meta, "dateline")) or _name(child(meta, "located"))
    descriptions = children(meta, "description")
    summary = [d for d in descriptions if "summary" in d.get("role", "")] or descriptions
    item.description = text(summary[0]) if summary else ""
    item.creditline = text(child(meta, "creditline"))
    item.info_sources = [n for n in (_name(s) for s in children(meta, "infoSource")) if n]
    item.genres = [n for n in (_name(g) or g.get("qcode", "") for g in children(meta, "genre")) if n]
    item.keywords = [text(k) for k in children(meta, "keyword") if text(k)]
    for subject in children(meta, "subject"):
        name = _name(subject)
        if name:
            kind = subject.get("type", "")
            (item.places if kind.endswith("geoArea") else item.subjects).append(name)


def _read_content_set(item, content_set, path):
    for part in content_set if content_set is not None else []:
        name = xmlsafe.local_name(part)
        content_type = (part.get("contenttype") or "").lower()
        if name == "inlineXML" and not item.body_html:
            item.body_html = _inline_xml_html(item, part)
        elif name == "inlineData" and (part.get("encoding") or "").endswith("base64"):
            item.renditions.append(_included_rendition(part, readable_path(part)))
        elif name == "inlineData" and content_type.startswith("text/") and not item.body_html:
            item.body_html = text_to_html(part.text or "")
        elif name == "remoteContent" and part.get("href"):
            item.renditions.append(
                Rendition(
                    name=(part.get("rendition") or "").rsplit(":", 1)[-1],
                    href=part.get("href"),
                    content_type=content_type,
                    width=_int(part.get("width")),
                    height=_int(part.get("height")),
                    path=readable_path(part),
                )
            )


def _inline_xml_html(item, part):
    for body in part:
        if xmlsafe.local_name(body) == "nitf":
            story = nitf.read_body(body)
            item.headline = item.headline or story.headline
            item.subheadline = item.subheadline or story.subheadline
            item.byline = item.byline or story.byline
            return story.body_html
        if xmlsafe.local_name(body) == "html":
            return xmlsafe.children_html(child(body, "body")) if child(body, "body") is not None else ""
    return xmlsafe.children_html(part)


def _included_rendition(part, path):
    try:
        data = base64.b64decode("".join((part.text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise ReadError(path, _("the included picture is not valid base64")) from None
    return Rendition(
        name=(part.get("rendition") or "").rsplit(":", 1)[-1],
        content_type=part.get("contenttype") or "",
        width=_int(part.get("width")),
        height=_int(part.get("height")),
        path=path,
        data=data,
    )


def _role_in(element, roles):
    return (element.get("role") or "").rsplit(":", 1)[-1].lower() in roles


def _name(element):
    """A concept's name: its ``name`` child, else its ``literal``; '' for None."""
    if element is None:
        return ""
    return text(child(element, "name")) or element.get("literal", "")


def _date(meta, name, base):
    value = text(child(meta, name))
    return read_datetime(value, f"{base}/itemMeta/{name}") if value else None


def _int(value):
    return int(value) if value and value.isdigit() else None
