"""The read API (/api/v1/): contract, visibility, filters, pagination, conditional GETs, query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article
from taxonomy.models import Region, RegionLabel, Section
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    GalleryItemFactory,
    PhotoFactory,
    RegionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def headlines(response):
    return [item["headline"] for item in results(response)]


# --- visibility ------------------------------------------------------------------------


def test_article_list_shows_published_articles(client):
    ArticleFactory(headline="Treaty signed")
    assert headlines(client.get("/api/v1/articles/")) == ["Treaty signed"]


@pytest.mark.parametrize(
    "status, publish_in",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.UNPUBLISHED, timedelta(hours=-1)),
        (Article.Status.SCHEDULED, timedelta(hours=2)),
    ],
)
def test_unpublished_articles_are_never_listed(client, status, publish_in):
    ArticleFactory(status=status, publish_at=timezone.now() + publish_in if publish_in else None)
    assert results(client.get("/api/v1/articles/")) == []


def test_unpublished_article_detail_is_404(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    assert client.get(f"/api/v1/articles/{draft.pk}/").status_code == 404


def test_unpublished_article_is_not_exported_as_ninjs(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    assert client.get(f"/api/v1/articles/{draft.pk}.ninjs").status_code == 404


def test_tags_of_drafts_are_not_listed(client):
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None, tags=["secret-merger"])
    ArticleFactory(tags=["treaty"])
    names = [tag["name"] for tag in results(client.get("/api/v1/tags/"))]
    assert names == ["treaty"]


def test_authors_without_public_articles_are_not_listed(client):
    AuthorFactory(name="Unpublished Writer")
    ArticleFactory(authors=[AuthorFactory(name="Published Writer")])
    names = [author["name"] for author in results(client.get("/api/v1/authors/"))]
    assert names == ["Published Writer"]


def test_related_and_translations_leave_out_unpublished_articles(client):
    article = ArticleFactory()
    draft_translation = ArticleFactory(
        edition="ar", translation_group=article.translation_group, status=Article.Status.DRAFT, publish_at=None
    )
    live_translation = ArticleFactory(edition="es", translation_group=article.translation_group)
    article.related.add(ArticleFactory(status=Article.Status.DRAFT, publish_at=None), live_translation)
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert [t["id"] for t in data["translations"]] == [live_translation.pk]
    assert [r["id"] for r in data["related"]] == [live_translation.pk]
    assert draft_translation.pk not in {t["id"] for t in data["translations"]}


def test_breaking_item_linking_a_draft_shows_no_article(client):
    BreakingItemFactory(article=ArticleFactory(status=Article.Status.DRAFT, publish_at=None))
    assert client.get("/api/v1/breaking/").json()[0]["article"] is None


# --- contents ----------------------------------------------------------------------------


def test_article_detail_has_body_authors_tags_source_and_photos(client):
    author = AuthorFactory(name="Rania Khalil")
    article = ArticleFactory(
        body="<p>Talks <strong>resumed</strong>.</p>",
        authors=[author],
        tags=["Water", "Diplomacy"],
        source=SourceFactory(name="Reuters"),
        hero_photo=PhotoFactory(caption="The signing", credit="AP"),
    )
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert data["body"] == "<p>Talks <strong>resumed</strong>.</p>"
    assert [a["name"] for a in data["authors"]] == ["Rania Khalil"]
    assert sorted(t["name"] for t in data["tags"]) == ["Diplomacy", "Water"]
    assert data["source"]["name"] == "Reuters"
    assert data["hero_photo"]["caption"] == "The signing"
    assert data["hero_photo"]["credit"] == "AP"
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"


def test_photo_lists_original_and_renditions_with_sizes(client):
    article = ArticleFactory(hero_photo=PhotoFactory())
    photo = client.get(f"/api/v1/articles/{article.pk}/").json()["hero_photo"]
    original = photo["renditions"][0]
    assert original["name"] == "original"
    assert (original["width"], original["height"]) == (64, 48)
    assert original["url"].startswith("http://testserver/media/photos/")
    assert all(r["url"].startswith("http://testserver/media/") for r in photo["renditions"])


def test_gallery_photos_carry_their_gallery_caption(client):
    item = GalleryItemFactory(caption="Crowds at dawn")
    data = client.get(f"/api/v1/articles/{item.article.pk}/").json()
    assert data["gallery"][0]["caption"] == "Crowds at dawn"
    assert data["gallery"][0]["photo"]["id"] == item.photo.pk


def test_section_and_region_names_follow_the_article_edition(client):
    region = RegionFactory(name="Middle East", slug="mideast-test")
    RegionLabel.objects.create(owner=region, edition="ar", name="الشرق الأوسط")
    article = ArticleFactory(edition="ar")
    article.regions.add(region)
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert data["regions"][0]["name"] == "الشرق الأوسط"
    assert data["section"]["slug"] == "politics"
    assert data["section"]["name"] == "سياسة"


def test_sections_are_a_tree_named_in_the_requested_edition(client):
    data = client.get("/api/v1/sections/?edition=es").json()
    news = next(s for s in data if s["slug"] == "news")
    assert news["name"] == "Noticias"
    assert "politics" in [child["slug"] for child in news["children"]]
    assert all(s["slug"] != "politics" for s in data)


def test_editions_list_the_three_languages_with_direction(client):
    data = client.get("/api/v1/editions/").json()
    assert {e["code"]: e["direction"] for e in data} == {"en": "ltr", "ar": "rtl", "es": "ltr"}


def test_breaking_lists_live_items_of_an_edition(client):
    BreakingItemFactory(text="Live in English")
    BreakingItemFactory(text="Live in Spanish", edition="es")
    BreakingItemFactory(
        text="Expired",
        posted_at=timezone.now() - timedelta(hours=2),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    texts = [item["text"] for item in client.get("/api/v1/breaking/?edition=en").json()]
    assert texts == ["Live in English"]


def test_most_read_ranks_articles_by_views(client):
    quiet, popular = ArticleFactory(headline="Quiet"), ArticleFactory(headline="Popular")
    client.get(f"/api/v1/articles/{quiet.pk}/")
    for _ in range(3):
        client.get(f"/api/v1/articles/{popular.pk}/")
    data = client.get("/api/v1/articles/most-read/?edition=en").json()
    assert [a["headline"] for a in data] == ["Popular", "Quiet"]


def test_most_read_needs_an_edition(client):
    response = client.get("/api/v1/articles/most-read/")
    assert response.status_code == 400
    assert "edition" in response.json()


# --- filters -----------------------------------------------------------------------------


def test_filter_by_edition(client):
    ArticleFactory(headline="English", edition="en")
    ArticleFactory(headline="Arabic", edition="ar")
    assert headlines(client.get("/api/v1/articles/?edition=ar")) == ["Arabic"]


def test_filter_by_top_level_section_includes_subsections(client):
    ArticleFactory(headline="Politics story")
    ArticleFactory(headline="Opinion piece", section=Section.objects.get(slug="opinion"))
    assert headlines(client.get("/api/v1/articles/?section=news")) == ["Politics story"]


def test_filter_by_region_kind_author_and_tag(client):
    author = AuthorFactory()
    target = ArticleFactory(headline="Target", kind=Article.Kind.ANALYSIS, authors=[author], tags=["floods"])
    target.regions.add(Region.objects.get(slug="africa"))
    ArticleFactory(headline="Other", tags=["sport"])
    query = f"?region=africa&kind=analysis&author={author.pk}&tag=floods"
    assert headlines(client.get(f"/api/v1/articles/{query}")) == ["Target"]


def test_filter_by_published_date_range(client):
    now = timezone.now()
    ArticleFactory(headline="Old", publish_at=now - timedelta(days=10))
    ArticleFactory(headline="Recent", publish_at=now - timedelta(days=1))
    since = (now - timedelta(days=2)).date().isoformat()
    assert headlines(client.get(f"/api/v1/articles/?published_after={since}")) == ["Recent"]
    assert headlines(client.get(f"/api/v1/articles/?published_before={since}")) == ["Old"]


def test_updated_since_returns_articles_changed_after_the_moment(client):
    old = ArticleFactory(headline="Unchanged")
    Article.objects.filter(pk=old.pk).update(modified_at=timezone.now() - timedelta(days=3))
    ArticleFactory(headline="Fresh")
    since = (timezone.now() - timedelta(days=1)).isoformat()
    response = client.get("/api/v1/articles/", {"updated_since": since})
    assert headlines(response) == ["Fresh"]


def test_search_text_matches_headline_and_body(client):
    ArticleFactory(headline="Floods in the delta", body="<p>Rain.</p>")
    ArticleFactory(headline="Budget", body="<p>The delta region gets funds.</p>")
    ArticleFactory(headline="Football")
    assert sorted(headlines(client.get("/api/v1/articles/?q=delta"))) == ["Budget", "Floods in the delta"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("edition=xx", "edition"),
        ("section=no-such-section", "section"),
        ("region=atlantis", "region"),
        ("kind=poem", "kind"),
        ("author=abc", "author"),
        ("author=999999", "author"),
        ("tag=no-such-tag", "tag"),
        ("published_after=notadate", "published_after"),
        ("published_before=2024-13-45", "published_before"),
        ("updated_since=yesterday", "updated_since"),
        ("cursor=junk", "cursor"),
        ("page_size=0", "page_size"),
        ("page_size=many", "page_size"),
    ],
)
def test_bad_filter_value_is_a_400_naming_the_parameter(client, query, parameter):
    ArticleFactory()
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_bad_edition_on_sections_is_a_400(client):
    response = client.get("/api/v1/sections/?edition=xx")
    assert response.status_code == 400
    assert "edition" in response.json()


# --- pagination -------------------------------------------------------------------------


def test_cursor_pagination_walks_every_article_once_newest_first(client):
    now = timezone.now()
    for hours in range(7):
        ArticleFactory(headline=f"Story {hours}", publish_at=now - timedelta(hours=hours + 1))
    seen, url = [], "/api/v1/articles/?page_size=3"
    while url:
        page = client.get(url).json()
        seen += [item["headline"] for item in page["results"]]
        url = page["next"]
    assert seen == [f"Story {n}" for n in range(7)]


def test_newly_published_story_does_not_shift_the_next_page(client):
    now = timezone.now()
    for hours in range(4):
        ArticleFactory(headline=f"Story {hours}", publish_at=now - timedelta(hours=hours + 1))
    first = client.get("/api/v1/articles/?page_size=2").json()
    ArticleFactory(headline="Breaking", publish_at=now - timedelta(minutes=1))
    second = client.get(first["next"]).json()
    assert [item["headline"] for item in second["results"]] == ["Story 2", "Story 3"]


# --- conditional GETs and caching -------------------------------------------------------


def test_article_detail_sends_etag_last_modified_and_cache_control(client):
    article = ArticleFactory()
    response = client.get(f"/api/v1/articles/{article.pk}/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert "max-age=60" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_matching_etag_gets_304_without_a_body(client):
    article = ArticleFactory()
    etag = client.get(f"/api/v1/articles/{article.pk}/")["ETag"]
    response = client.get(f"/api/v1/articles/{article.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_if_modified_since_gets_304_when_nothing_changed(client):
    article = ArticleFactory()
    last_modified = client.get(f"/api/v1/articles/{article.pk}/")["Last-Modified"]
    response = client.get(f"/api/v1/articles/{article.pk}/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_changed_article_gets_a_full_answer_despite_old_etag(client):
    article = ArticleFactory(headline="Before")
    etag = client.get(f"/api/v1/articles/{article.pk}/")["ETag"]
    article.headline = "After"
    article.save()
    response = client.get(f"/api/v1/articles/{article.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["headline"] == "After"


def test_list_answers_304_to_its_own_etag(client):
    ArticleFactory()
    etag = client.get("/api/v1/articles/")["ETag"]
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- permissions --------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_api_refuses_writes(client, method):
    article = ArticleFactory()
    response = getattr(client, method)(f"/api/v1/articles/{article.pk}/", {"headline": "Hacked"}, format="json")
    assert response.status_code == 405
    article.refresh_from_db()
    assert article.headline != "Hacked"


def test_read_api_ignores_admin_sessions_for_visibility(client, editor):
    client.force_login(editor)
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    assert results(client.get("/api/v1/articles/")) == []


# --- query counts --------------------------------------------------------------------------


def _populate(count):
    for n in range(count):
        article = ArticleFactory(hero_photo=PhotoFactory(), source=SourceFactory(), tags=[f"tag{n}", "shared"])
        article.regions.add(Region.objects.get(slug="africa"), Region.objects.get(slug="asia"))


def _count_queries(client, url):
    """Queries of a warm request (menus and labels cached) that is built, not served from the page cache."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_article_list_query_count_does_not_grow_with_content(client, uncached, django_assert_max_num_queries):
    _populate(3)
    few = _count_queries(client, "/api/v1/articles/")
    _populate(12)
    # Generous cap: middleware elsewhere may add a constant query or two per request.
    with django_assert_max_num_queries(12):
        assert len(results(client.get("/api/v1/articles/"))) == 15
    assert _count_queries(client, "/api/v1/articles/") <= few


def test_article_detail_query_count_is_bounded(client, uncached, django_assert_max_num_queries):
    article = ArticleFactory(hero_photo=PhotoFactory(), tags=["a", "b", "c"])
    GalleryItemFactory(article=article)
    article.related.add(ArticleFactory())
    few = _count_queries(client, f"/api/v1/articles/{article.pk}/")
    for _ in range(4):
        GalleryItemFactory(article=article)
    article.related.add(*[ArticleFactory() for _ in range(3)])
    article.tags.add("d", "e")
    with django_assert_max_num_queries(20):
        assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 200
    assert _count_queries(client, f"/api/v1/articles/{article.pk}/") <= few


@pytest.mark.parametrize(
    "url", ["/api/v1/sections/?edition=ar", "/api/v1/regions/", "/api/v1/tags/", "/api/v1/authors/"]
)
def test_taxonomy_endpoint_query_counts_do_not_grow_with_content(client, uncached, django_assert_max_num_queries, url):
    _populate(1)
    few = _count_queries(client, url)
    _populate(6)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    assert _count_queries(client, url) <= few
