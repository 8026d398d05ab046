"""What readers get: the ticker on every page and /<edition>/breaking.json, cached with ETags."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.html import escape

from articles.models import Article
from breaking.models import BreakingItem
from breaking.ticker import get_ticker
from tests.factories import ArticleFactory, BreakingItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]


def poll(client, edition="en", etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(f"/{edition}/breaking.json", headers=headers)


def texts(response):
    return [item["text"] for item in json.loads(response.content)["items"]]


# --- The JSON feed ------------------------------------------------------------------


def test_feed_shows_live_items_urgent_first(client):
    BreakingItemFactory(text="Talks resume on Monday", posted_at=timezone.now() - timedelta(minutes=5))
    BreakingItemFactory(
        text="Earthquake hits the coast",
        priority=BreakingItem.Priority.URGENT,
        posted_at=timezone.now() - timedelta(minutes=30),
    )
    BreakingItemFactory(text="Newest normal item")
    response = poll(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert texts(response) == ["Earthquake hits the coast", "Newest normal item", "Talks resume on Monday"]


def test_feed_never_shows_another_editions_items(client):
    BreakingItemFactory(text="English item", edition="en")
    BreakingItemFactory(text="خبر عاجل", edition="ar")
    assert texts(poll(client, "ar")) == ["خبر عاجل"]
    assert texts(poll(client, "en")) == ["English item"]


def test_feed_leaves_out_switched_off_and_expired_items(client):
    BreakingItemFactory(text="Off", is_active=False)
    BreakingItemFactory(
        text="Gone", posted_at=timezone.now() - timedelta(hours=7), expires_at=timezone.now() - timedelta(hours=1)
    )
    assert texts(poll(client)) == []


def test_feed_splits_the_attribution_and_marks_urgent_items(client):
    BreakingItemFactory(
        text="Taiwan’s President: Taiwan will adopt a self-defense strategy.", priority=BreakingItem.Priority.URGENT
    )
    item = json.loads(poll(client).content)["items"][0]
    assert item["attribution"] == "Taiwan’s President"
    assert item["statement"] == "Taiwan will adopt a self-defense strategy."
    assert item["urgent"] is True


def test_feed_links_a_public_article(client):
    article = ArticleFactory()
    BreakingItemFactory(article=article)
    assert json.loads(poll(client).content)["items"][0]["url"] == article.get_absolute_url()


def test_feed_does_not_link_an_article_readers_cannot_see(client):
    BreakingItemFactory(article=ArticleFactory(status=Article.Status.DRAFT))
    assert json.loads(poll(client).content)["items"][0]["url"] is None


def test_feed_carries_etag_and_cache_control(client):
    BreakingItemFactory()
    response = poll(client)
    assert response["ETag"].startswith('"')
    assert "public" in response["Cache-Control"]
    assert "max-age=5" in response["Cache-Control"]


def test_unchanged_poll_answers_304_with_the_same_etag(client):
    BreakingItemFactory()
    etag = poll(client)["ETag"]
    response = poll(client, etag=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_warm_poll_does_not_touch_the_database(client, django_assert_num_queries):
    BreakingItemFactory()
    etag = poll(client)["ETag"]
    with django_assert_num_queries(0):
        assert poll(client, etag=etag).status_code == 304
    with django_assert_num_queries(0):
        assert poll(client).status_code == 200


def test_posting_an_item_changes_the_etag_at_once(client):
    BreakingItemFactory(text="First")
    etag = poll(client)["ETag"]
    BreakingItemFactory(text="Second")
    response = poll(client, etag=etag)
    assert response.status_code == 200
    assert texts(response) == ["Second", "First"]


def test_expiring_an_item_removes_it_at_once(client):
    item = BreakingItemFactory(text="Soon gone")
    etag = poll(client)["ETag"]
    item.expire()
    response = poll(client, etag=etag)
    assert response.status_code == 200
    assert texts(response) == []


def test_switching_an_item_off_removes_it_at_once(client):
    item = BreakingItemFactory(text="Switched off")
    poll(client)
    item.is_active = False
    item.save()
    assert texts(poll(client)) == []


def test_deleting_an_item_removes_it_at_once(client):
    item = BreakingItemFactory(text="Deleted")
    poll(client)
    item.delete()
    assert texts(poll(client)) == []


def test_an_item_drops_out_when_it_expires_without_any_write(client):
    with time_machine.travel("2026-03-01 12:00:00+00:00", tick=False) as traveller:
        BreakingItemFactory(text="Short-lived", expires_at=timezone.now() + timedelta(minutes=30))
        BreakingItemFactory(text="Long-lived")
        etag = poll(client)["ETag"]
        assert poll(client, etag=etag).status_code == 304
        traveller.move_to("2026-03-01 12:30:01+00:00")
        response = poll(client, etag=etag)
    assert response.status_code == 200
    assert texts(response) == ["Long-lived"]


def test_cached_ticker_stores_the_next_expiry():
    with time_machine.travel("2026-03-01 12:00:00+00:00", tick=False):
        first = BreakingItemFactory(expires_at=timezone.now() + timedelta(minutes=30))
        BreakingItemFactory()
        assert get_ticker("en").next_change == first.expires_at


def test_rebuild_without_changes_keeps_the_etag(client):
    item = BreakingItemFactory(text="Unchanged")
    etag = poll(client)["ETag"]
    item.save()
    assert poll(client, etag=etag).status_code == 304


def test_a_linked_article_going_unpublished_loses_its_link_at_once(client):
    article = ArticleFactory()
    BreakingItemFactory(article=article)
    poll(client)
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert json.loads(poll(client).content)["items"][0]["url"] is None


def test_unknown_edition_is_not_found(client):
    assert client.get("/xx/breaking.json", follow=True).status_code == 404


def test_feed_refuses_writes(client):
    assert client.post("/en/breaking.json").status_code == 405


# --- The ticker on pages --------------------------------------------------------------


def render_ticker(edition="en"):
    request = RequestFactory().get(f"/{edition}/")
    with translation.override(edition):
        return Template('{% include "includes/breaking_ticker.html" %}').render(RequestContext(request))


def test_ticker_is_server_rendered_on_public_pages(client):
    BreakingItemFactory(text="Minister: talks resume on Monday")
    html = client.get("/en/").content.decode()
    assert 'class="breaking-ticker"' in html
    assert '<strong class="breaking__attribution">Minister:</strong> talks resume on Monday' in html


def test_ticker_on_a_page_shows_only_its_editions_items(client):
    BreakingItemFactory(text="English only item", edition="en")
    html = client.get("/ar/").content.decode()
    assert "English only item" not in html


def test_ticker_escapes_item_text():
    BreakingItemFactory(text='AT&T: "5 > 4"')
    html = render_ticker()
    assert "AT&amp;T:</strong> &quot;5 &gt; 4&quot;" in html


def test_empty_ticker_is_hidden_but_keeps_its_live_region():
    html = render_ticker()
    assert 'class="breaking" aria-labelledby="breaking-heading" hidden' in html
    assert 'aria-live="polite"' in html


def test_ticker_carries_the_feed_address_and_etag_for_polling():
    BreakingItemFactory()
    html = render_ticker("ar")
    assert 'data-url="/ar/breaking.json"' in html
    assert f'data-etag="{escape(get_ticker("ar").etag)}"' in html


def test_warm_ticker_costs_no_query_on_a_page(django_assert_num_queries):
    BreakingItemFactory(text="Cached item")
    render_ticker()
    with django_assert_num_queries(0):
        assert "Cached item" in render_ticker()


def test_home_page_stays_within_its_query_budget_with_a_ticker(client, uncached, django_assert_max_num_queries):
    BreakingItemFactory()
    client.get("/en/")
    with django_assert_max_num_queries(10):
        assert client.get("/en/").status_code == 200
