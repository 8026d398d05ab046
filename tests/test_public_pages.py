"""The public site's pages: what readers see, in LTR and RTL editions, in bounded queries."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from pagecache import generations
from readership.popularity import record_view
from taxonomy import menus
from taxonomy.models import SectionLabel
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory
from tests.site_content import build_edition

PAGE_TYPES = [
    "home", "article", "gallery", "video", "opinion", "infograph", "section", "parent_section", "pictures",
    "videos", "infographs", "region", "tag", "author", "authors", "live", "about", "privacy", "contact",
]  # fmt: skip
# Ceilings per page type, the same for small and large content: they must not grow
# with the number of tags, authors, photos or related stories. Article pages
# include the SEO head and corrections (discovery app), which bring their own queries.
MAX_QUERIES = {"home": 20, "article": 24, "gallery": 20, "video": 20, "opinion": 20, "infograph": 20}
LISTING_MAX_QUERIES = 8


def text(response):
    return response.content.decode()


@pytest.fixture
def en_site(db):
    return build_edition("en")


@pytest.fixture
def ar_site(db):
    return build_edition("ar")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_renders_in_english(client, en_site, page_type):
    response = client.get(en_site["urls"][page_type])
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in text(response)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_renders_right_to_left_in_arabic(client, ar_site, page_type):
    response = client.get(ar_site["urls"][page_type])
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in text(response)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_query_count_does_not_grow_with_tags_authors_photos_or_related(
    client, db, uncached, django_assert_max_num_queries, page_type
):
    ceiling = MAX_QUERIES.get(page_type, LISTING_MAX_QUERIES)
    for edition, size in [("en", 1), ("es", 6)]:
        url = build_edition(edition, size=size)["urls"][page_type]
        client.get(url)  # fills the menu cache, as on any running site
        with django_assert_max_num_queries(ceiling):
            assert client.get(url).status_code == 200


def test_header_has_menus_regions_editions_and_live_link(client, en_site):
    html = text(client.get("/en/"))
    for label in ["News", "Politics", "Articles", "Opinion", "Videos", "Explainers", "Infographs", "In Pictures"]:
        assert f">{label}</a>" in html
    assert 'href="/en/live/"' in html
    assert 'href="/en/region/asia/"' in html
    assert 'hreflang="ar"' in html
    assert 'hreflang="es"' in html


def test_menus_use_the_edition_names(client, ar_site):
    assert ">سياسة</a>" in text(client.get("/ar/"))


def test_menus_are_cached_and_refreshed_when_a_label_changes(client, en_site, uncached, django_assert_max_num_queries):
    client.get("/en/about/")
    with django_assert_max_num_queries(0):
        client.get("/en/about/")
    label = SectionLabel.objects.get(owner__slug="politics", edition="en")
    label.name = "Power"
    label.save()
    assert ">Power</a>" in text(client.get("/en/about/"))


def test_menus_are_held_for_one_request_only(client, en_site, uncached):
    # Another worker's invalidation reaches only the shared cache: no copy may outlive a request.
    client.get("/en/about/")
    SectionLabel.objects.filter(owner__slug="politics", edition="en").update(name="Power")
    cache.delete(menus.cache_key("en"))
    generations.invalidate(["en"])  # as a save does: the edition's pages, and its frame (fragments)
    assert ">Power</a>" in text(client.get("/en/about/"))
    assert menus.menus_for("en") is not menus.menus_for("en")  # outside a request, read afresh


def test_footer_links_to_static_pages_authors_and_apps(client, en_site):
    html = text(client.get("/en/"))
    for slug in ["privacy", "about", "contact"]:
        assert f'href="{reverse("pages:page", kwargs={"slug": slug})}"' in html
    assert f'href="{reverse("articles:authors")}"' in html
    assert ">Android</a>" in html
    assert ">iOS</a>" in html


def test_home_shows_lead_story_section_blocks_pictures_videos_and_opinion(client, en_site):
    older = timezone.now() - timedelta(days=1)
    for _ in range(3):
        ArticleFactory(publish_at=older)  # beyond the top stories, so they fill the section blocks
    html = text(client.get("/en/"))
    assert 'class="lead-story"' in html
    assert en_site["article"].headline in html
    assert 'id="pictures-heading"' in html
    assert 'id="videos-heading"' in html
    assert 'id="opinion-heading"' in html
    assert 'class="section-block"' in html


def test_article_shows_byline_with_linked_authors_and_source(client, en_site):
    article = en_site["article"]
    html = text(client.get(article.get_absolute_url()))
    author = article.bylines.first().author
    assert f'By <a href="{author.get_absolute_url()}">{author.name}</a>' in html
    assert "Source: Agencies" in html


def test_article_shows_hero_caption_and_credit(client, en_site):
    html = text(client.get(en_site["article"].get_absolute_url()))
    assert '<figcaption>Delegates arrive for the signing. <span class="credit">(AP)</span></figcaption>' in html


def test_article_hero_is_a_responsive_picture_with_dimensions(client, en_site):
    html = text(client.get(en_site["article"].get_absolute_url()))
    hero = re.search(r'<figure class="hero">(.*?)</figure>', html, re.S).group(1)
    assert '<source type="image/webp" srcset="' in hero
    assert "320w" in hero and "960w" in hero and "1000w" in hero
    assert "1280w" not in hero  # the original is 1000 px wide: never upscaled
    assert re.search(r'<img src="[^"]+" alt="Delegates walking into a conference hall" width="\d+" height="\d+"', hero)


def test_article_shows_publish_time_in_the_edition_time_zone(client, db):
    article = ArticleFactory(edition="ar", publish_at=datetime(2026, 3, 26, 21, 32, tzinfo=UTC))
    html = text(client.get(article.get_absolute_url()))
    # Beirut is UTC+2 in March: 23:32 local time, in Arabic-Indic digits.
    assert "٢٣:٣٢" in html
    assert 'datetime="2026-03-26T23:32:00+02:00"' in html


def test_article_shows_updated_time_only_when_changed(client, db):
    unchanged = ArticleFactory()
    changed = ArticleFactory(updated_at=timezone.now())
    assert "Updated" not in text(client.get(unchanged.get_absolute_url()))
    assert "Updated" in text(client.get(changed.get_absolute_url()))


def test_article_shows_share_count_and_read_time(client, db):
    article = ArticleFactory(body="<p>" + "word " * 450 + "</p>")
    Article.objects.filter(pk=article.pk).update(share_count=1234)
    html = text(client.get(article.get_absolute_url()))
    assert "1,234 Shares" in html
    assert "3 min read" in html


def test_share_buttons_are_plain_links_without_third_party_scripts(client, en_site):
    html = text(client.get(en_site["article"].get_absolute_url()))
    for network in ["x", "facebook", "whatsapp", "telegram"]:  # through our counting redirect (tests/test_shares.py)
        assert f'href="/share/{network}/{en_site["article"].pk}/"' in html
    assert "data-copy-link" in html
    for src in re.findall(r'<script[^>]* src="([^"]+)"', html):
        assert src.startswith("/static/")
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        assert href.startswith("/static/")


def test_article_body_has_read_more_links_to_related_articles(client, en_site):
    article = en_site["article"]
    related = article.related.first()
    html = text(client.get(article.get_absolute_url()))
    assert f'<strong>Read more:</strong> <a href="{related.get_absolute_url()}">{related.headline}</a>' in html


def test_article_body_images_load_lazily_as_renditions(client, en_site):
    html = text(client.get(en_site["article"].get_absolute_url()))
    body = html[html.index('class="article-body"') :]
    assert '<source type="image/webp" srcset="/media/renditions/' in body
    assert 'loading="lazy" decoding="async"' in body


def test_unpublished_related_article_is_not_linked(client, en_site):
    article = en_site["article"]
    hidden = ArticleFactory(status=Article.Status.DRAFT, headline="Secret draft")
    article.related.add(hidden)
    assert "Secret draft" not in text(client.get(article.get_absolute_url()))


def test_article_links_its_tags(client, en_site):
    html = text(client.get(en_site["article"].get_absolute_url()))
    assert 'href="/en/tag/treaty-en/" rel="tag"' in html


def test_coverage_lists_stories_on_the_main_tag_and_the_five_point_summary(client, en_site):
    article = en_site["article"]
    html = text(client.get(article.get_absolute_url()))
    coverage = re.search(r'<section class="wrap coverage".*?</section>', html, re.S).group(0)
    assert article.related.first().headline in coverage
    assert coverage.count("<li>") == 5
    assert "In Five" in coverage


def test_in_five_tab_is_absent_without_a_summary(client, db):
    article = ArticleFactory(tags=["solo"])
    ArticleFactory(tags=["solo"])
    assert "In Five" not in text(client.get(article.get_absolute_url()))


def test_read_next_shows_other_stories_of_the_section(client, en_site):
    article = en_site["article"]
    html = text(client.get(article.get_absolute_url()))
    read_next = re.search(r'<section class="wrap read-next".*?</section>', html, re.S).group(0)
    assert article.related.first().headline in read_next
    assert article.headline not in read_next


def test_most_read_lists_the_most_viewed_articles(client, en_site):
    popular = en_site["video"]
    for _ in range(3):
        record_view(popular)
    html = text(client.get(en_site["article"].get_absolute_url()))
    most_read = re.search(r'<aside class="side-block most-read".*?</aside>', html, re.S).group(0)
    assert popular.headline in most_read


def test_reading_an_article_counts_a_view(client, en_site):
    from readership.popularity import view_counts

    client.get(en_site["article"].get_absolute_url())
    assert view_counts("en")[en_site["article"].pk] == 1


def test_gallery_article_shows_every_photo_with_caption(client, en_site):
    html = text(client.get(en_site["gallery"].get_absolute_url()))
    assert html.count("data-gallery-slide") == 3
    assert "1 / 3" in html
    assert "Delegates arrive for the summit." in html


def test_video_article_loads_no_third_party_frame_until_asked(client, en_site):
    html = text(client.get(en_site["video"].get_absolute_url()))
    assert "<iframe" not in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/abc123"' in html


def test_live_page_shows_breaking_items_and_new_articles(client, en_site):
    html = text(client.get("/en/live/"))
    assert "Minister: talks resume on Monday" in html
    assert en_site["article"].headline in html


def test_live_page_embeds_the_configured_stream_behind_a_facade(client, en_site, settings):
    settings.NEWSROOM_LIVE_STREAMS = {"en": "https://www.youtube-nocookie.com/embed/live123"}
    html = text(client.get("/en/live/"))
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/live123"' in html
    assert "<iframe" not in html


def test_author_page_shows_bio_and_articles(client, en_site):
    author = en_site["article"].bylines.first().author
    html = text(client.get(author.get_absolute_url()))
    assert "Covers politics and the economy." in html
    assert en_site["article"].headline in html


def test_authors_page_lists_the_edition_authors_only(client, en_site):
    AuthorFactory(edition="ar", name="كاتب عربي")
    html = text(client.get("/en/authors/"))
    assert en_site["article"].bylines.first().author.name in html
    assert "كاتب عربي" not in html


def test_parent_section_lists_articles_of_its_subsections(client, en_site):
    assert en_site["article"].headline in text(client.get("/en/news/"))


def test_listing_pages_are_paginated(client, db):
    for _ in range(25):
        ArticleFactory()
    first = text(client.get("/en/politics/"))
    assert 'href="?page=2"' in first
    assert client.get("/en/politics/?page=2").status_code == 200


def test_listings_go_back_a_bounded_number_of_pages(client, db, monkeypatch, uncached):
    # Counting stops at the last page shown, so a page costs the same with any archive.
    monkeypatch.setattr("articles.paginators.MAX_PAGES", 2)
    for _ in range(45):
        ArticleFactory()
    assert client.get("/en/politics/?page=2").status_code == 200
    assert client.get("/en/politics/?page=3").status_code == 404
    assert client.get("/en/politics/?page=last").context["page"].number == 2


@pytest.mark.parametrize("page", ["abc", "999999", "0", "-1", "1.5", "9" * 40])
def test_junk_page_numbers_give_404(client, db, page):
    ArticleFactory()
    assert client.get(f"/en/politics/?page={page}").status_code == 404


def test_last_page_keyword_gives_the_last_page(client, db):
    ArticleFactory()
    assert client.get("/en/politics/?page=last").status_code == 200


@pytest.mark.parametrize(
    "path", ["/en/politics/" + "a" * 600 + "/", "/en/" + "b" * 600 + "/", "/en/tag/" + "c" * 600 + "/"]
)
def test_over_long_slugs_give_404(client, db, path):
    assert client.get(path).status_code == 404


def test_article_under_the_wrong_section_redirects_to_its_address(client, db):
    article = ArticleFactory()
    response = client.get(f"/en/economy/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_draft_and_scheduled_articles_are_not_shown(client, db):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    future = ArticleFactory(status=Article.Status.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404


def test_article_page_names_its_translation_as_the_alternate_in_that_edition(client, db):
    english = ArticleFactory()
    arabic = ArticleFactory(edition="ar", translation_group=english.translation_group)
    html = text(client.get(english.get_absolute_url()))
    pattern = 'hreflang="ar" href="[^"]*' + re.escape(arabic.get_absolute_url()) + '"'
    assert re.search(pattern, html)


def test_not_found_page_uses_the_edition_language_and_layout(client, db):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in text(response)
    assert 'class="site-header"' in text(response)


def test_server_error_page_needs_no_database(rf, db, django_assert_num_queries):
    from articles.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert 'href="/en/"' in text(response)


def test_cards_show_photos_lazily_below_the_fold(client, db):
    for _ in range(3):
        ArticleFactory(hero_photo=PhotoFactory())
    html = text(client.get("/en/politics/"))
    assert 'loading="lazy"' in html


def test_cache_is_cleared_between_tests():
    assert cache.get(menus.cache_key("en")) is None


def test_home_shows_pictures_and_videos_once_as_strips_not_section_blocks(client, en_site):
    html = text(client.get("/en/"))
    assert 'id="block-in-pictures"' not in html
    assert 'id="block-videos"' not in html
    assert html.count(en_site["gallery"].headline) == 1


@pytest.mark.parametrize(
    ("edition", "phrase"),
    [("ar", "لم نعثر على هذه الصفحة"), ("es", "No encontramos esa página"), ("en", "We could not find that page")],
)
def test_not_found_page_speaks_the_edition_language(client, db, edition, phrase):
    assert phrase in text(client.get(f"/{edition}/no-such-page/"))


def test_article_labels_are_translated_in_the_arabic_edition(client, ar_site):
    html = text(client.get(ar_site["article"].get_absolute_url()))
    assert "بقلم" in html
    assert "الأكثر قراءة" in html or "اقرأ التالي" in html


@pytest.mark.django_db
def test_read_more_links_go_between_the_articles_own_paragraphs_not_inside_quotes(client):
    related = ArticleFactory(headline="Earlier: the first round of talks")
    body = (
        "<p>One.</p><p>Two.</p><blockquote><p>Quoted three.</p><p>Quoted four.</p></blockquote>"
        "<p>Three.</p><p>Four.</p>"
    )
    article = ArticleFactory(body=body)
    article.related.add(related)
    html = text(client.get(article.get_absolute_url()))
    body_html = html[html.index('class="article-body"') :]
    quote = body_html[body_html.index("<blockquote>") : body_html.index("</blockquote>")]
    assert "Read more:" not in quote
    assert '<p>Three.</p><p class="read-more"><strong>Read more:</strong>' in body_html


def test_home_section_blocks_come_from_the_newest_stories_only(db):
    from taxonomy.models import Section

    economy, politics = Section.objects.get(slug="economy"), Section.objects.get(slug="politics")
    ArticleFactory(section=economy, publish_at=timezone.now() - timedelta(days=3))  # outside the window
    newest = [ArticleFactory(section=politics, publish_at=timezone.now() - timedelta(hours=h)) for h in (1, 2, 3)]
    ArticleFactory(section=politics, status=Article.Status.DRAFT)  # not public: not in the window either
    root = politics.parent_id or politics.pk
    public = Article.objects.public().in_edition("en")
    blocks = public.section_block_ids(exclude=[newest[0].pk], size=4, window=3)
    assert blocks == {root: [newest[1].pk, newest[2].pk]}
    assert public.section_block_ids(exclude=[], size=4, window=3) == {root: [article.pk for article in newest]}
