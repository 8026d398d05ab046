"""Ingesting agency items: ninjs in, draft articles and library photos out.

Each item is all-or-nothing (one transaction): a malformed item is rejected
with the JSON path of the problem and leaves nothing behind, while the rest of
the batch goes in. Items are idempotent by identity and version (see
``WireItem``). Nothing is fetched from the internet: pictures come from data
URIs or, for the command-line ingest only, from local files.
"""

import base64
import binascii
import hashlib
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import Article, Author, Byline, GalleryItem, Source
from editions import edition_codes
from media.images import prepare_image
from media.models import Photo
from newsformats import documents, ninjs
from newsformats.items import ReadError
from taxonomy.models import Region, Section

from .events import item_ingested, run_finished
from .models import WireItem, WireItemVersion

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, IGNORED, REJECTED = "created", "updated", "unchanged", "ignored", "rejected"
STATUSES = (CREATED, UPDATED, UNCHANGED, IGNORED, REJECTED)

# Limits that keep a hostile or broken feed from filling the database.
MAX_BODY_CHARS = 500_000
MAX_DESCRIPTION_CHARS = 5_000
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_TAGS = 30
MAX_AUTHORS = 10
STORY_TYPES = {"", "text", "composite"}
PICTURE_TYPES = {"picture", "graphic"}
WITHDRAWN = {"withheld", "canceled"}


@dataclass
class Outcome:
    status: str
    identity: str = ""
    label: str = ""
    message: str = ""
    warnings: list = field(default_factory=list)
    article: Article | None = None
    photo: Photo | None = None

    def as_dict(self):
        return {
            "status": self.status,
            "identity": self.identity,
            "label": self.label,
            "message": self.message,
            "warnings": self.warnings,
            "article": self.article.pk if self.article else None,
            "photo": self.photo.pk if self.photo else None,
        }


@dataclass
class Summary:
    outcomes: list = field(default_factory=list)

    @property
    def counts(self):
        counts = Counter(outcome.status for outcome in self.outcomes)
        return {status: counts.get(status, 0) for status in STATUSES}

    def line(self):
        return ", ".join(f"{count} {status}" for status, count in self.counts.items())


class Rejected(Exception):
    """An item that must leave nothing behind; carries the JSON path and reason."""

    def __init__(self, path, message):
        super().__init__(f"{path}: {message}")


class WireIngester:
    """Turns ninjs items into draft articles and photos.

    ``source`` is the delivering agency (the token's, or ``--source``);
    ``base_dir`` is where relative picture paths are read from, and only when
    ``allow_local_files`` (the command line, never the HTTP endpoint).
    """

    def __init__(self, *, source=None, base_dir=None, allow_local_files=False, section=None):
        self.source = source
        self.base_dir = Path(base_dir) if base_dir else None
        self.allow_local_files = allow_local_files
        self.section = section

    def ingest_many(self, raws, labels=None, channel="api"):
        summary = Summary()
        for index, raw in enumerate(raws):
            label = labels[index] if labels else f"item {index + 1}"
            summary.outcomes.append(self.ingest(raw, label=label))
        run_finished.send(sender=WireIngester, source=self.source, summary=summary, channel=channel)
        return summary

    def ingest_document(self, data, label=""):
        """Ingest every item in a delivered file or body (bytes, any format ``newsformats.documents`` reads)."""
        summary = Summary()
        entries = documents.read(data)
        for entry in entries:
            where = f"{label} {entry.path}".strip() if len(entries) > 1 else label or entry.path
            if entry.error is not None:
                identity = entry.raw.get("uri", "") if isinstance(entry.raw, dict) else ""
                outcome = Outcome(REJECTED, identity=str(identity), label=where, message=str(entry.error))
                summary.outcomes.append(self._log(outcome))
            else:
                summary.outcomes.append(self.ingest_item(entry.item, entry.raw, label=where))
        return summary

    def ingest(self, raw, label=""):
        """Ingest one ninjs item (a parsed JSON value)."""
        identity = raw.get("uri", "") if isinstance(raw, dict) else ""
        try:
            item = ninjs.read(raw)
        except ReadError as exc:
            return self._log(Outcome(REJECTED, identity=identity, label=label, message=str(exc)))
        return self.ingest_item(item, raw, label=label)

    def ingest_item(self, item, raw, label=""):
        """Ingest one ``NewsItem`` read from any format; ``raw`` is what is kept as received."""
        warnings = []
        # Files written for this item; a rejected item's rows roll back, and these go too.
        self._written_files = []
        try:
            with transaction.atomic():
                outcome = self._ingest(item, raw, warnings)
        except Rejected as exc:
            outcome = Outcome(REJECTED, message=str(exc))
            delete_files(self._written_files)
        except Exception:
            delete_files(self._written_files)
            raise
        outcome.identity = outcome.identity or item.identity
        outcome.label = label
        outcome.warnings = warnings + outcome.warnings
        return self._log(outcome)

    def _log(self, outcome):
        log = logger.warning if outcome.status == REJECTED else logger.info
        log("wire %s %s %s %s", outcome.status, outcome.label, outcome.identity, outcome.message)
        item_ingested.send(sender=WireIngester, source=self.source, outcome=outcome)
        return outcome

    def make_draft(self, wire):
        """The draft for ``wire``: its article, or one made now from its latest version ("Use this").

        Raises ``Rejected`` (with why) when the stored version cannot become a story.
        """
        if wire.article_id:
            return wire.article
        if wire.kind != WireItem.Kind.ARTICLE:
            raise Rejected("$", _("only stories become drafts; pictures are in the photo library"))
        try:
            item = documents.stored_item(wire.raw, wire.identity)
        except ReadError as exc:
            raise Rejected(exc.path, exc.message) from exc
        self._written_files = []
        edition = self._edition(item)
        with transaction.atomic(), reversion.create_revision():
            article = self._save_article(None, self._story_fields(item, edition), item, edition, [])
            reversion.set_comment(_("Wire: draft made from %(identity)s") % {"identity": wire.identity})
            WireItem.objects.filter(pk=wire.pk).update(article=article, applied_version=wire.version_label[:50])
        return article

    # --- dispatch ---------------------------------------------------------------

    def _ingest(self, item, raw, warnings):
        if max(len(item.identity), len(item.uri)) > WireItem._meta.get_field("identity").max_length:
            raise Rejected(item.field_path("uri"), _("longer than 500 characters"))
        if item.type in PICTURE_TYPES:
            return self._ingest_picture(item, raw, warnings)
        if item.type not in STORY_TYPES:
            raise Rejected(
                item.field_path("type"),
                _("“%(type)s” items are not stories or pictures; this newsroom does not ingest them")
                % {"type": item.type},
            )
        return self._ingest_story(item, raw, warnings)

    def _ingest_story(self, item, raw, warnings):
        stored = WireItem.objects.select_for_update().filter(identity=item.identity).first()
        if stored is not None:
            order = compare_versions(stored, item, raw)
            if order == 0:
                return Outcome(UNCHANGED, article=stored.article, message=_("same version as stored"))
            if order < 0:
                return Outcome(
                    IGNORED,
                    article=stored.article,
                    message=_("version %(new)s is older than the stored %(old)s; ignored")
                    % {"new": _version_label(item), "old": _version_label(stored)},
                )
        if item.pubstatus in WITHDRAWN:
            return self._withdraw(item, raw, stored)
        edition = self._edition(item)
        article = stored.article if stored else None
        if article is not None and not workflow.agency_may_update(article):
            self._remember(item, raw, stored, WireItem.Kind.ARTICLE, article=article, applied=False)
            return Outcome(
                UPDATED,
                article=article,
                message=_("the article is %(status)s: the new version is kept on the wire item for the desk")
                % {"status": article.get_status_display()},
            )
        fields = self._story_fields(item, edition)
        status = CREATED if article is None else UPDATED
        with reversion.create_revision():
            article = self._save_article(article, fields, item, edition, warnings)
            reversion.set_comment(
                _("Wire: %(identity)s version %(version)s")
                % {"identity": item.identity, "version": _version_label(item)}
            )
        self._remember(item, raw, stored, WireItem.Kind.ARTICLE, article=article)
        return Outcome(status, article=article)

    def _withdraw(self, item, raw, stored):
        article = stored.article if stored else None
        self._remember(item, raw, stored, WireItem.Kind.ARTICLE, article=article)
        if article is None:
            return Outcome(IGNORED, message=_("%(status)s, but nothing of it was stored") % {"status": item.pubstatus})
        workflow.unpublish(article, None, _("Wire: the agency marked the item %(status)s") % {"status": item.pubstatus})
        return Outcome(
            UPDATED,
            article=article,
            message=_("unpublished: the agency marked it %(status)s") % {"status": item.pubstatus},
        )

    def _ingest_picture(self, item, raw, warnings):
        stored = WireItem.objects.select_for_update().filter(identity=item.identity).first()
        if stored is not None and stored.photo_id:
            order = compare_versions(stored, item, raw)
            if order == 0:
                return Outcome(UNCHANGED, photo=stored.photo, message=_("same version as stored"))
            if order < 0:
                return Outcome(IGNORED, photo=stored.photo, message=_("older than the stored version; ignored"))
        photo = self._picture_photo(item, stored, warnings)
        if photo is None:
            return Outcome(IGNORED, message=_("no rendition of the picture could be read"))
        self._remember(item, raw, stored, WireItem.Kind.PHOTO, photo=photo)
        return Outcome(UPDATED if stored and stored.photo_id else CREATED, photo=photo)

    # --- articles ---------------------------------------------------------------

    def _edition(self, item):
        if not item.language:
            return settings.LANGUAGE_CODE
        code = item.language.strip().lower().replace("_", "-").split("-", 1)[0]
        if code not in edition_codes():
            raise Rejected(
                item.field_path("language"),
                _("“%(language)s” is not one of this newsroom's editions (%(codes)s)")
                % {"language": item.language, "codes": ", ".join(edition_codes())},
            )
        return code

    def _story_fields(self, item, edition):
        headline = _one_line(item.headline) or _one_line(strip_tags(item.description))[:120]
        headline = headline or _one_line(strip_tags(item.body_html))[:120]
        if not headline:
            raise Rejected(item.field_path("headlines"), _("a story needs a headline, a description or a body"))
        if len(headline) > Article._meta.get_field("headline").max_length:
            raise Rejected(item.field_path("headlines"), _("the headline is longer than 255 characters"))
        if len(item.body_html) > MAX_BODY_CHARS:
            raise Rejected(
                item.field_path("bodies"), _("the body is longer than %(limit)s characters") % {"limit": MAX_BODY_CHARS}
            )
        standfirst = " ".join(strip_tags(item.description or item.subheadline).split())
        if len(standfirst) > MAX_DESCRIPTION_CHARS:
            raise Rejected(
                item.field_path("descriptions"),
                _("the description is longer than %(limit)s characters") % {"limit": MAX_DESCRIPTION_CHARS},
            )
        return {
            "headline": headline,
            "kind": _kind(item.genres),
            "standfirst": standfirst,
            "body": _with_dateline(item.body_html, item.located),
            "source": self._credited_source(item),
        }

    def _credited_source(self, item):
        name = _one_line(item.copyright_holder) or next(iter(item.info_sources), "")
        name = _one_line(name)[: Source._meta.get_field("name").max_length]
        if not name:
            return self.source
        if self.source and self.source.name.lower() == name.lower():
            return self.source
        existing = Source.objects.filter(name__iexact=name).first()
        if existing:
            return existing
        return Source.objects.create(name=name, slug=_unique_slug(Source, name, 100))

    def _section(self):
        if self.section:
            return self.section
        wanted = getattr(settings, "WIRE_SECTION", "news")
        section = Section.objects.filter(slug=wanted).first() or Section.objects.filter(parent=None).first()
        if section is None:
            raise Rejected("$", _("there is no section to file wire stories in; create one first"))
        return section

    def _save_article(self, article, fields, item, edition, warnings):
        if article is None:
            article = Article(
                edition=edition,
                kind=Article.Kind.NEWS,
                section=self._section(),
                status=Article.Status.DRAFT,
                slug=_unique_article_slug(edition, fields["headline"], item.identity),
            )
        for name, value in fields.items():
            setattr(article, name, value)
        if item.embargoed_until and workflow.agency_may_update(article):
            # Pre-fills the publish time; a draft stays hidden whatever it says.
            article.publish_at = item.embargoed_until
        if item.version_created and article.pk:
            article.updated_at = max(item.version_created, article.publish_at or item.version_created)
        article.save()
        article.tags.set(_tag_names(item.subjects + item.keywords), clear=True)
        article.regions.set(_regions(item.places))
        self._set_bylines(article, item.byline, edition)
        self._attach_photos(article, item, warnings)
        return article

    def _set_bylines(self, article, byline, edition):
        article.bylines.all().delete()
        for position, name in enumerate(_byline_names(byline)):
            slug = slugify(name, allow_unicode=True)[:120]
            if not slug:
                continue
            author, _created = Author.objects.get_or_create(edition=edition, slug=slug, defaults={"name": name})
            Byline.objects.get_or_create(article=article, author=author, defaults={"position": position})

    def _attach_photos(self, article, item, warnings):
        pictures = [a for a in item.associations if a.type in PICTURE_TYPES or (not a.type and a.renditions)]
        photos = [photo for photo in (self._photo(p, warnings) for p in pictures) if photo is not None]
        article.gallery_items.all().delete()
        if not photos:
            return
        Article.objects.filter(pk=article.pk).update(hero_photo=photos[0])
        article.hero_photo = photos[0]
        for position, photo in enumerate(photos[1:]):
            GalleryItem.objects.create(article=article, photo=photo, position=position)

    # --- photos -----------------------------------------------------------------

    def _photo(self, item, warnings):
        """The library photo for an associated picture: reused while its version is already stored."""
        stored = WireItem.objects.filter(identity=item.identity).select_related("photo").first() if item.uri else None
        if stored and stored.photo and compare_versions(stored, item, item.raw) <= 0:
            return stored.photo
        photo = self._picture_photo(item, stored, warnings)
        if photo is not None and item.uri:
            self._remember(item, item.raw, stored, WireItem.Kind.PHOTO, photo=photo)
        return photo

    def _picture_photo(self, item, stored, warnings):
        """Create (or refresh ``stored``'s) photo from the item's best readable rendition."""
        image = self._image(item, warnings)
        if image is None:
            return stored.photo if stored and stored.photo else None
        data, extension, (width, height) = image
        caption = _one_line(strip_tags(item.description)) or _one_line(item.headline)
        photo = stored.photo if stored and stored.photo else Photo()
        photo.caption = caption[:500]
        photo.credit = (_one_line(item.creditline) or _one_line(item.byline) or _one_line(item.copyright_holder))[:120]
        photo.alt_text = (_one_line(item.headline) or caption or _("Agency picture"))[:300]
        slug = slugify(item.headline or item.name or "wire-picture")[:60] or "wire-picture"
        photo.image.save(f"{slug}.{extension}", ContentFile(data), save=False)
        photo.width, photo.height = width, height
        photo.save()
        self._written_files.extend(files_of(photo))
        return photo

    def _image(self, item, warnings):
        """Bytes and extension of the best readable rendition, or None (with a warning)."""
        renditions = sorted(item.renditions, key=lambda r: -(r.width or 0) * (r.height or 0))
        for rendition in renditions:
            if rendition.data is None and not rendition.href:
                continue
            data = rendition.data if rendition.data is not None else self._read_href(rendition, warnings)
            if data is not None:
                return _image_kind(data, f"{rendition.path}.href")
        if item.renditions:
            warnings.append(_("%(path)s: no rendition could be read") % {"path": item.path})
        return None

    def _read_href(self, rendition, warnings):
        href = rendition.href.strip()
        path = f"{rendition.path}.href"
        scheme = urlsplit(href).scheme.lower()
        if scheme == "data":
            return _decode_data_uri(href, path)
        if scheme in {"http", "https", "ftp"}:
            warnings.append(_("%(path)s: remote file skipped (nothing is fetched from the internet)") % {"path": path})
            return None
        if not self.allow_local_files:
            warnings.append(_("%(path)s: local files are read only by the ingest_ninjs command") % {"path": path})
            return None
        local = Path(unquote(urlsplit(href).path)) if scheme == "file" else Path(href)
        if not local.is_absolute():
            local = (self.base_dir or Path.cwd()) / local
        if not local.is_file():
            raise Rejected(path, _("no such file: %(file)s") % {"file": local})
        if local.stat().st_size > MAX_IMAGE_BYTES:
            raise Rejected(path, _("the picture is larger than 20 MB"))
        return local.read_bytes()

    # --- bookkeeping ------------------------------------------------------------

    def _remember(self, item, raw, stored, kind, article=None, photo=None, applied=True):
        """Keep ``item`` as the latest version of its ``WireItem`` and add it to the item's versions.

        ``applied``: the article (or photo) now has this version; False when the
        desk's published article was left alone and the version waits for it.
        """
        wire = stored or WireItem(identity=item.identity)
        wire.uri = item.uri
        wire.version = item.version[:50]
        wire.version_created = item.version_created
        wire.format = item.format
        wire.generation = item.generation
        wire.kind = kind
        wire.headline = _one_line(item.headline)[:255]
        wire.language = item.language[:20]
        wire.urgency = item.urgency if isinstance(item.urgency, int) and 0 <= item.urgency <= 9 else None
        wire.genre = _one_line(next(iter(item.genres), ""))[:100]
        wire.pubstatus = item.pubstatus[:12]
        wire.embargoed_until = item.embargoed_until
        wire.ed_note = item.ednote[:10_000]
        wire.creditline = _one_line(item.creditline)[:255]
        wire.copyright_notice = _one_line(item.copyright_notice)[:500]
        wire.source = self.source or wire.source
        wire.article = article if article is not None else wire.article
        wire.photo = photo if photo is not None else wire.photo
        wire.raw = raw
        wire.content_hash = content_hash(raw)
        wire.received_at = timezone.now()
        if applied:
            wire.applied_version = wire.version_label[:50]
        wire.save()
        WireItemVersion.objects.create(
            item=wire,
            version=wire.version,
            version_created=wire.version_created,
            received_at=wire.received_at,
            headline=wire.headline,
            pubstatus=wire.pubstatus,
            outcome=WireItemVersion.Outcome.APPLIED if applied else WireItemVersion.Outcome.KEPT,
            raw=raw,
        )
        return wire


# --- helpers ----------------------------------------------------------------------


def files_of(photo):
    """Every file stored for ``photo``: the picture and what was made from it."""
    names = [photo.image.name]
    names += [rendition.file.name for rendition in photo.renditions.all()]
    names += [crop.image.name for crop in photo.social_crops.all()]
    return names


def delete_files(names):
    for name in names:
        if name:
            default_storage.delete(name)


def content_hash(raw):
    return hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _version_number(version):
    numbers = re.findall(r"\d+", version or "")
    return tuple(int(n) for n in numbers) if numbers else None


def compare_versions(stored, item, raw):
    """1 if ``item`` is newer than ``stored``, 0 if the same, -1 if older.

    The agency's ``version`` decides; then ``versioncreated``; items with no
    version information at all are the same when their JSON is identical and
    newer otherwise (the last delivery wins).
    """
    old, new = _version_number(stored.version), _version_number(item.version)
    if old is not None and new is not None and old != new:
        return 1 if new > old else -1
    if stored.version_created and item.version_created and stored.version_created != item.version_created:
        return 1 if item.version_created > stored.version_created else -1
    if (old is not None and old == new) or (stored.version_created and stored.version_created == item.version_created):
        return 0
    if content_hash(raw) == stored.content_hash:
        return 0
    return 1


def _version_label(obj):
    if obj.version:
        return obj.version
    if obj.version_created:
        return obj.version_created.isoformat()
    return "?"


def _one_line(text):
    return " ".join((text or "").split())


def _with_dateline(body_html, located):
    """Put the dateline in front of the body unless the text already starts with it."""
    located = _one_line(located)
    if not located:
        return body_html
    first_words = _one_line(strip_tags(body_html))[: len(located) + 10].lower()
    if first_words.startswith(located.split(",")[0].lower()):
        return body_html
    return f"<p><strong>{escape(located)}</strong></p>{body_html}"


# IPTC genre codes (http://cv.iptc.org/newscodes/genre/) and names that are a kind of article here.
GENRE_KINDS = {
    "analysis": Article.Kind.ANALYSIS,
    "opinion": Article.Kind.OPINION,
    "viewpoint": Article.Kind.OPINION,
    "feature": Article.Kind.FEATURE,
    "blog": Article.Kind.BLOG,
}


def _kind(genres):
    """The article kind the agency's genre names (``genre:Analysis``, ``Opinion``…), else news."""
    for genre in genres:
        code = re.split(r"[:/]", str(genre).strip().lower())[-1]
        if code in GENRE_KINDS:
            return GENRE_KINDS[code]
    return Article.Kind.NEWS


def _tag_names(subjects):
    names = []
    for subject in subjects:
        name = _one_line(subject)[:100]
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names[:MAX_TAGS]


def _regions(places):
    wanted = {_one_line(p).lower() for p in places if p}
    if not wanted:
        return []
    slugs = {slugify(p) for p in wanted}
    return [r for r in Region.objects.all() if r.slug in slugs or r.name.lower() in wanted]


def _byline_names(byline):
    byline = re.sub(r"^\s*(by|por|بقلم)\s+", "", _one_line(strip_tags(byline)), flags=re.IGNORECASE)
    names = [n.strip() for n in re.split(r",|;|\s+and\s+|\s*&\s*", byline) if n.strip()]
    return [n[:120] for n in names][:MAX_AUTHORS]


def _unique_slug(model, text, max_length, **scope):
    base = slugify(text, allow_unicode=True)[:max_length] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


def _unique_article_slug(edition, headline, identity):
    base = slugify(headline, allow_unicode=True)[:180].strip("-") or "wire"
    if not Article.objects.filter(edition=edition, slug=base).exists():
        return base
    return f"{base}-{hashlib.sha256(identity.encode()).hexdigest()[:8]}"


def _decode_data_uri(href, path):
    header, separator, payload = href.partition(",")
    if not separator or ";base64" not in header.lower():
        raise Rejected(path, _("only base64 data URIs are accepted (data:image/jpeg;base64,...)"))
    if len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        raise Rejected(path, _("the picture is larger than 20 MB"))
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Rejected(path, _("the data URI is not valid base64")) from exc


def _image_kind(data, path):
    """Checked picture bytes, cleaned of metadata, with extension and (width, height).

    The same rules as an upload in the admin (``media.images``): content-sniffed
    format, size and pixel limits, no SVG or polyglots, EXIF (GPS included) removed.
    """
    try:
        prepared = prepare_image(data)
    except ValidationError as exc:
        raise Rejected(path, " ".join(exc.messages)) from exc
    return prepared.data, prepared.extension, (prepared.width, prepared.height)
