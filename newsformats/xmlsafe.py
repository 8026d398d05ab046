"""Parsing agency XML without the classic traps, and validating it against the shipped IPTC schemas.

The parser never resolves entities, never reads the network and keeps lxml's limits
on huge trees. A DOCTYPE with declarations of its own (an internal subset) is refused:
it is how billion-laughs expansions and external entities (``file:///etc/passwd``)
arrive, and no IPTC format needs one. A DOCTYPE that only names NITF's DTD, as files
from NITF's DTD years still carry, is blanked before parsing, so that DTD is never read.
Schemas (NewsML-G2 2.35, NITF 3.6 and the W3C ``xml:`` schema they import) load from
``newsformats/schemas/xsd/`` with the same parser, so validation needs no network either.
"""

import re
from copy import deepcopy
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from .items import ReadError

XSD_DIR = Path(__file__).resolve().parent / "schemas" / "xsd"
NEWSML_XSD = "NewsML-G2_2.35-spec-All-Power.xsd"
NITF_XSD = "nitf-3-6.xsd"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# What may come before a DOCTYPE: a byte order mark, white space, the XML declaration, processing
# instructions and comments (a comment may hold "<a>", so the prolog is read part by part).
PROLOG_PART = re.compile(rb"\xef\xbb\xbf|\s+|<\?.*?\?>|<!--.*?-->", re.S)
# A DOCTYPE naming an external DTD and nothing more: ``<!DOCTYPE nitf SYSTEM "nitf-3-3.dtd">``.
_LITERAL = rb"(?:\"[^\"]*\"|'[^']*')"
NAMING_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[\w:.-]+(?:\s+(?:SYSTEM\s+" + _LITERAL + rb"|PUBLIC\s+" + _LITERAL + rb"\s+" + _LITERAL + rb"))?\s*>"
)


DOCTYPE_REFUSED = gettext_lazy("a DOCTYPE with declarations of its own is not accepted (entities are refused)")


def parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        collect_ids=False,
    )


def parse(data):
    """The root element of ``data`` (bytes), or ReadError for what is not safe, well-formed XML."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ReadError("/", _("the document is larger than 20 MB"))
    doctype = _doctype_start(data)
    naming = NAMING_DOCTYPE.match(data, doctype) if doctype is not None else None
    if naming:
        # Blanked, not parsed: the DTD it names is never read (libxml2 opens it even without
        # load_dtd), so nothing it declares exists.
        data = data[: naming.start()] + b" " * (naming.end() - naming.start()) + data[naming.end() :]
    if _doctype_start(data) is not None:
        # Refused before the parser sees it: no entity is declared, let alone expanded or fetched.
        raise ReadError("/", DOCTYPE_REFUSED)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise ReadError("/", _("not well-formed XML: %(error)s") % {"error": exc.msg}) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ReadError("/", DOCTYPE_REFUSED)
    return root


def _doctype_start(data):
    """Where the DOCTYPE before the root element begins, or None when there is none."""
    position = 0
    while match := PROLOG_PART.match(data, position):
        position = match.end()
    return position if data.startswith(b"<!DOCTYPE", position) else None


def local_name(element):
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def readable_path(element):
    """An XPath with local names and positions only where needed: ``/newsMessage/itemSet/newsItem[2]/itemMeta``."""
    steps = []
    while element is not None:
        name = local_name(element)
        parent = element.getparent()
        if parent is not None:
            same = [sibling for sibling in parent if local_name(sibling) == name]
            if len(same) > 1:
                name = f"{name}[{same.index(element) + 1}]"
        steps.append(name)
        element = parent
    return "/" + "/".join(reversed(steps))


@cache
def schema(name):
    return etree.XMLSchema(etree.parse(str(XSD_DIR / name), parser()))


def schema_errors(name, element):
    """``[(element, message)]`` for each way ``element`` breaks the schema ``name``; empty when valid."""
    validator = schema(name)
    if validator.validate(element):
        return []
    tree = element.getroottree()
    # libxml2 writes the path with the document's own prefixes (``/nar:newsItem/nar:itemMeta``).
    prefixes = {prefix: uri for node in tree.iter() for prefix, uri in node.nsmap.items() if prefix}
    errors = []
    for entry in validator.error_log:
        try:
            found = tree.xpath(entry.path, namespaces=prefixes) if entry.path else []
        except etree.XPathError:
            found = []  # a prefix bound twice to different namespaces: the problem is charged to ``element``
        errors.append((found[0] if found else element, entry.message))
    return errors


def schema_errors_alone(name, element):
    """``schema_errors`` for ``element`` checked as a document of its own, each charged to an element of its tree.

    What holds it is left out: a newsMessage's item is checked alone, and the envelope's own
    errors (a missing header) neither refuse it nor hide its errors (libxml2 checks nothing
    inside an element it did not expect).
    """
    copy = deepcopy(element)
    originals = dict(zip(copy.iter(), element.iter(), strict=True))
    return [(originals[found], message) for found, message in schema_errors(name, copy)]


# NITF elements with an HTML equivalent; the rest keep their name and the body's allow-list cleans them.
HTML_NAMES = {"hl1": "h1", "hl2": "h2", "block": "div", "bq": "blockquote", "credit": "cite", "media-caption": "p"}


def children_html(element):
    """The markup inside ``element`` (XHTML or NITF) as HTML: namespaces dropped, NITF names mapped."""
    copy = etree.fromstring(etree.tostring(element), parser())
    for node in copy.iter():
        if isinstance(node.tag, str):
            name = local_name(node)
            node.tag = HTML_NAMES.get(name, name)
            for attribute in list(node.attrib):
                if attribute.startswith("{"):
                    del node.attrib[attribute]
    etree.cleanup_namespaces(copy)
    parts = [copy.text or ""] if copy.text and copy.text.strip() else []
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in copy]
    return "".join(parts).strip()


def text(element):
    """All the text inside ``element``, on one line; '' for None."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def children(element, name):
    return [child for child in element if local_name(child) == name] if element is not None else []


def child(element, *names):
    """The first descendant along ``names`` (local names, any namespace), or None."""
    for name in names:
        found = children(element, name)
        if not found:
            return None
        element = found[0]
    return element
