"""RSS 2.0 and Atom feeds of an edition, a section, a region, a tag or an author.

Every item carries the full standfirst, its categories (section and tags), its
authors, its main photo as ``media:content`` (Media RSS) and any corrections,
and is dated by its real last modification. Only public articles appear.
"""

import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Article, Author
from editions import get_edition
from taxonomy.menus import section_family, section_label
from taxonomy.models import Region, Section

from .lastmod import last_modified
from .seo import origin

MEDIA_NS = "http://search.yahoo.com/mrss/"
FEED_SIZE = 30
SCOPES = ("section", "region", "tag", "author")


def add_media_content(handler, item):
    image = item.get("image")
    if not image:
        return
    attributes = {"url": image["url"], "medium": "image"}
    for name in ("type", "width", "height"):
        if image.get(name):
            attributes[name] = str(image[name])
    handler.startElement("media:content", attributes)
    if image.get("caption"):
        handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
    if image.get("credit"):
        handler.addQuickElement("media:credit", image["credit"])
    handler.endElement("media:content")


class MediaRssFeed(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_media_content(handler, item)


class MediaAtomFeed(feedgenerator.Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_media_content(handler, item)


@dataclass
class FeedSubject:
    """What a feed is about: a title, its page, and the articles it lists."""

    title: str
    description: str
    link: str
    articles: QuerySet
    origin: str
    feed_path: str


def subject_for(request, scope, slug):
    edition = get_language()
    public = Article.objects.public().in_edition(edition)
    site = settings.NEWSROOM_SITE_NAME
    if scope is None:
        description = _("The latest news from %(site)s") % {"site": site}
        return FeedSubject(site, description, reverse("articles:home"), public, origin(request), request.path)
    if scope == "section":
        section = get_object_or_404(Section.objects.labelled(edition), slug=slug)
        articles = public.filter(section__in=section_family(slug, edition))
        name = section.label
    elif scope == "region":
        region = get_object_or_404(Region.objects.labelled(edition), slug=slug)
        articles, name = public.filter(regions=region), region.label
    elif scope == "tag":
        tag = get_object_or_404(Tag, slug=slug)
        # Room for a few unpublished stories among the newest, as Coverage leaves.
        articles, name = public.tagged(tag, edition, newest=FEED_SIZE * 2), tag.name
    else:
        author = get_object_or_404(Author, edition=edition, slug=slug)
        articles, name = public.filter(authors=author), author.name
    page = reverse(f"articles:{scope}", kwargs={"slug": slug})
    description = _("The latest from %(name)s at %(site)s") % {"name": name, "site": site}
    return FeedSubject(f"{name} | {site}", description, page, articles, origin(request), request.path)


class ArticleFeed(Feed):
    feed_type = MediaRssFeed

    def title(self, subject):
        return subject.title

    def description(self, subject):
        return subject.description

    def subtitle(self, subject):
        return subject.description

    def link(self, subject):
        return subject.link

    def get_object(self, request, scope=None, slug=None):
        return subject_for(request, scope, slug)

    def feed_url(self, subject):
        return subject.feed_path

    def items(self, subject):
        articles = list(
            subject.articles.for_cards()
            .defer("body", "summary_points")  # items carry the standfirst, never the body
            .with_bylines()
            .prefetch_related("tags", "corrections")
            .latest()[:FEED_SIZE]
        )
        for article in articles:
            # Item methods see only the item; it carries the address of the site it is served from.
            article.feed_origin = subject.origin
        return articles

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        """The full standfirst, then every correction and update note, dated."""
        tzinfo = get_edition(article.edition).tzinfo
        notes = format_html_join(
            "",
            "<p><strong>{}</strong> ({}): {}</p>",
            (
                (c.get_kind_display(), date_format(c.created_at.astimezone(tzinfo), "DATETIME_FORMAT"), c.text)
                for c in article.corrections.all()
            ),
        )
        return format_html("<p>{}</p>{}", article.standfirst, notes)

    def item_link(self, article):
        return article.get_absolute_url()

    def item_guid(self, article):
        """A tag: URI that outlives changes of headline, slug or section."""
        host = article.feed_origin.split("://", 1)[1].split(":")[0]
        return f"tag:{host},{article.created_at:%Y-%m-%d}:article-{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return last_modified(article)

    def item_author_name(self, article):
        return article.byline_names or None

    def item_author_link(self, article):
        bylines = article.byline_list
        return article.feed_origin + bylines[0].author.get_absolute_url() if bylines else None

    def item_categories(self, article):
        # Sorted: the prefetch has no order, and a feed must not change bytes (and ETag) while its stories do not.
        return [section_label(article.section, article.edition), *sorted(tag.name for tag in article.tags.all())]

    def item_extra_kwargs(self, article):
        photo = article.hero_photo
        if not photo or not photo.image:
            return {}
        return {
            "image": {
                "url": article.feed_origin + photo.image.url,
                "type": mimetypes.guess_type(photo.image.name)[0],
                "width": photo.width,
                "height": photo.height,
                "caption": photo.caption or photo.alt_text,
                "credit": photo.credit,
            }
        }


class AtomArticleFeed(ArticleFeed):
    feed_type = MediaAtomFeed
