"""Reading IPTC ninjs, in all three generations, into one plain shape.

ninjs changed shape twice: 1.x has ``headline``/``body_*`` strings, dict
renditions and associations; 2.x moved to ``headlines``/``bodies`` arrays and
named arrays; 3.x renamed properties to camelCase (``versionCreated``,
``contentType``). Items are validated against the official schema of their
generation (copied to ``newsformats/schemas/``), then flattened into ``NewsItem`` so
the ingest code never has to care which generation an agency sends.
"""

import json
import math
import re
from functools import cache
from html import escape
from pathlib import Path

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from .items import NewsItem, ReadError, Rendition, read_datetime

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = {
    "1": "ninjs-schema_1.6.json",
    "2": "ninjs-schema_2.2.json",
    "3": "ninjs-schema_3.1.json",
}
SCHEMA_VERSIONS = {"1": "1.6", "2": "2.2", "3": "3.1"}
# Documents the ninjs schemas reference by address, shipped so validation never needs the network.
REFERENCED_SCHEMAS = ["GeoJSON.json"]

# Properties that exist only in one generation, used to guess an undeclared one.
CAMEL_CASE_KEYS = {
    "versionCreated",
    "firstCreated",
    "contentCreated",
    "embargoedUntil",
    "pubStatus",
    "copyrightHolder",
    "copyrightNotice",
    "usageTerms",
    "edNote",
    "infoSources",
    "altIds",
    "trustIndicators",
    "rightsInfo",
    "digitalSourceType",
    "representationType",
    "eventDetails",
    "plannedCoverage",
}
PLURAL_KEYS = {"headlines", "bodies", "descriptions", "subjects", "people", "places", "organisations", "by"}

# Far deeper than any real item (associations nest two or three levels), far below Python's recursion limit.
MAX_DEPTH = 40
UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")

SUBHEADLINE_ROLES = {"sub", "subheadline", "subtitle"}

HTML_CONTENT_TYPES = {"text/html", "application/xhtml+xml", "body_xhtml", "description_xhtml", "text/xhtml"}


class NinjsError(ReadError):
    """A ninjs item that cannot be read, with where (a JSON path) and why."""


def _load_schema(name):
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _refuse_to_fetch(uri):
    """Every ``$ref`` must resolve to a shipped schema; a new one is a bug to fix here, not a download."""
    raise NoSuchResource(ref=uri)


@cache
def schema_registry():
    """The shipped documents the ninjs schemas point at (GeoJSON for place geometries), by their ``$id``."""
    resources = [Resource.from_contents(_load_schema(name)) for name in REFERENCED_SCHEMAS]
    return Registry(retrieve=_refuse_to_fetch).with_resources((resource.id(), resource) for resource in resources)


@cache
def schema_validator(generation):
    schema = _load_schema(SCHEMA_FILES[generation])
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=schema_registry(), format_checker=cls.FORMAT_CHECKER)


def declared_generation(raw):
    """The generation an item says it follows (``standard``/``$standard``), or None."""
    standard = raw.get("standard") or raw.get("$standard")
    if isinstance(standard, dict) and isinstance(standard.get("version"), str):
        major = standard["version"].strip().split(".", 1)[0]
        if major in SCHEMA_FILES:
            return major
    return None


def guessed_generation(raw):
    """Which generation's errors to report when an item fits none of them."""
    if CAMEL_CASE_KEYS & raw.keys():
        return "3"
    if PLURAL_KEYS & raw.keys() or isinstance(raw.get("renditions"), list):
        return "2"
    return "1"


def validation_error(generation, raw):
    """The most relevant schema error for ``raw`` in ``generation``, or None."""
    errors = sorted(schema_validator(generation).iter_errors(raw), key=lambda e: (-len(e.path), e.json_path))
    if not errors:
        return None
    error = errors[0]
    message = _("not valid ninjs %(version)s: %(reason)s") % {
        "version": SCHEMA_VERSIONS[generation],
        "reason": _shorten(error.message, 300),
    }
    return NinjsError(error.json_path, message)


def check_values(raw, path="$"):
    """Refuse what no schema forbids but no database stores, before anything walks the item.

    Nesting deeper than ``MAX_DEPTH`` (validators and readers recurse), NUL characters
    and unpaired surrogates (PostgreSQL and UTF-8 refuse them) and numbers too big to
    be finite (``1e999``; no JSON column stores Infinity) are rejected with their path.
    """
    pending = [(raw, path, 0)]
    while pending:
        value, where, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise NinjsError(where, _("nested deeper than %(n)s levels") % {"n": MAX_DEPTH})
        if isinstance(value, dict):
            for key, child in value.items():
                _check_text(key, where)
                pending.append((child, f"{where}.{key}", depth + 1))
        elif isinstance(value, list):
            pending.extend((child, f"{where}[{index}]", depth + 1) for index, child in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, where)
        elif isinstance(value, float) and not math.isfinite(value):
            raise NinjsError(where, _("a number too large to store"))


def _check_text(text, where):
    if "\x00" in text:
        raise NinjsError(where, _("contains a NUL character"))
    if UNPAIRED_SURROGATE.search(text):
        raise NinjsError(where, _("contains an unpaired UTF-16 surrogate (not a character)"))


def detect_and_validate(raw):
    """Return the generation (``"1"``, ``"2"``, ``"3"``) ``raw`` is valid in, or raise NinjsError."""
    if not isinstance(raw, dict):
        raise NinjsError("$", _("a ninjs item must be a JSON object, not %(type)s") % {"type": type(raw).__name__})
    check_values(raw)
    declared = declared_generation(raw)
    if declared:
        error = validation_error(declared, raw)
        if error:
            raise error
        return declared
    for generation in ("3", "2", "1"):
        if validation_error(generation, raw) is None:
            return generation
    raise validation_error(guessed_generation(raw), raw)


def read(raw):
    """Validate ``raw`` (a parsed JSON object) and return a ``NewsItem``; raise NinjsError if invalid."""
    generation = detect_and_validate(raw)
    return _flatten(raw, generation, "$")


def _get(raw, generation, lower, camel=None):
    return raw.get(camel if generation == "3" and camel else lower)


def _flatten(raw, generation, path):
    item = NewsItem(generation=generation, uri=raw.get("uri", ""), path=path, raw=raw)
    item.type = raw.get("type") or ""
    item.version = str(raw.get("version") or "")
    created_key = "versionCreated" if generation == "3" else "versioncreated"
    item.version_created = read_datetime(raw.get(created_key), f"{path}.{created_key}")
    embargo_key = "embargoedUntil" if generation == "3" else "embargoed"
    item.embargoed_until = read_datetime(raw.get(embargo_key), f"{path}.{embargo_key}")
    item.pubstatus = (_get(raw, generation, "pubstatus", "pubStatus") or "usable").lower()
    item.language = raw.get("language") or ""
    item.located = raw.get("located") or ""
    item.copyright_holder = _get(raw, generation, "copyrightholder", "copyrightHolder") or ""
    item.copyright_notice = _get(raw, generation, "copyrightnotice", "copyrightNotice") or ""
    item.ednote = _get(raw, generation, "ednote", "edNote") or ""
    item.urgency = raw.get("urgency")
    item.name = raw.get("name") or ""
    item.guid = _guid(raw, generation)
    if generation == "1":
        _flatten_v1(raw, item)
    else:
        _flatten_v2_v3(raw, item, generation)
    return item


def _flatten_v1(raw, item):
    item.headline = raw.get("headline") or _first_pattern(raw, "headline_") or ""
    item.byline = raw.get("byline") or ""
    item.body_html = _html_from_v1(raw, "body")
    item.description = _text_from_v1(raw, "description")
    item.subjects = [s.get("name") for s in raw.get("subject") or [] if s.get("name")]
    item.genres = [g.get("name") or g.get("code") for g in raw.get("genre") or [] if g.get("name") or g.get("code")]
    item.places = [p.get("name") for p in raw.get("place") or [] if p.get("name")]
    item.info_sources = [s.get("name") for s in raw.get("infosource") or [] if s.get("name")]
    for name, rendition in (raw.get("renditions") or {}).items():
        item.renditions.append(
            Rendition(
                name=name,
                href=rendition.get("href") or "",
                content_type=rendition.get("mimetype") or "",
                width=rendition.get("width"),
                height=rendition.get("height"),
                path=f"{item.path}.renditions.{name}",
            )
        )
    for name, association in (raw.get("associations") or {}).items():
        child = _flatten(association, "1", f"{item.path}.associations.{name}")
        child.name = child.name or name
        item.associations.append(child)


def _flatten_v2_v3(raw, item, generation):
    content_type_key = "contentType" if generation == "3" else "contenttype"
    headlines = raw.get("headlines") or []
    main = [h for h in headlines if h.get("role") in (None, "main")]
    item.headline = ((main or headlines or [{}])[0].get("value")) or raw.get("title") or ""
    item.subheadline = next((h.get("value") for h in headlines if h.get("role") in SUBHEADLINE_ROLES), "")
    item.byline = raw.get("by") or ""
    item.body_html = _html_from_parts(raw.get("bodies") or [], content_type_key)
    item.description = _text_from_parts(raw.get("descriptions") or [], content_type_key)
    item.subjects = [s.get("name") for s in raw.get("subjects") or [] if s.get("name")]
    item.genres = [g.get("name") or g.get("uri") for g in raw.get("genres") or [] if g.get("name") or g.get("uri")]
    item.places = [p.get("name") for p in raw.get("places") or [] if p.get("name")]
    sources_key = "infoSources" if generation == "3" else "infosources"
    item.info_sources = [s.get("name") for s in raw.get(sources_key) or [] if s.get("name")]
    for index, rendition in enumerate(raw.get("renditions") or []):
        item.renditions.append(
            Rendition(
                name=rendition.get("name") or "",
                href=rendition.get("href") or "",
                content_type=rendition.get(content_type_key) or "",
                width=rendition.get("width"),
                height=rendition.get("height"),
                path=f"{item.path}.renditions[{index}]",
            )
        )
    for index, association in enumerate(raw.get("associations") or []):
        item.associations.append(_flatten(association, generation, f"{item.path}.associations[{index}]"))


def _guid(raw, generation):
    """An agency guid sent as an alternative id (``altids``/``altIds`` with role or key ``guid``)."""
    altids = _get(raw, generation, "altids", "altIds")
    if isinstance(altids, dict):
        return str(altids.get("guid") or "")
    for altid in altids or []:
        if isinstance(altid, dict) and altid.get("role") == "guid" and altid.get("value"):
            return str(altid["value"])
    return ""


def _first_pattern(raw, prefix):
    for key, value in raw.items():
        if key.startswith(prefix) and isinstance(value, str) and value.strip():
            return value
    return None


def _html_from_v1(raw, prefix):
    """The richest body of a 1.x item as HTML: ``*_html``/``*_xhtml``/``*_richtext`` first, else text."""
    for suffix in ("html", "xhtml", "richtext"):
        value = raw.get(f"{prefix}_{suffix}")
        if isinstance(value, str) and value.strip():
            return value
    text = raw.get(f"{prefix}_text") or _first_pattern(raw, f"{prefix}_")
    return text_to_html(text or "")


def _text_from_v1(raw, prefix):
    text = raw.get(f"{prefix}_text")
    if isinstance(text, str) and text.strip():
        return text
    return strip_tags(_html_from_v1(raw, prefix))


def _is_markup(part, content_type_key):
    content_type = (part.get(content_type_key) or "").lower()
    return content_type in HTML_CONTENT_TYPES or part.get("role") in {"richtext", "html"}


def _html_from_parts(parts, content_type_key):
    for part in parts:
        if _is_markup(part, content_type_key) and part.get("value", "").strip():
            return part["value"]
    for part in parts:
        if part.get("value", "").strip():
            return text_to_html(part["value"])
    return ""


def _text_from_parts(parts, content_type_key):
    for part in parts:
        if not _is_markup(part, content_type_key) and part.get("value", "").strip():
            return part["value"]
    return " ".join(strip_tags(_html_from_parts(parts, content_type_key)).split())


def text_to_html(text):
    """Plain agency text as paragraphs: a blank line (or a single newline) starts a new one."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r?\n", text) if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"
