"""Presence (desk.presence): who has a story open, on its form and in the list, from the cache alone."""

import json
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from desk import presence
from tests.factories import ArticleFactory, UserFactory
from tests.test_admin_workflow import change_url

pytestmark = pytest.mark.django_db

LIST = reverse("admin:articles_article_changelist")


def presence_url(story):
    return reverse("admin:articles_article_presence", args=[story.pk])


def beat(client, story, tab, **extra):
    return client.post(presence_url(story), {"payload": json.dumps({"tab": tab, **extra})})


@pytest.fixture
def amira(db):
    return UserFactory(username="amira", first_name="Amira", last_name="Haddad", role="Editor")


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Parliament passes the water bill")


def test_opening_a_story_someone_has_open_warns_who_and_since_when(client, amira, editor, story):
    client.force_login(amira)
    client.get(change_url(story))
    opened = timezone.localtime().strftime("%H:%M")
    client.force_login(editor)
    page = client.get(change_url(story)).content.decode()
    assert f"Amira Haddad is editing since {opened}" in page
    assert 'id="desk-presence"' in page and 'id="desk-presence" class="desk-presence" role="status"' in page


def test_no_warning_for_ones_own_other_tab(client, amira, story):
    client.force_login(amira)
    client.get(change_url(story))
    page = client.get(change_url(story)).content.decode()
    assert "is editing since" not in page


def test_a_beat_answers_who_else_is_there_and_leaving_is_at_once(client, amira, editor, story):
    client.force_login(amira)
    assert beat(client, story, "tab-a").json() == {"editing": []}
    client.force_login(editor)
    assert beat(client, story, "tab-b").json()["editing"][0].startswith("Amira Haddad is editing since")
    client.force_login(amira)
    assert beat(client, story, "tab-a", leaving=True).json() == {"left": True}
    client.force_login(editor)
    assert beat(client, story, "tab-b").json() == {"editing": []}


def test_a_beat_answered_after_the_tabs_goodbye_does_not_bring_it_back(amira, story):
    presence.beat(story.pk, "tab-a", amira)
    presence.beat(story.pk, "tab-b", amira)
    presence.leave(story.pk, "tab-a")
    presence.beat(story.pk, "tab-a", amira)  # sent just before the tab closed, handled after its goodbye
    assert presence.live_tabs(cache.get(presence.key(story.pk)), time.time()).keys() == {"tab-b"}
    presence.leave(story.pk, "tab-b")
    presence.beat(story.pk, "tab-b", amira)
    assert presence.editors(story.pk) == []


def test_someone_who_stops_beating_is_gone_after_the_expiry(client, amira, editor, story, monkeypatch, settings):
    client.force_login(amira)
    beat(client, story, "tab-a")
    later = time.time() + settings.NEWSROOM_PRESENCE_SECONDS + 1
    monkeypatch.setattr(presence.time, "time", lambda: later)
    assert presence.editors(story.pk) == []


def test_the_same_tab_keeps_its_since_time(amira, story, monkeypatch):
    presence.beat(story.pk, "tab-a", amira)
    first = presence.editors(story.pk)[0].since
    later = time.time() + 30
    monkeypatch.setattr(presence.time, "time", lambda: later)
    presence.beat(story.pk, "tab-a", amira)
    assert presence.editors(story.pk)[0].since == first


def test_beats_need_a_session_a_tab_and_a_story_one_may_see(client, amira, story):
    assert beat(client, story, "tab-a").status_code == 401
    client.force_login(amira)
    response = client.post(presence_url(story), {"payload": "{}"})
    assert response.status_code == 400
    assert "tab" in response.json()["message"]
    missing = client.post(reverse("admin:articles_article_presence", args=[999999]), {"payload": '{"tab": "x"}'})
    assert missing.status_code == 404
    client.force_login(UserFactory(is_staff=True))  # staff without any story permission
    assert beat(client, story, "tab-c").status_code == 403


def test_the_list_shows_who_has_each_story_open_from_one_cache_read(client, amira, editor, monkeypatch):
    stories = ArticleFactory.create_batch(4)
    client.force_login(editor)
    client.get(LIST)  # warm: sessions, permissions, content types
    with CaptureQueriesContext(connection) as without_presence:
        client.get(LIST)
    presence.beat(stories[0].pk, "tab-a", amira)
    presence.beat(stories[2].pk, "tab-b", amira)
    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, *a, **k: reads.append(list(keys)) or get_many(keys, *a, **k))
    with CaptureQueriesContext(connection) as with_presence:
        page = client.get(LIST).content.decode()
    presence_reads = [keys for keys in reads if any(key.startswith("desk:presence:") for key in keys)]
    assert len(presence_reads) == 1
    assert set(presence_reads[0]) == {presence.key(story.pk) for story in stories}
    assert page.count('class="desk-open-now"') == 2
    assert "Amira Haddad is editing since" in page
    assert len(with_presence) == len(without_presence)  # presence costs the list no query, whatever the rows


def test_the_list_query_count_does_not_grow_with_open_stories(client, amira, editor, django_assert_max_num_queries):
    stories = ArticleFactory.create_batch(12)
    for story in stories:
        presence.beat(story.pk, f"tab-{story.pk}", amira)
    client.force_login(editor)
    client.get(LIST)
    with django_assert_max_num_queries(12):
        page = client.get(LIST).content.decode()
    assert page.count('class="desk-open-now"') == 12
