"""The desk page: the admin's start page, block by block, at a fixed number of queries."""

from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from desk import page
from desk.desk_blocks import today
from localisation.models import TranslationSource
from localisation.services import translate_article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    LiveStoryFactory,
    SourceFactory,
    UserFactory,
)
from wire.models import WireItem

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
WIRE_NUMBERS = count(1)


@pytest.fixture
def chief(db):
    return UserFactory(username="chief", is_superuser=True)


def block(response, key):
    """The shown block ``key`` of a desk page response."""
    return next(shown for shown in response.context["desk_blocks"] if shown.block.key == key)


def headlines(shown):
    return [row.text for row in shown.rows]


def wire_item(**fields):
    number = next(WIRE_NUMBERS)
    return WireItem.objects.create(
        identity=f"urn:agency:{number}",
        uri=f"urn:agency:{number}",
        content_hash=str(number),
        kind=WireItem.Kind.ARTICLE,
        source=SourceFactory(name="Agency"),
        raw={},
        **{"headline": f"Agency story {number}", **fields},
    )


def fill(count, owner):
    """``count`` rows of everything the desk page lists."""
    now = timezone.now()
    evening = today()[0] + timedelta(hours=23)
    for number in range(count):
        ArticleFactory(status=Article.Status.DRAFT, created_by=owner, publish_at=None)
        ArticleFactory(status=Article.Status.REVIEW, publish_at=None)
        ArticleFactory(status=Article.Status.SCHEDULED, publish_at=evening - timedelta(minutes=number))
        ArticleFactory(publish_at=now - timedelta(minutes=10 + number))
        ArticleFactory(status=Article.Status.DRAFT, publish_at=None, embargo_until=now + timedelta(hours=number + 1))
        BreakingItemFactory()
        LiveStoryFactory()
        wire_item()
        original = ArticleFactory()
        translate_article(original, "es")
        original.body = "<p>A new paragraph.</p>"
        original.save()


def test_each_block_costs_one_query_whatever_the_data_size(rf, chief, django_assert_num_queries):
    request = rf.get(INDEX)
    request.user = chief
    for size in (1, 12):
        fill(size, chief)
        for registered in page.registered():
            with django_assert_num_queries(1):
                rows = registered.rows(request, page.ROWS_PER_BLOCK + 1)
            assert rows, registered.key


def test_the_whole_page_costs_the_same_at_two_data_sizes(client, chief, django_assert_num_queries):
    client.force_login(chief)
    fill(1, chief)
    client.get(INDEX)  # the session and permissions, cached from here on
    with CaptureQueriesContext(connection) as small:
        assert client.get(INDEX).status_code == 200
    small_page = len(small)  # now: the connection's query log is a bounded deque, and filling moves it on
    fill(15, chief)
    client.get(INDEX)  # the page cache's next time boundary, renewed by the new stories, is read again once
    with django_assert_num_queries(small_page):
        response = client.get(INDEX)
    assert all(shown.rows for shown in response.context["desk_blocks"])


def test_a_block_shows_eight_rows_and_says_there_are_more(client, chief):
    fill(10, chief)
    client.force_login(chief)
    shown = block(client.get(INDEX), "in_review")
    assert len(shown.rows) == page.ROWS_PER_BLOCK
    assert shown.more


def test_my_drafts_are_those_i_created_or_am_bylined_on(client, reporter):
    mine = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter, headline="Created by me")
    bylined = ArticleFactory(
        status=Article.Status.DRAFT, headline="Under my byline", authors=[AuthorFactory(user=reporter)]
    )
    ArticleFactory(status=Article.Status.DRAFT, headline="Someone else's")
    ArticleFactory(status=Article.Status.REVIEW, created_by=reporter, headline="Sent for review")
    client.force_login(reporter)
    shown = block(client.get(INDEX), "my_drafts")
    assert sorted(headlines(shown)) == ["Created by me", "Under my byline"]
    assert shown.rows[0].url == reverse("admin:articles_article_change", args=[bylined.pk])
    assert mine.pk
    listed = client.get(shown.list_url)
    assert sorted(a.headline for a in listed.context["cl"].result_list) == ["Created by me", "Under my byline"]


def test_review_block_is_for_editors_only(client, reporter, editor):
    ArticleFactory(status=Article.Status.REVIEW, headline="Waiting")
    client.force_login(reporter)
    assert "in_review" not in {shown.block.key for shown in client.get(INDEX).context["desk_blocks"]}
    client.force_login(editor)
    shown = block(client.get(INDEX), "in_review")
    assert headlines(shown) == ["Waiting"]
    assert [a.headline for a in client.get(shown.list_url).context["cl"].result_list] == ["Waiting"]


def test_scheduled_today_in_time_order_and_not_tomorrow(client, editor):
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    ArticleFactory(status=Article.Status.SCHEDULED, publish_at=start + timedelta(hours=20), headline="Evening")
    ArticleFactory(status=Article.Status.SCHEDULED, publish_at=start + timedelta(hours=1), headline="Morning")
    ArticleFactory(status=Article.Status.SCHEDULED, publish_at=start + timedelta(days=1, hours=1), headline="Tomorrow")
    client.force_login(editor)
    shown = block(client.get(INDEX), "scheduled_today")
    assert headlines(shown) == ["Morning", "Evening"]
    listed = client.get(shown.list_url).context["cl"].result_list
    assert sorted(a.headline for a in listed) == ["Evening", "Morning"]


def test_published_recently_leaves_out_older_and_future_stories(client, editor):
    now = timezone.now()
    ArticleFactory(publish_at=now - timedelta(minutes=5), headline="Just out")
    ArticleFactory(publish_at=now - timedelta(hours=30), headline="Yesterday")
    ArticleFactory(status=Article.Status.SCHEDULED, publish_at=now + timedelta(hours=1), headline="Later")
    client.force_login(editor)
    shown = block(client.get(INDEX), "published_recently")
    assert headlines(shown) == ["Just out"]
    assert [a.headline for a in client.get(shown.list_url).context["cl"].result_list] == ["Just out"]


def test_under_embargo_lists_what_nobody_may_publish_yet_lifting_soonest_first(client, editor):
    now = timezone.now()
    ArticleFactory(
        status=Article.Status.DRAFT, publish_at=None, embargo_until=now + timedelta(days=2), headline="Budget"
    )
    ArticleFactory(
        status=Article.Status.REVIEW, publish_at=None, embargo_until=now + timedelta(hours=2), headline="Poll"
    )
    ArticleFactory(publish_at=now - timedelta(hours=1), embargo_until=now - timedelta(hours=2), headline="Lifted")
    client.force_login(editor)
    shown = block(client.get(INDEX), "under_embargo")
    assert headlines(shown) == ["Poll", "Budget"]
    assert sorted(a.headline for a in client.get(shown.list_url).context["cl"].result_list) == ["Budget", "Poll"]


def test_breaking_live_open_and_wire_blocks_list_what_is_current(client, chief):
    BreakingItemFactory(text="On the ticker")
    BreakingItemFactory(
        text="Expired", posted_at=timezone.now() - timedelta(hours=2), expires_at=timezone.now() - timedelta(minutes=1)
    )
    LiveStoryFactory(article=ArticleFactory(headline="Open coverage"))
    LiveStoryFactory(article=ArticleFactory(headline="Closed coverage"), closed_at=timezone.now())
    wire_item(headline="Agency story today")
    wire_item(received_at=timezone.now() - timedelta(days=2))
    client.force_login(chief)
    response = client.get(INDEX)
    assert headlines(block(response, "breaking_live")) == ["On the ticker"]
    assert headlines(block(response, "live_open")) == ["Open coverage"]
    assert headlines(block(response, "wire_new")) == ["Agency story today"]
    for key in ("breaking_live", "live_open", "wire_new"):
        assert client.get(block(response, key).list_url).context["cl"].result_count == 1, key


def test_a_translation_falls_behind_when_its_original_text_changes(client, editor):
    original = ArticleFactory(headline="Treaty signed")
    draft = translate_article(original, "ar")
    client.force_login(editor)
    assert headlines(block(client.get(INDEX), "translations_behind")) == []

    original.body = "<p>The treaty was signed at noon.</p>"
    original.save()
    shown = block(client.get(INDEX), "translations_behind")
    assert headlines(shown) == [draft.headline]
    assert shown.rows[0].note == "EN → AR"
    assert [a.pk for a in client.get(shown.list_url).context["cl"].result_list] == [draft.pk]

    TranslationSource.objects.get(translation=draft).follow(editor)  # the translator marks it caught up
    assert not TranslationSource.objects.behind().exists()
    assert headlines(block(client.get(INDEX), "translations_behind")) == []


def test_the_app_list_stays_on_the_page_and_blocks_link_to_their_lists(client, editor):
    client.force_login(editor)
    html = client.get(INDEX).content.decode()
    assert 'id="desk-in_review"' in html
    assert reverse("admin:articles_article_changelist") + "?status__exact=review" in html
    assert 'class="app-articles module' in html


def test_staff_without_stories_get_the_plain_index(client):
    client.force_login(UserFactory(username="clerk"))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert response.context["desk_blocks"] == []
    assert "desk-page" not in response.content.decode()


def test_the_arabic_desk_page_is_right_to_left_and_translated(client, editor):
    client.force_login(editor)
    client.cookies["admin_language"] = "ar"
    html = client.get(INDEX).content.decode()
    assert 'dir="rtl"' in html
    assert "مسوداتي" in html
    assert "My drafts" not in html
