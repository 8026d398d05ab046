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
from functools import reduce
from html import escape
from operator import or_
from pathlib import Path
from urllib.parse import unquote, urlsplit

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, router, transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reversion.models import Revision, Version
from taggit.models import Tag

from articles import workflow
from articles.events import announce_once, announce_part
from articles.models import Article, ArticleTag, Author, Byline, GalleryItem, Source
from desk.models import StoryNote
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
    # The documents' own problems that refused no item ("label: /xpath: why"), once per document.
    warnings: list = field(default_factory=list)

    def add(self, other):
        self.outcomes.extend(other.outcomes)
        self.warnings.extend(other.warnings)

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
        self._forget_lookups()

    def _forget_lookups(self):
        """Rows looked up once per ingester (a batch names the same subjects and writers again and again).

        Forgotten when an item rolls back, as rows it created may have gone with it.
        """
        self._tags_by_name, self._authors, self._sources = {}, {}, {}
        self._regions, self._filing_section = None, None

    def ingest_many(self, raws, labels=None, channel="api"):
        entries = documents.ninjs_entries(raws)
        labels = labels or [f"item {index + 1}" for index in range(len(entries))]
        summary = self._ingest_entries(entries, labels)
        run_finished.send(sender=WireIngester, source=self.source, summary=summary, channel=channel)
        return summary

    def ingest_document(self, data, label=""):
        """Ingest every item in a delivered file or body (bytes, any format ``newsformats.documents`` reads)."""
        document = documents.read(data)
        entries = document.entries
        labels = [f"{label} {entry.path}".strip() if len(entries) > 1 else label or entry.path for entry in entries]
        summary = self._ingest_entries(entries, labels)
        summary.warnings = [f"{label}: {warning}" if label else str(warning) for warning in document.warnings]
        for warning in summary.warnings:
            logger.warning("wire document warning %s", warning)
        return summary

    def _ingest_entries(self, entries, labels):
        """Each entry's outcome, in order: new stories in one go (``_ingest_new_stories``), the rest one by one."""
        outcomes = self._ingest_new_stories(entries, labels)
        for index, entry in enumerate(entries):
            if index in outcomes:
                continue
            if entry.error is not None:
                identity = entry.raw.get("uri", "") if isinstance(entry.raw, dict) else ""
                outcome = Outcome(REJECTED, identity=str(identity), label=labels[index], message=str(entry.error))
                outcomes[index] = self._log(outcome)
            else:
                outcomes[index] = self.ingest_item(entry.item, entry.raw, label=labels[index])
        return Summary([outcomes[index] for index in range(len(entries))])

    # --- many new stories at once -------------------------------------------------------

    def _ingest_new_stories(self, entries, labels):
        """Outcomes (by entry index) of the stories not stored yet, written together in one transaction.

        Agencies send mostly new stories, many to a file: these go in with one insert per
        table, not one per row. Each is still all-or-nothing: a story the desk cannot take
        is refused before anything is written, and when the joint write fails (a row the
        database refuses) none of it stays and the stories go in one by one instead.
        Updates, kills, pictures and stories with pictures always go one by one.
        """
        chosen = self._new_stories(entries)
        if len(chosen) < 2:
            return {}
        outcomes, drafts = {}, []
        for index in chosen:
            item = entries[index].item
            try:
                _check_identity(item)
                edition = self._edition(item)
                drafts.append((index, item, edition, self._story_fields(item, edition)))
            except Rejected as exc:
                outcomes[index] = Outcome(REJECTED, message=str(exc))
        try:
            with transaction.atomic(), announce_once():
                articles = self._create_drafts(drafts, entries)
        except (Rejected, DatabaseError) as exc:
            logger.info("wire: the new stories go in one by one (%s)", exc)
            self._forget_lookups()
            return {}
        for (index, _item, _edition, _fields), article in zip(drafts, articles, strict=True):
            outcomes[index] = Outcome(CREATED, article=article)
        for index, outcome in outcomes.items():
            outcome.identity, outcome.label = entries[index].item.identity, labels[index]
            self._log(outcome)
        return outcomes

    def _new_stories(self, entries):
        """Indexes of the entries that are stories this newsroom has never received, each sent once here."""
        sent = Counter(entry.item.identity for entry in entries if entry.error is None)
        candidates = {
            entry.item.identity: index
            for index, entry in enumerate(entries)
            if entry.error is None
            and sent[entry.item.identity] == 1
            and entry.item.type in STORY_TYPES
            and entry.item.pubstatus not in WITHDRAWN
            and not _pictures(entry.item)
        }
        stored = WireItem.objects.filter(identity__in=list(candidates)).values_list("identity", flat=True)
        for identity in stored:
            del candidates[identity]
        return sorted(candidates.values())

    def _create_drafts(self, drafts, entries):
        """Write the draft articles for ``drafts`` (index, item, edition, fields) with their parts and records."""
        section, slugs = self._section(), self._free_slugs(drafts)
        articles = []
        for index, item, edition, fields in drafts:
            article = Article(
                edition=edition, section=section, status=Article.Status.DRAFT, slug=slugs[index], **fields
            )
            _keep_embargo(article, item)
            articles.append(article)
        Article.objects.create_many(articles)
        links, bylines, wires, parts, notes = [], [], [], [], []
        for article, (index, item, edition, _fields) in zip(articles, drafts, strict=True):
            article_links = _tag_links(article, self._tags(_tag_names(item.subjects + item.keywords)))
            article_bylines = self._bylines(article, item.byline, edition)
            links += article_links
            bylines += article_bylines
            parts.append(article_bylines + article_links)
            notes += filter(None, [self._agency_note(article, item, None)])
            wires.append(self._wire_item(item, entries[index].raw, None, WireItem.Kind.ARTICLE, article, None, True))
            regions = self._matching_regions(item.places)
            if regions:
                article.regions.set(regions)
        ArticleTag.objects.bulk_create(links)
        Byline.objects.bulk_create(bylines)
        StoryNote.objects.bulk_create(notes)
        WireItem.objects.bulk_create(wires)
        WireItemVersion.objects.bulk_create(received_version(wire, wire.raw, True) for wire in wires)
        comment = _("Wire: %(identity)s version %(version)s")
        record_first_revisions(
            articles,
            parts,
            [comment % {"identity": item.identity, "version": _version_label(item)} for _i, item, _e, _f in drafts],
        )
        return articles

    def _agency_note(self, article, item, stored):
        """The agency's editorial note (edNote, ed-msg) as the story's internal note, when it is new; not saved."""
        text = item.ednote.strip()[:10_000]
        if not text or (stored is not None and stored.ed_note == text):
            return None
        return StoryNote(article=article, author_name=self.source.name if self.source else _("the agency"), text=text)

    def _free_slugs(self, drafts):
        """A slug for each draft (by entry index), as ``_unique_article_slug`` would give, looked up together."""
        wanted = {index: (edition, _article_slug(fields["headline"])) for index, _item, edition, fields in drafts}
        taken = set()
        for edition in {edition for edition, _base in wanted.values()}:
            bases = [base for code, base in wanted.values() if code == edition]
            found = Article.objects.filter(edition=edition, slug__in=bases).values_list("slug", flat=True)
            taken |= {(edition, slug) for slug in found}
        slugs = {}
        for index, item, edition, _fields in drafts:
            base = wanted[index][1]
            slug = base if (edition, base) not in taken else _hashed_slug(base, item.identity)
            taken.add((edition, slug))
            slugs[index] = slug
        return slugs

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
            # Search, audit, webhooks… see each article once, finished (``announce_once``).
            with transaction.atomic(), announce_once():
                outcome = self._ingest(item, raw, warnings)
        except Rejected as exc:
            outcome = Outcome(REJECTED, message=str(exc))
            self._rolled_back()
        except Exception:
            self._rolled_back()
            raise
        outcome.identity = outcome.identity or item.identity
        outcome.label = label
        outcome.warnings = warnings + outcome.warnings
        return self._log(outcome)

    def _rolled_back(self):
        delete_files(self._written_files)
        self._forget_lookups()

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
        with transaction.atomic(), announce_once():
            article = self._save_article(None, self._story_fields(item, edition), item, edition, [])
            record_revision(article, _("Wire: draft made from %(identity)s") % {"identity": wire.identity})
            WireItem.objects.filter(pk=wire.pk).update(article=article, applied_version=wire.version_label[:50])
        return article

    # --- dispatch ---------------------------------------------------------------

    def _ingest(self, item, raw, warnings):
        _check_identity(item)
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
        article = self._save_article(article, fields, item, edition, warnings)
        note = self._agency_note(article, item, stored)
        if note is not None:
            note.save()
        comment = _("Wire: %(identity)s version %(version)s")
        record_revision(article, comment % {"identity": item.identity, "version": _version_label(item)})
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
        if name.lower() not in self._sources:
            found = Source.objects.filter(name__iexact=name).first()
            self._sources[name.lower()] = found or Source.objects.create(
                name=name, slug=_unique_slug(Source, name, 100)
            )
        return self._sources[name.lower()]

    def _section(self):
        if self.section:
            return self.section
        if self._filing_section is None:
            wanted = getattr(settings, "WIRE_SECTION", "news")
            section = Section.objects.filter(slug=wanted).first() or Section.objects.filter(parent=None).first()
            if section is None:
                raise Rejected("$", _("there is no section to file wire stories in; create one first"))
            self._filing_section = section
        return self._filing_section

    def _save_article(self, article, fields, item, edition, warnings):
        """Write the story and its parts; a new one's parts go straight in (there is nothing to replace)."""
        new = article is None
        if new:
            article = Article(
                edition=edition,
                kind=Article.Kind.NEWS,
                section=self._section(),
                status=Article.Status.DRAFT,
                slug=_unique_article_slug(edition, fields["headline"], item.identity),
            )
        for name, value in fields.items():
            setattr(article, name, value)
        if workflow.agency_may_update(article):
            _keep_embargo(article, item)
        if item.version_created and article.pk:
            article.updated_at = max(item.version_created, article.publish_at or item.version_created)
        article.save()
        self._set_tags(article, self._tags(_tag_names(item.subjects + item.keywords)), new)
        regions = self._matching_regions(item.places)
        if regions or not new:
            article.regions.set(regions)
        self._set_bylines(article, item.byline, edition, new)
        self._attach_photos(article, item, warnings, new)
        return article

    def _tags(self, names):
        """The tags called ``names`` (in any case), made when missing."""
        missing = [name for name in names if name.lower() not in self._tags_by_name]
        if missing:
            for tag in Tag.objects.filter(reduce(or_, (Q(name__iexact=name) for name in missing))):
                self._tags_by_name.setdefault(tag.name.lower(), tag)
            for name in missing:
                if name.lower() not in self._tags_by_name:
                    self._tags_by_name[name.lower()] = Tag.objects.create(name=name)
        return [self._tags_by_name[name.lower()] for name in names]

    def _set_tags(self, article, tags, new):
        if not new:
            article.tags.set(tags)
            return
        ArticleTag.objects.bulk_create(_tag_links(article, tags))

    def _matching_regions(self, places):
        wanted = {_one_line(place).lower() for place in places if place}
        if not wanted:
            return []
        if self._regions is None:
            self._regions = list(Region.objects.all())
        slugs = {slugify(place) for place in wanted}
        return [region for region in self._regions if region.slug in slugs or region.name.lower() in wanted]

    def _set_bylines(self, article, byline, edition, new):
        if not new:
            article.bylines.all().delete()
        bylines = Byline.objects.bulk_create(self._bylines(article, byline, edition))
        if bylines and not new:
            announce_part(article, "bylines")

    def _bylines(self, article, byline, edition):
        """``article``'s bylines for the names in ``byline``, in order, not saved."""
        bylines = []
        for name in _byline_names(byline):
            slug = slugify(name, allow_unicode=True)[:120]
            if slug and all(b.author.slug != slug for b in bylines):
                bylines.append(Byline(article=article, author=self._author(edition, slug, name), position=len(bylines)))
        return bylines

    def _author(self, edition, slug, name):
        key = (edition, slug)
        if key not in self._authors:
            self._authors[key], _created = Author.objects.get_or_create(
                edition=edition, slug=slug, defaults={"name": name}
            )
        return self._authors[key]

    def _attach_photos(self, article, item, warnings, new):
        photos = [photo for photo in (self._photo(p, warnings) for p in _pictures(item)) if photo is not None]
        if not new:
            article.gallery_items.all().delete()
        if not photos:
            return
        Article.objects.filter(pk=article.pk).update(hero_photo=photos[0])
        article.hero_photo = photos[0]
        GalleryItem.objects.bulk_create(
            GalleryItem(article=article, photo=photo, position=position) for position, photo in enumerate(photos[1:])
        )
        if not new:
            announce_part(article, "gallery")

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
        wire = self._wire_item(item, raw, stored, kind, article, photo, applied)
        wire.save()
        received_version(wire, raw, applied).save()
        return wire

    def _wire_item(self, item, raw, stored, kind, article, photo, applied):
        """``stored`` (or a new ``WireItem``) filled from ``item``, not saved."""
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
        return wire


# --- helpers ----------------------------------------------------------------------


def received_version(wire, raw, applied):
    """The entry in ``wire``'s versions for what was just received (not saved)."""
    return WireItemVersion(
        item=wire,
        version=wire.version,
        version_created=wire.version_created,
        received_at=wire.received_at,
        headline=wire.headline,
        pubstatus=wire.pubstatus,
        outcome=WireItemVersion.Outcome.APPLIED if applied else WireItemVersion.Outcome.KEPT,
        raw=raw,
    )


def _check_identity(item):
    if max(len(item.identity), len(item.uri)) > WireItem._meta.get_field("identity").max_length:
        raise Rejected(item.field_path("uri"), _("longer than 500 characters"))


def record_revision(article, comment):
    """One revision of ``article`` as it now stands, with its bylines, pictures and tags.

    The parts a revision follows are read beforehand with what each one's name needs, so
    keeping them is three queries, not one more per byline, picture and tag.
    """
    prefetch_related_objects(
        [article],
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        Prefetch("gallery_items", queryset=GalleryItem.objects.select_related("photo")),
        Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag", "content_object")),
    )
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_comment(comment)


def record_first_revisions(articles, parts, comments):
    """The first revision of each new article, written together: what ``record_revision`` keeps, in two inserts.

    ``parts`` are each article's bylines and tag links as saved (a new article has no pictures
    yet); the version rows are those django-reversion writes for a registered model, each
    object's data as its JSON serializer gives it (Python's, then one ``json.dumps``: the
    serializer's own streaming encoder is several times slower).
    """
    prefetch_related_objects(articles, "tags", "regions", "related")  # what each article's version lists
    now = timezone.now()
    revisions = Revision.objects.bulk_create(Revision(date_created=now, comment=comment) for comment in comments)
    db = router.db_for_write(Article)
    kept = [
        (revision, obj)
        for revision, article, more in zip(revisions, articles, parts, strict=True)
        for obj in [article, *more]
    ]
    data = serializers.serialize("python", [obj for _revision, obj in kept])
    Version.objects.bulk_create(
        Version(
            revision=revision,
            object_id=str(obj.pk),
            content_type=ContentType.objects.db_manager(db).get_for_model(type(obj)),
            db=db,
            format="json",
            serialized_data=json.dumps([fields], cls=DjangoJSONEncoder, ensure_ascii=False),
            object_repr=str(obj),
        )
        for (revision, obj), fields in zip(kept, data, strict=True)
    )


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


def _tag_links(article, tags):
    """New links of ``article`` to ``tags``, not saved (``ArticleTag.save``'s copies filled in)."""
    return [
        ArticleTag(
            content_object=article, tag=tag, edition=article.edition, publish_at=article.publish_at, position=position
        )
        for position, tag in enumerate(tags)
    ]


def _pictures(item):
    return [a for a in item.associations if a.type in PICTURE_TYPES or (not a.type and a.renditions)]


def _tag_names(subjects):
    names = []
    for subject in subjects:
        name = _one_line(subject)[:100]
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names[:MAX_TAGS]


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


def _article_slug(headline):
    return slugify(headline, allow_unicode=True)[:180].strip("-") or "wire"


def _hashed_slug(base, identity):
    """The slug for a story whose headline's slug is taken: made unique by its identity."""
    return f"{base}-{hashlib.sha256(identity.encode()).hexdigest()[:8]}"


def _keep_embargo(article, item):
    """The agency's embargo binds the story (``Article.embargo_until``); it also pre-fills the publish time."""
    if item.embargoed_until:
        article.embargo_until = article.publish_at = item.embargoed_until


def _unique_article_slug(edition, headline, identity):
    base = _article_slug(headline)
    if not Article.objects.filter(edition=edition, slug=base).exists():
        return base
    return _hashed_slug(base, identity)


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
