"""What discovery keeps beside the content: search text per article and a tally of each edition's
articles per month for the sitemaps.

All of it is derived data, rebuilt from the articles when they are
saved (``discovery.signals``) and by the ``rebuild_search_index`` and
``rebuild_sitemap_months`` commands, so nothing here
is ever edited by hand.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class SearchDocument(models.Model):
    """An article's words as the search engine indexes them.

    On PostgreSQL ``vector`` holds the weighted tsvector (headline, then tags
    and standfirst, then body) made with the edition's text-search
    configuration, with a GIN index created by migration 0002. On SQLite the
    column stays empty (SQLite stores it as plain text) and the same words
    live in the FTS5 table ``discovery_fts``, made by the same migration.
    ``text`` is the plain-text standfirst and body that result snippets are
    cut from. ``edition`` and ``publish_at`` are copied from the article so
    that a search can take the newest matches from one index, however many
    there are (``search.matching``). Visibility is never stored here: searches
    start from ``Article.objects.public()``.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    text = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    edition = models.CharField(max_length=8, blank=True, editable=False)
    publish_at = models.DateTimeField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["edition", "-publish_at", "-article"], name="search_document_latest")]

    def __str__(self):
        return str(self.article_id)


class SitemapMonth(models.Model):
    """One edition's articles published in one calendar month (UTC), as its article sitemap shows them.

    The sitemap index lists a sitemap per month and dates each by its latest
    change; reading those from this tally keeps the index one small query
    however large the archive (``discovery.sitemaps``). ``articles`` and
    ``last_modified`` cover what readers could see when the row was counted;
    ``pending_from`` is the earliest publish time in the month still to come
    then, so the index recounts the month once that time has passed (a
    scheduled article goes live without a save).
    """

    edition = models.CharField(max_length=8)
    month = models.DateField(help_text="The first day of the month.")
    articles = models.PositiveIntegerField(default=0)
    last_modified = models.DateTimeField(null=True)
    pending_from = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("sitemap month")
        verbose_name_plural = _("sitemap months")
        constraints = [models.UniqueConstraint(fields=["edition", "month"], name="unique_sitemap_month")]

    def __str__(self):
        return f"{self.edition} {self.month:%Y-%m}"
