"""Sitemaps for an archive of millions: every file costs a few small queries, whatever the archive's size.

The files (``root_urls``):

- ``/sitemap.xml``, the index: every file below, dated by its latest change where that is cheap to
  know exactly (tag and author files go undated; the protocol makes the date optional).
- ``/sitemap-articles-<edition>-<yyyy>-<mm>.xml``: an edition's articles published in that month
  (UTC), oldest first, so a month's pages keep their addresses as it fills; past
  ``ARTICLES_PER_SITEMAP`` the month continues on ``?p=2`` and so on. The index finds the months,
  their sizes and dates in ``SitemapMonth``, kept as articles change (``refresh_month``), never by
  counting the archive.
- ``/sitemap-news-<edition>.xml``: Google News, the edition's articles of the last 48 hours.
- ``/sitemap-sections.xml`` and ``/sitemap-regions.xml``: the listing pages of every edition, dated
  by their newest article.
- ``/sitemap-tags-<edition>.xml``: the edition's tag pages with public articles, dated likewise, in
  pages of ``TAGS_PER_SITEMAP`` tags.
- ``/sitemap-authors.xml``: author pages with a public article.

Only public articles appear, and an article's ``lastmod`` is its real modification time
(``lastmod.with_last_modified``). The XML is written here rather than by ``django.contrib.sitemaps``,
whose per-address methods and templates cost more than the queries once a file holds thousands.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Subquery
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import override
from taggit.models import Tag

from articles.models import Article, ArticleTag, Author, Byline, Correction
from articles.pagekeys import SITEMAPS
from editions import edition_codes
from media.models import Photo
from pagecache import shown
from taxonomy.models import Region, Section

from .lastmod import with_last_modified
from .models import SitemapMonth

NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX_URLS = 1_000
# Google accepts 50,000 addresses per file; smaller files are quicker to build and to fetch.
# A thousand (as Yoast SEO writes them) keeps a cold file within a page's time budget.
ARTICLES_PER_SITEMAP = 1_000
TAGS_PER_SITEMAP = 1_000

NAMESPACES = {
    "": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
PLAIN = re.compile(r"[-\w.~]*", re.ASCII)


@dataclass(frozen=True)
class Entry:
    """One address of a sitemap (or one sitemap of the index): a path, made absolute when written."""

    path: str
    lastmod: datetime | None = None
    images: tuple[str, ...] = ()
    title: str = ""  # news sitemaps: the headline
    published: datetime | None = None  # news sitemaps: the publication time


# --- Writing ----------------------------------------------------------------------------------


def w3c(moment):
    return moment.astimezone(UTC).isoformat()


def urlset(origin, entries, news_language=None):
    """A ``<urlset>`` of ``entries``; with ``news_language``, in Google News' format."""
    shown.show(SITEMAPS)
    names = ("", "image", "news") if news_language else ("", "image")
    xmlns = " ".join(f'xmlns{":" + name if name else ""}="{NAMESPACES[name]}"' for name in names)
    publication = (
        f"<news:publication><news:name>{escape(settings.NEWSROOM_SITE_NAME)}</news:name>"
        f"<news:language>{news_language}</news:language></news:publication>"
    )
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {xmlns}>\n']
    for entry in entries:
        parts.append(f"<url><loc>{escape(origin + entry.path)}</loc>")
        if entry.lastmod:
            parts.append(f"<lastmod>{w3c(entry.lastmod)}</lastmod>")
        if news_language:
            parts.append(
                f"<news:news>{publication}<news:publication_date>{w3c(entry.published)}</news:publication_date>"
                f"<news:title>{escape(entry.title)}</news:title></news:news>"
            )
        for image in entry.images:
            parts.append(f"<image:image><image:loc>{escape(absolute(origin, image))}</image:loc></image:image>")
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def sitemapindex(origin, entries):
    shown.show(SITEMAPS)
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACES[""]}">\n']
    for entry in entries:
        lastmod = f"<lastmod>{w3c(entry.lastmod)}</lastmod>" if entry.lastmod else ""
        parts.append(f"<sitemap><loc>{escape(origin + entry.path)}</loc>{lastmod}</sitemap>\n")
    parts.append("</sitemapindex>\n")
    return "".join(parts)


def absolute(origin, url):
    """Media addresses are paths under this site, or already absolute when storage lives elsewhere."""
    return url if "://" in url else origin + url


class PathTemplate:
    """``reverse()`` once, then fill in each row's values: thousands of addresses cost microseconds each.

    The values are quoted as ``reverse()`` quotes them, so the addresses are the ones the pages answer at.
    """

    def __init__(self, viewname, edition, *names):
        placeholders = {name: f"__{name}__" for name in names}
        with override(edition):
            template = reverse(viewname, kwargs=placeholders)
        for name, placeholder in placeholders.items():
            template = template.replace(placeholder, "{" + name + "}")
        self.template = template

    def __call__(self, **values):
        return self.template.format(**{name: url_part(value) for name, value in values.items()})


def url_part(value):
    """``value`` quoted for a path as ``reverse()`` quotes it; plain ASCII slugs (most) need no work."""
    return value if PLAIN.fullmatch(value) else quote(value, safe=RFC3986_SUBDELIMS + "/~:@")


# --- The month tally ----------------------------------------------------------------------------


def month_start(moment):
    moment = moment.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def month_end(start):
    return datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)


def in_month(queryset, start):
    return queryset.filter(publish_at__gte=start, publish_at__lt=month_end(start))


def refresh_month(edition, moment):
    """Count again the month of ``edition`` that holds ``moment``, after one of its articles changed.

    The month's row is locked first, so two saves in one month count one after the other and the
    later count sees the earlier save.
    """
    start = month_start(moment)
    key = {"edition": edition, "month": start.date()}
    with transaction.atomic():
        list(SitemapMonth.objects.select_for_update().filter(**key))
        return count_month(key, start)


def count_month(key, start):
    edition = key["edition"]
    seen = in_month(Article.objects.public().in_edition(edition), start)
    totals = seen.aggregate(articles=Count("pk"), published=Max("publish_at"), updated=Max("updated_at"))
    corrected = Correction.objects.filter(article__in=seen).aggregate(latest=Max("created_at"))["latest"]
    pending = in_month(Article.objects.upcoming().in_edition(edition), start).aggregate(first=Min("publish_at"))
    if not totals["articles"] and pending["first"] is None:
        SitemapMonth.objects.filter(**key).delete()
        return None
    changes = [totals["published"], totals["updated"], corrected]
    row, _created = SitemapMonth.objects.update_or_create(
        **key,
        defaults={
            "articles": totals["articles"],
            "last_modified": max((moment for moment in changes if moment), default=None),
            "pending_from": pending["first"],
        },
    )
    return row


def rebuild_months():
    """Count every month again from the archive (after bulk loads or a restore), by the rule saves use."""
    months = (
        Article.objects.filter(status__in=Article.SEEN_BY_READERS, deleted_at__isnull=True, publish_at__isnull=False)
        .annotate(start=TruncMonth("publish_at", tzinfo=UTC))
        .values_list("edition", "start")
        .order_by()
        .distinct()
    )
    with transaction.atomic():
        SitemapMonth.objects.all().delete()
        for edition, start in months:
            count_month({"edition": edition, "month": start.date()}, start)
    return SitemapMonth.objects.count()


def current(month):
    """The tally, counted again first if an article in the month has gone live since it was counted."""
    if month.pending_from and month.pending_from <= timezone.now():
        return refresh_month(month.edition, month.pending_from)
    return month


def paged(path, page):
    """The address of page ``page`` of the sitemap at ``path``."""
    return f"{path}?p={page}" if page > 1 else path


def month_paths(edition):
    """The address of each of ``edition``'s month files: ``reverse()`` once, not once per month."""
    sample = reverse("discovery-sitemap-articles", kwargs={"edition": edition, "year": "0000", "month": "00"})
    head, tail = sample.rsplit("0000-00", 1)
    return lambda month, page=1: paged(f"{head}{month:%Y-%m}{tail}", page)


def page_count(total, per_page):
    return max(1, math.ceil(total / per_page))


# --- The files ----------------------------------------------------------------------------------


def article_entries(articles, edition, news=False):
    """Entries for ``articles`` (a queryset, ordered and sliced by the caller), fetched as plain values.

    Only news sitemaps show headlines and publication times; the others skip fetching them.
    """
    path = PathTemplate("articles:article", edition, "section", "slug")
    storage = Photo._meta.get_field("image").storage
    image_urls = {}  # an archive reuses its photos
    fields = ["section__slug", "slug", "last_modified", "hero_photo__image"]
    rows = with_last_modified(articles).values_list(*fields, *(["headline", "publish_at"] if news else []))
    entries = []
    for section, slug, lastmod, image, *story in rows:
        if image and image not in image_urls:
            image_urls[image] = storage.url(image)
        entry = Entry(path(section=section, slug=slug), lastmod, (image_urls[image],) if image else (), *story)
        entries.append(entry)
    return entries


def month_file(edition, year, month, page):
    if edition not in edition_codes() or not 1 <= month <= 12 or year < 1:
        raise Http404("No such sitemap.")
    tally = SitemapMonth.objects.filter(edition=edition, month=date(year, month, 1)).first()
    tally = tally and current(tally)
    if tally is None or not tally.articles or page > page_count(tally.articles, ARTICLES_PER_SITEMAP):
        raise Http404("No such sitemap page.")
    articles = in_month(Article.objects.public().in_edition(edition), datetime(year, month, 1, tzinfo=UTC))
    offset = (page - 1) * ARTICLES_PER_SITEMAP
    return article_entries(articles.order_by("publish_at", "pk")[offset : offset + ARTICLES_PER_SITEMAP], edition)


def news_file(edition):
    if edition not in edition_codes():
        raise Http404("No such sitemap.")
    recent = Article.objects.public().in_edition(edition).filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
    return article_entries(recent.order_by("-publish_at", "-pk")[:NEWS_MAX_URLS], edition, news=True)


def newest_in(articles):
    """The newest publication time among ``articles`` (filtered on ``OuterRef``s), as a subquery."""
    return Subquery(articles.order_by("-publish_at").values("publish_at")[:1])


def with_newest(terms, lookup):
    """``terms`` annotated ``newest_<edition>``: the newest public article of each edition filed under each."""
    return terms.order_by("pk").annotate(
        **{
            f"newest_{code}": newest_in(Article.objects.public().in_edition(code).filter(**{lookup: OuterRef("pk")}))
            for code in edition_codes()
        }
    )


def listing_entries(terms, newest):
    """Each term's page in every edition, dated by ``newest(term, edition)``."""
    entries = []
    for term in terms:
        for code in edition_codes():
            with override(code):
                entries.append(Entry(term.get_absolute_url(), newest(term, code)))
    return entries


def section_entries():
    sections = with_newest(Section.objects.all(), "section")
    family = {section.pk: [section] for section in sections}  # a top-level section lists its subsections' too
    for section in sections:
        if section.parent_id:
            family[section.parent_id].append(section)

    def newest(section, code):
        return max(filter(None, (getattr(member, f"newest_{code}") for member in family[section.pk])), default=None)

    return listing_entries(sections, newest)


def region_entries():
    return listing_entries(
        with_newest(Region.objects.all(), "regions"), lambda region, code: getattr(region, f"newest_{code}")
    )


def tag_pages():
    return page_count(Tag.objects.count(), TAGS_PER_SITEMAP)


def tag_file(edition, page):
    """One page of the tags (in the order they were made) with public articles in ``edition``."""
    if edition not in edition_codes() or page > tag_pages():
        raise Http404("No such sitemap page.")
    links = ArticleTag.objects.seen_by_readers().filter(tag=OuterRef("pk"), edition=edition)
    offset = (page - 1) * TAGS_PER_SITEMAP
    page_tags = Tag.objects.order_by("pk").values("pk")[offset : offset + TAGS_PER_SITEMAP]
    tags = (  # the page is chosen first, so the newest article is looked up for its tags only
        Tag.objects.filter(pk__in=page_tags)
        .order_by("pk")
        .annotate(newest=newest_in(links))
        .values_list("slug", "newest")
    )
    path = PathTemplate("articles:tag", edition, "slug")
    return [Entry(path(slug=slug), newest) for slug, newest in tags if newest]


def author_entries():
    published = Byline.objects.filter(author=OuterRef("pk"), article__in=Article.objects.public())
    authors = Author.objects.filter(Exists(published)).order_by("edition", "slug").values_list("edition", "slug")
    paths = {code: PathTemplate("articles:author", code, "slug") for code in edition_codes()}
    return [Entry(paths[edition](slug=slug)) for edition, slug in authors]


def index_entries():
    """Every file of the index, in a fixed order: each edition's months, then news, listings, tags, authors."""
    codes = edition_codes()
    entries = []
    months = SitemapMonth.objects.filter(edition__in=codes, month__lte=timezone.now().date())
    months = sorted(months, key=lambda month: (codes.index(month.edition), month.month))
    paths = {code: month_paths(code) for code in codes}
    for month in filter(None, map(current, months)):
        if month.articles:
            entries += [
                Entry(paths[month.edition](month.month, page), month.last_modified)
                for page in range(1, page_count(month.articles, ARTICLES_PER_SITEMAP) + 1)
            ]
    recent = (
        with_last_modified(Article.objects.public().filter(publish_at__gte=timezone.now() - NEWS_WINDOW))
        .values("edition")
        .annotate(latest=Max("last_modified"))
    )
    news_lastmod = {row["edition"]: row["latest"] for row in recent}
    entries += [Entry(reverse("discovery-sitemap-news", args=[code]), news_lastmod.get(code)) for code in codes]
    for name, listing in LISTINGS.items():
        entries.append(Entry(reverse("discovery-sitemap-listing", args=[name]), listing.lastmod()))
    pages = tag_pages()
    entries += [
        Entry(paged(reverse("discovery-sitemap-tags", args=[code]), page))
        for code in codes
        for page in range(1, pages + 1)
    ]
    entries.append(Entry(reverse("discovery-sitemap-authors")))
    return entries


@dataclass(frozen=True)
class Listing:
    """A file of listing pages: its entries, and what files them (for the index's date)."""

    entries: Callable[[], list[Entry]]
    lookup: str

    def lastmod(self):
        """The newest of the file's dates, found directly: the newest public article filed under any term."""
        filed = Article.objects.public().filter(**{f"{self.lookup}__isnull": False})
        return filed.order_by("-publish_at").values_list("publish_at", flat=True).first()


LISTINGS = {"sections": Listing(section_entries, "section"), "regions": Listing(region_entries, "regions")}
