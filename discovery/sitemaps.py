"""Sitemaps: per-edition articles (split in pages), sections, regions, tags, authors and Google News.

``/sitemap.xml`` is the index; each section below is one ``/sitemap-<name>.xml``
(paged with ``?p=`` when it passes ``limit``). Only public articles appear, and
``lastmod`` is the real modification time (see ``lastmod``).
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles.editions import edition_codes
from articles.models import Article, Author, Region, Section

from .lastmod import with_last_modified

NEWS_PREFIX = "news-"
NEWS_WINDOW = timedelta(hours=48)
# Google accepts 50,000 URLs per sitemap; smaller files are quicker to build and to fetch.
ARTICLES_PER_SITEMAP = 10_000
NEWS_MAX_URLS = 1_000


def built_once(items):
    """Django's index asks a sitemap for its items twice (to date it, then to count its pages): build them once.

    ``sitemaps()`` makes new sitemap objects for every request, so nothing outlives it.
    """

    @wraps(items)
    def once(self):
        if not hasattr(self, "_built_items"):
            self._built_items = items(self)
        return self._built_items

    return once


class ImageSitemap(Sitemap):
    """A sitemap whose entries may list images (Google's image-sitemap extension)."""

    def image_urls(self, item):
        return []

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            url["images"] = [origin + path for path in self.image_urls(url["item"])]
        return urls


class ArticleSitemap(ImageSitemap):
    limit = ARTICLES_PER_SITEMAP

    def __init__(self, edition):
        self.edition = edition

    def public(self):
        return Article.objects.public().in_edition(self.edition)

    def items(self):
        return (
            with_last_modified(self.public())
            .select_related("section", "hero_photo")
            .defer("body", "summary_points", "standfirst")  # a sitemap shows none of them
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, article):
        return article.last_modified

    def get_latest_lastmod(self):
        # The latest of every article's last change is the latest of each kind of change
        # (publish times are never empty here), without a correction lookup per article.
        latest = self.public().aggregate(Max("publish_at"), Max("updated_at"), Max("corrections__created_at"))
        return max((moment for moment in latest.values() if moment is not None), default=None)

    def image_urls(self, article):
        return [article.hero_photo.image.url] if article.hero_photo_id and article.hero_photo.image else []


class NewsSitemap(ArticleSitemap):
    """Google News: the edition's articles of the last 48 hours, newest first."""

    limit = NEWS_MAX_URLS

    def public(self):
        return super().public().filter(publish_at__gte=timezone.now() - NEWS_WINDOW)

    def items(self):
        return super().items()[:NEWS_MAX_URLS]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["news"] = {
                "name": settings.NEWSROOM_SITE_NAME,
                "language": self.edition,
                "publication_date": url["item"].publish_at,
                "title": url["item"].headline,
            }
        return urls


class TaxonomySitemap(Sitemap):
    """Listing pages (section or region) in every edition, dated by their newest article."""

    model = None
    filter_name = None

    def newest_by_term(self):
        rows = (
            Article.objects.public()
            .filter(**{f"{self.filter_name}__isnull": False})
            .values("edition", self.filter_name)
            .annotate(newest=Max("publish_at"))
        )
        return {(row["edition"], row[self.filter_name]): row["newest"] for row in rows}

    @built_once
    def items(self):
        newest = self.newest_by_term()
        return [
            (code, term, self.term_lastmod(newest, code, term))
            for term in self.model.objects.order_by("pk")
            for code in edition_codes()
        ]

    def term_lastmod(self, newest, code, term):
        return newest.get((code, term.pk))

    def location(self, item):
        code, term, _lastmod = item
        with override(code):
            return term.get_absolute_url()

    def lastmod(self, item):
        return item[2]


class SectionSitemap(TaxonomySitemap):
    model = Section
    filter_name = "section"

    def term_lastmod(self, newest, code, section):
        # A top-level section lists its subsections' articles too.
        covered = {section.pk, *self.children.get(section.pk, ())}
        times = [time for (edition, section_id), time in newest.items() if edition == code and section_id in covered]
        return max(times, default=None)

    @built_once
    def items(self):
        self.children = {}
        for child_id, parent_id in Section.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
            self.children.setdefault(parent_id, set()).add(child_id)
        return super().items()


class RegionSitemap(TaxonomySitemap):
    model = Region
    filter_name = "regions"


class TagSitemap(Sitemap):
    """Tag pages of each edition that have public articles there."""

    @built_once
    def items(self):
        return list(
            Article.objects.public()
            .filter(tags__isnull=False)
            .values("edition", "tags__slug")
            .annotate(newest=Max("publish_at"))
            .order_by("edition", "tags__slug")
        )

    def location(self, row):
        with override(row["edition"]):
            return reverse("articles:tag", kwargs={"slug": row["tags__slug"]})

    def lastmod(self, row):
        return row["newest"]


class AuthorSitemap(Sitemap):
    """Author pages with at least one public article."""

    @built_once
    def items(self):
        return (
            Author.objects.filter(Q(articles__in=Article.objects.public()))
            .annotate(newest=Max("articles__publish_at"))
            .order_by("edition", "slug")
        )

    def lastmod(self, author):
        return author.newest


def sitemaps():
    """Every sitemap of the index, by section name (``/sitemap-<name>.xml``)."""
    found = {}
    for code in edition_codes():
        found[f"articles-{code}"] = ArticleSitemap(code)
    found["sections"] = SectionSitemap()
    found["regions"] = RegionSitemap()
    found["tags"] = TagSitemap()
    found["authors"] = AuthorSitemap()
    for code in edition_codes():
        found[f"{NEWS_PREFIX}{code}"] = NewsSitemap(code)
    return found
