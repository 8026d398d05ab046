"""Every kind of public page and API answer costs the same queries with a little content or a lot.

The page cache is off here: this is what a cache miss costs. Each address is
fetched once to fill the shared caches (menus, ticker, Most Read), then counted;
then the site grows (more stories, each with more tags, authors, regions,
photos, gallery pictures, corrections and related stories) and it is counted
again. The two counts must be equal, and under a fixed ceiling.
"""

from datetime import UTC

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction
from fragments import cards
from readership import popularity
from taxonomy.models import Region
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    GalleryItemFactory,
    PhotoFactory,
    RegionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# No public page or API answer may need more, however much it shows; pages stay under 25.
CEILING = 30
# The article page on a miss: the story, its bylines, tags and corrections; the ids of its coverage,
# Read Next, read-more links, translations and Most Read; every picture's renditions; the social
# crops. A gallery adds its pictures. Cards not in the cache yet (``articles.cards``) add one query.
ARTICLE_QUERIES = 7
# Reads of the shared cache per page (menus, ticker, Most Read, time boundaries...).
CACHE_READ_CEILING = 10


def urls(story, gallery):
    return {
        "home": "/en/",
        "section": "/en/news/",
        "subsection": "/en/politics/",
        "region": "/en/region/east-africa/",
        "tag": "/en/tag/ferries/",
        "author": "/en/author/amina-said/",
        "authors": "/en/authors/",
        "article": story.get_absolute_url(),
        "gallery": gallery.get_absolute_url(),
        "live": "/en/live/",
        "search": "/en/search/?q=ferry",
        "rss": "/en/feeds/rss.xml",
        "atom": "/en/feeds/atom.xml",
        "section feed": "/en/feeds/section/politics/rss.xml",
        "tag feed": "/en/feeds/tag/ferries/rss.xml",
        "sitemap index": "/sitemap.xml",
        "articles sitemap": f"/sitemap-articles-en-{story.publish_at.astimezone(UTC):%Y-%m}.xml",
        "news sitemap": "/sitemap-news-en.xml",
        "ticker": "/en/breaking.json",
        "api articles": "/api/v1/articles/?edition=en",
        "api article": f"/api/v1/articles/{story.pk}/",
        "api tags": "/api/v1/tags/",
        "api authors": "/api/v1/authors/?edition=en",
        "api sections": "/api/v1/sections/",
        "api regions": "/api/v1/regions/",
        "api breaking": "/api/v1/breaking/?edition=en",
        "api most read": "/api/v1/articles/most-read/?edition=en",
    }


def story_with_everything(author, region, photo, **fields):
    article = ArticleFactory(authors=[author], tags=["ferries"], hero_photo=photo, **fields)
    article.regions.add(region)
    return article


@pytest.fixture
def site(db, uncached):
    """One of everything a page can show (so no box is empty), to compare with much more of it."""
    news = SectionFactory(slug="news", name="News")
    politics = SectionFactory(slug="politics", name="Politics")
    politics.parent = news
    politics.save()
    author = AuthorFactory(slug="amina-said", name="Amina Said")
    region = RegionFactory(slug="east-africa", name="East Africa")
    photo = PhotoFactory()
    story = story_with_everything(author, region, photo, headline="Ferry deal signed", section=politics)
    Correction.objects.create(article=story, text="An earlier version misnamed the port.")
    related = story_with_everything(author, region, photo, headline="Ferry fares rise", section=politics)
    story.related.add(related)
    story_with_everything(author, region, photo, headline="Ferries: a view", kind=Article.Kind.OPINION)
    gallery = story_with_everything(author, region, photo, headline="Ferry in pictures", kind=Article.Kind.GALLERY)
    GalleryItemFactory(article=gallery, photo=photo)
    BreakingItemFactory(text="Ferry service suspended")
    for article in (story, related, gallery):
        popularity.record_view(article)
    return {"story": story, "gallery": gallery, "author": author, "region": region, "politics": politics}


def grow(site):
    """Thirty more stories with more of everything, and more of it on the measured ones."""
    authors = [site["author"], *(AuthorFactory() for _ in range(3))]
    regions = [site["region"], *(RegionFactory() for _ in range(2))]
    photos = [PhotoFactory() for _ in range(3)]
    others = []
    for number in range(30):
        article = ArticleFactory(
            headline=f"Ferry route {number} reopens",
            authors=authors[: 1 + number % 4],
            tags=["ferries", f"route-{number}", "harbours"],
            hero_photo=photos[number % 3],
            section=site["politics"],
            kind=Article.Kind.OPINION if number % 5 == 0 else Article.Kind.NEWS,
        )
        article.regions.add(*regions[: 1 + number % 3])
        Correction.objects.create(article=article, text="An earlier version misstated the route.")
        popularity.record_view(article)
        others.append(article)
    story, gallery = site["story"], site["gallery"]
    # Tags other stories carry too, so whichever comes first (the main tag) has coverage to show.
    story.tags.add("harbours", "route-1", "route-2")
    story.regions.add(*Region.objects.all())
    story.related.add(*others[:5])
    for photo in photos:
        GalleryItemFactory(article=gallery, photo=photo)
    for _ in range(5):
        BreakingItemFactory()


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_every_public_page_costs_the_same_queries_with_little_or_much_content(client, site):
    addresses = urls(site["story"], site["gallery"])
    small = {name: count(client, url) for name, url in addresses.items()}
    grow(site)
    large = {name: count(client, url) for name, url in addresses.items()}
    assert large == small
    assert max(large.values()) <= CEILING, large


def test_an_article_page_with_everything_on_it_costs_eight_queries(client, site):
    story = site["story"]
    assert count(client, story.get_absolute_url()) == ARTICLE_QUERIES
    grow(site)
    assert count(client, story.get_absolute_url()) == ARTICLE_QUERIES
    assert count(client, site["gallery"].get_absolute_url()) == ARTICLE_QUERIES + 1


def test_an_article_page_whose_cards_are_not_cached_costs_one_query_more(client, site, monkeypatch):
    url = site["story"].get_absolute_url()
    client.get(url)
    monkeypatch.setattr(cards, "VERSION", cards.VERSION + 1)  # none of them in the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == ARTICLE_QUERIES + 1


def cache_reads(client, url, monkeypatch):
    """How many reads of the shared cache (one round trip each on Redis) the page makes.

    A ``get_many`` is one read, as on Redis, although the local backend asks ``get`` for each key.
    """
    client.get(url)
    backend = caches["default"]
    reads = []
    inside = []
    get, get_many = backend.get, backend.get_many

    def counted_get(*args, **kwargs):
        if not inside:
            reads.append(args)
        return get(*args, **kwargs)

    def counted_get_many(*args, **kwargs):
        reads.append(args)
        inside.append(True)
        try:
            return get_many(*args, **kwargs)
        finally:
            inside.pop()

    with monkeypatch.context() as patch:
        patch.setattr(backend, "get", counted_get)
        patch.setattr(backend, "get_many", counted_get_many)
        client.get(url)
    return len(reads)


def test_every_public_page_reads_the_cache_the_same_number_of_times_with_little_or_much_content(
    client, site, monkeypatch
):
    # Menus and labels are read once per request, not once per card.
    addresses = urls(site["story"], site["gallery"])
    small = {name: cache_reads(client, url, monkeypatch) for name, url in addresses.items()}
    grow(site)
    large = {name: cache_reads(client, url, monkeypatch) for name, url in addresses.items()}
    assert large == small
    assert max(large.values()) <= CACHE_READ_CEILING, large
