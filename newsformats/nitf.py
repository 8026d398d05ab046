"""Reading NITF 3.x (the News Industry Text Format): standalone files, and story bodies inside NewsML-G2.

A standalone file is one story. Its identity is ``doc-id/@id-string`` and its
version ``du-key/@version``; ``docdata/@management-status`` (usable, embargoed,
withheld, canceled) and ``date.release`` say when it may run; ``ed-msg`` is the
note for the desk. Files in NITF's namespace, or in none (as many agencies still
send), are validated against the NITF 3.6 schema.
"""

import re

from django.utils.translation import gettext as _
from lxml import etree

from . import xmlsafe
from .items import Entry, Format, NewsItem, ReadError, read_datetime
from .xmlsafe import child, children, text

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUSES = {"usable": "usable", "embargoed": "usable", "withheld": "withheld", "canceled": "canceled"}
# The root's ``version`` in NITF 3.0-3.6 (the public identifier of its DTD), and the attributes naming its revision.
NITF_3_VERSION = re.compile(r"^-//IPTC(?:-NAA)?//DTD NITF 3\.\d+//EN$")
REVISION_ATTRIBUTES = {"version", "change.date", "change.time"}


def is_nitf(root):
    return xmlsafe.local_name(root) == "nitf"


def read_document(root):
    """The one story in a standalone NITF file, as a list of one ``Entry``."""
    path = xmlsafe.readable_path(root)
    # Kept as parsed text, as NewsML-G2 items are: the file's own bytes may be in ISO-8859-1.
    raw = {"xml": etree.tostring(root, encoding="unicode")}
    error = validation_error(root)
    if error:
        return [Entry(path, error=error, raw=raw)]
    try:
        return [Entry(path, item=read_story(root), raw=raw)]
    except ReadError as exc:
        return [Entry(path, error=exc, raw=raw)]


def validation_error(root):
    """The first way ``root`` breaks NITF 3.6, as a ReadError with its XPath, or None.

    Earlier NITF 3.x files are read too: NITF 3.6 only added to them, but its schema fixes the
    root's ``version``, ``change.date`` and ``change.time`` to its own revision's, so those
    three are left out of the check for any 3.x file.
    """
    version = root.get("version")
    if version is not None and not NITF_3_VERSION.match(version.strip()):
        return ReadError(
            f"{xmlsafe.readable_path(root)}/@version",
            _("“%(version)s” is not a NITF 3.x version") % {"version": version[:80]},
        )
    checked = root
    namespaced = etree.QName(root).namespace is not None
    if not namespaced or REVISION_ATTRIBUTES & set(root.attrib):
        checked = etree.fromstring(etree.tostring(root), xmlsafe.parser())
        for name in REVISION_ATTRIBUTES & set(checked.attrib):
            del checked.attrib[name]
    if not namespaced:
        # The schema is for NITF's namespace; a file without one is checked as if it had it.
        for node in checked.iter():
            if isinstance(node.tag, str) and etree.QName(node).namespace is None:
                node.tag = f"{{{NITF_NS}}}{node.tag}"
    errors = xmlsafe.schema_errors(xmlsafe.NITF_XSD, checked)
    if not errors:
        return None
    element, message = errors[0]
    where = xmlsafe.readable_path(element)
    if checked is not root:
        where = where.replace(xmlsafe.readable_path(checked), xmlsafe.readable_path(root), 1)
    return ReadError(where, _("not valid NITF 3.6: %(reason)s") % {"reason": message})


def read_body(root):
    """Headline, subheadline, by-line and body of an ``nitf`` element inside a NewsML-G2 item."""
    body = child(root, "body")
    body_head, content = child(body, "body.head"), child(body, "body.content")
    hedline = child(body_head, "hedline")
    return NewsItem(
        generation="",
        uri="",
        format=Format.NITF,
        headline=text(child(hedline, "hl1")),
        subheadline=text(child(hedline, "hl2")),
        byline=text(child(body_head, "byline")),
        body_html=xmlsafe.children_html(content) if content is not None else "",
    )


def read_story(root):
    """A ``NewsItem`` from a standalone ``nitf`` element."""
    base = xmlsafe.readable_path(root)
    head, body = child(root, "head"), child(root, "body")
    docdata = child(head, "docdata")
    body_head, content = child(body, "body.head"), child(body, "body.content")
    doc_id = child(docdata, "doc-id")
    guid = (doc_id.get("id-string") if doc_id is not None else "") or ""
    if not guid:
        raise ReadError(f"{base}/head/docdata/doc-id", _("a NITF story needs doc-id/@id-string to be told apart"))
    item = NewsItem(generation="", uri=guid, guid=guid, format=Format.NITF, path=base, type="text")
    du_key = child(docdata, "du-key")
    item.version = (du_key.get("version") if du_key is not None else "") or ""
    item.version_created = _date(docdata, "date.issue", base)
    item.embargoed_until = _date(docdata, "date.release", base)
    status = (docdata.get("management-status") if docdata is not None else "") or "usable"
    item.pubstatus = STATUSES.get(status.lower(), "usable")
    urgency = child(docdata, "urgency")
    item.urgency = _urgency(urgency.get("ed-urg") if urgency is not None else None)
    item.ednote = " ".join(m.get("info", "") for m in children(docdata, "ed-msg") if m.get("info"))
    copyright_ = child(docdata, "doc.copyright")
    if copyright_ is not None:
        item.copyright_holder = copyright_.get("holder", "")
        item.copyright_notice = " ".join(f"© {copyright_.get('year', '')} {item.copyright_holder}".split())
    item.keywords = [k.get("key") for k in children(child(docdata, "key-list"), "keyword") if k.get("key")]
    identified = child(docdata, "identified-content")
    item.subjects = [c.get("value") for c in children(identified, "classifier") if c.get("value")]
    item.places = [text(location) for location in children(identified, "location") if text(location)]
    item.genres = [g.get("value") for g in children(identified, "classifier") if g.get("type") == "genre"]
    item.subjects = [s for s in item.subjects if s not in item.genres]
    item.language = root.get(XML_LANG) or (body.get(XML_LANG) if body is not None else "") or ""
    hedline = child(body_head, "hedline")
    item.headline = text(child(hedline, "hl1")) or text(child(head, "title"))
    item.subheadline = text(child(hedline, "hl2"))
    item.byline = text(child(body_head, "byline"))
    dateline = child(body_head, "dateline")
    item.located = text(child(dateline, "location")) or text(dateline)
    item.description = text(child(body_head, "abstract"))
    item.creditline = text(child(body_head, "distributor"))
    item.body_html = xmlsafe.children_html(content) if content is not None else ""
    item.field_paths = {
        "uri": f"{base}/head/docdata/doc-id",
        "type": base,
        "language": f"{base}/@xml:lang",
        "headlines": f"{base}/body/body.head/hedline/hl1",
        "bodies": f"{base}/body/body.content",
        "descriptions": f"{base}/body/body.head/abstract",
    }
    return item


def _date(docdata, name, base):
    element = child(docdata, name)
    value = element.get("norm") if element is not None else None
    return read_datetime(value, f"{base}/head/docdata/{name}/@norm") if value else None


def _urgency(value):
    return int(value) if value and value.strip().isdigit() and 1 <= int(value) <= 9 else None
