"""What pages take from the cache rather than building: stories' cards (``fragments.cards``), the
frame's menus and footer (``{% fragment %}``).

Each is drawn once and shared by the pages that show it: a change to what it shows (a card's
headline or picture, a section's name, a fixed page) must show on the next page built, a story
leaving or joining a list must too, and a page built from cached pieces must be the page drawn
afresh, naming the same surrogate keys.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import views
from articles.models import Article
from pagecache import generations
from pages.models import FixedPage
from taxonomy.models import Section, SectionLabel
from tests.factories import ArticleFactory, LiveStoryFactory, PhotoFactory, SectionFactory, VideoFactory

pytestmark = pytest.mark.django_db
CARD_ROWS = '"region_slug"'  # only the query of the cards' own rows (``cards_by_id``) asks for it


@pytest.fixture
def stories(db):
    SectionFactory(slug="politics", name="Politics")
    earlier = timezone.now() - timedelta(hours=2)
    older = ArticleFactory(headline="Harbour reopens", hero_photo=PhotoFactory(), publish_at=earlier)
    poster = ArticleFactory(
        headline="Explainer on the treaty", video=VideoFactory(poster=PhotoFactory()), publish_at=earlier
    )
    story = ArticleFactory(headline="Ferry deal signed", hero_photo=PhotoFactory(), tags=["ferries"])
    older.tags.add("ferries")
    story.related.add(older)
    return {"story": story, "older": older, "poster": poster}


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def rebuilt(client, article):
    """The article's page built again (its cached copy made stale), with its Surrogate-Key header."""
    return rebuilt_at(client, article.get_absolute_url())


def rebuilt_at(client, path):
    generations.invalidate_paths([path])
    response = client.get(path)
    assert response["X-Page-Cache"] == "miss"
    return response


def test_a_page_built_from_cached_cards_names_the_keys_one_that_drew_them_names(client, stories):
    story = stories["story"]
    drawn = rebuilt(client, story)
    with CaptureQueriesContext(connection) as queries:
        cached = rebuilt(client, story)
    assert not [query for query in queries if CARD_ROWS in query["sql"]]
    assert sorted(cached["Surrogate-Key"].split()) == sorted(drawn["Surrogate-Key"].split())
    assert cached.content.decode().split("nonce=")[0] == drawn.content.decode().split("nonce=")[0]
    for article in (stories["older"], stories["poster"]):
        assert f"article-{article.pk}" in cached["Surrogate-Key"].split()
    assert f"photo-{stories['older'].hero_photo_id}" in cached["Surrogate-Key"].split()
    assert f"photo-{stories['poster'].video.poster_id}" in cached["Surrogate-Key"].split()


def test_a_new_headline_on_a_card_shows_on_the_next_page_built(client, uncached, stories):
    assert "Harbour reopens" in page(client, stories["story"])
    older = stories["older"]
    older.headline = "Harbour reopens after the storm"
    older.save()
    assert "Harbour reopens after the storm" in page(client, stories["story"])


def test_a_cards_new_picture_and_an_edited_one_show_on_the_next_page_built(client, uncached, stories):
    page(client, stories["story"])
    older = stories["older"]
    older.hero_photo = PhotoFactory(alt_text="Cranes over the quay")
    older.save()
    assert "Cranes over the quay" in page(client, stories["story"])
    older.hero_photo.alt_text = "Cranes over the empty quay"
    older.hero_photo.save()
    assert "Cranes over the empty quay" in page(client, stories["story"])


def test_a_renamed_section_shows_on_the_cards_of_the_next_page_built(client, uncached, stories):
    assert '<p class="card-label">Politics</p>' in page(client, stories["story"])
    section = Section.objects.get(slug="politics")
    SectionLabel.objects.update_or_create(owner=section, edition="en", defaults={"name": "Home Affairs"})
    html = page(client, stories["story"])
    assert '<p class="card-label">Home Affairs</p>' in html
    assert '<p class="card-label">Politics</p>' not in html


def test_a_story_published_in_the_section_joins_read_next_and_an_unpublished_one_leaves(client, uncached, stories):
    page(client, stories["story"])
    fresh = ArticleFactory(headline="Ferries back on schedule", publish_at=timezone.now() - timedelta(minutes=1))
    assert "Ferries back on schedule" in page(client, stories["story"])
    fresh.status = Article.Status.DRAFT
    fresh.save()
    assert "Ferries back on schedule" not in page(client, stories["story"])


def test_a_new_most_read_order_shows_on_the_next_page_built(client, uncached, stories, monkeypatch):
    older, poster = stories["older"], stories["poster"]
    monkeypatch.setattr(views, "most_read_ids", lambda edition: [older.pk, poster.pk])
    html = page(client, stories["story"])
    block = html.split('class="most-read-list"')[1]
    assert block.index(older.headline) < block.index(poster.headline)
    monkeypatch.setattr(views, "most_read_ids", lambda edition: [poster.pk, older.pk])
    block = page(client, stories["story"]).split('class="most-read-list"')[1]
    assert block.index(poster.headline) < block.index(older.headline)


def test_a_card_whose_story_changed_while_it_was_drawn_is_not_kept(client, uncached, stories, monkeypatch):
    draw = views.draw_card

    def changing(article, **options):
        generations.invalidate_keys([f"article-{article.pk}"])  # an editor saves it meanwhile
        return draw(article, **options)

    monkeypatch.setattr(views, "draw_card", changing)
    page(client, stories["story"])
    monkeypatch.setattr(views, "draw_card", draw)
    with CaptureQueriesContext(connection) as queries:
        page(client, stories["story"])
    assert any(CARD_ROWS in query["sql"] for query in queries)  # drawn again


# --- The frame: the menus and the footer (``{% fragment %}``) -----------------------------------


def menus_of(html):
    return html.split('id="site-menu"')[1].split("</header>")[0]


def test_the_menus_mark_the_page_they_are_on_from_one_shared_copy(client, uncached, stories):
    SectionFactory(slug="sport", name="Sport")
    for _round in range(2):  # drawn, then from the cache
        politics, sport = client.get("/en/politics/").content.decode(), client.get("/en/sport/").content.decode()
        assert menus_of(politics).count('aria-current="page"') == 1
        assert '<a href="/en/politics/" aria-current="page">' in menus_of(politics)
        assert '<a href="/en/sport/" aria-current="page">' in menus_of(sport)
        assert 'aria-current="page"' not in menus_of(page(client, stories["story"]))


def test_a_renamed_section_shows_in_the_menus_of_the_next_page_built(client, uncached, stories):
    assert ">Politics</a>" in menus_of(page(client, stories["story"]))
    section = Section.objects.get(slug="politics")
    SectionLabel.objects.update_or_create(owner=section, edition="en", defaults={"name": "Home Affairs"})
    assert ">Home Affairs</a>" in menus_of(page(client, stories["story"]))


def test_a_new_fixed_page_shows_in_the_footer_of_the_next_page_built(client, uncached, stories):
    assert "Work with us" not in page(client, stories["story"])
    FixedPage.objects.create(edition="en", slug="jobs", title="Work with us", body="<p>Hi</p>", position=9)
    footer = page(client, stories["story"]).split('class="site-footer"')[1]
    assert '<a href="/en/jobs/">Work with us</a>' in footer


def test_a_section_page_built_from_the_cached_frame_is_the_page_drawn_afresh(client, stories):
    drawn = rebuilt_at(client, "/en/politics/")
    cached = rebuilt_at(client, "/en/politics/")
    assert cached["Surrogate-Key"] == drawn["Surrogate-Key"]
    assert cached.content.decode().split("nonce=")[0] == drawn.content.decode().split("nonce=")[0]
    assert (
        cached.content.decode().split("</header>")[0].split("<header")[1]
        == drawn.content.decode().split("</header>")[0].split("<header")[1]
    )


def test_a_story_going_live_gets_its_badge_on_the_cards_of_the_next_page_built(client, uncached, stories):
    assert "card-live" not in page(client, stories["story"])
    LiveStoryFactory(article=stories["older"])
    assert "card-live" in page(client, stories["story"])
