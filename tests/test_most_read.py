"""Most Read: page views counted in the cache per edition and hour, ranked once a minute."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from readership.popularity import WINDOW_HOURS, most_read_ids, record_view, view_counts
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_recording_a_view_writes_nothing_to_the_database(django_assert_num_queries):
    article = ArticleFactory()
    with django_assert_num_queries(0):
        record_view(article)


def test_views_are_counted_per_article():
    first, second = ArticleFactory(), ArticleFactory()
    for _ in range(3):
        record_view(first)
    record_view(second)
    assert view_counts("en") == {first.pk: 3, second.pk: 1}


def test_views_add_up_across_hours_of_the_window():
    article = ArticleFactory()
    now = timezone.now()
    record_view(article, now=now - timedelta(hours=5))
    record_view(article, now=now)
    assert view_counts("en", now=now)[article.pk] == 2


def test_views_older_than_the_window_do_not_count():
    article = ArticleFactory()
    now = timezone.now()
    record_view(article, now=now - timedelta(hours=WINDOW_HOURS + 2))
    assert view_counts("en", now=now)[article.pk] == 0


def test_editions_are_ranked_separately():
    english = ArticleFactory()
    arabic = ArticleFactory(edition="ar")
    record_view(arabic)
    assert most_read_ids("en") == []
    record_view(english)
    assert most_read_ids("ar") == [arabic.pk]


def test_ranking_puts_the_most_viewed_first():
    quiet, busy = ArticleFactory(), ArticleFactory()
    record_view(quiet)
    for _ in range(4):
        record_view(busy)
    assert most_read_ids("en") == [busy.pk, quiet.pk]


def test_ranking_is_cached_for_a_minute():
    first, second = ArticleFactory(), ArticleFactory()
    record_view(first)
    assert most_read_ids("en") == [first.pk]
    for _ in range(5):
        record_view(second)
    assert most_read_ids("en") == [first.pk]


def test_most_read_cards_are_labelled_with_their_first_region_in_the_edition(client, uncached):
    from taxonomy.models import RegionLabel
    from tests.factories import RegionFactory

    asia = RegionFactory(slug="zz-asia", name="Asia", position=1)
    RegionLabel.objects.create(owner=asia, edition="es", name="Asia oriental")
    later = RegionFactory(slug="zz-europe", name="Europe", position=2)
    article = ArticleFactory(edition="es", slug="puerto", headline="El puerto reabre")
    article.regions.add(later, asia)
    record_view(article)
    html = client.get("/es/").content.decode()
    most_read = html[html.index('class="most-read') :]
    assert '<p class="card-label">Asia oriental</p>' in most_read


def test_a_process_writes_its_views_at_most_once_a_second(monkeypatch):
    from readership import popularity

    article = ArticleFactory()
    writes = []
    increment = popularity._increment
    monkeypatch.setattr(popularity, "_increment", lambda key, delta=1: writes.append(delta) or increment(key, delta))
    monkeypatch.setattr(popularity, "_flushed_at", time.monotonic())
    for _ in range(6):
        record_view(article)
    assert writes == []  # held in memory within the second
    assert view_counts("en")[article.pk] == 6  # a reader writes them first
    assert writes[0] == 6  # one write of six views (then the hour's slot)
    written = len(writes)
    monkeypatch.setattr(popularity, "_flushed_at", time.monotonic() - popularity.FLUSH_SECONDS)
    record_view(article)
    assert writes[written:] == [1]  # a second on, the next view is written at once
    assert view_counts("en")[article.pk] == 7
