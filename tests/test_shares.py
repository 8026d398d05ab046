"""Share counts: counted through our own share links in the cache, written to articles in batches."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from sharing import shares
from tests.factories import ArticleFactory


@pytest.fixture
def article(db):
    return ArticleFactory(headline="Ministers agree on river treaty")


def writes(queries):
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def test_a_share_link_counts_and_sends_the_reader_to_the_network(client, article):
    response = client.get(f"/share/x/{article.pk}/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == ("https", "x.com", "/intent/post")
    query = parse_qs(target.query)
    assert query["url"] == [f"http://testserver{article.get_absolute_url()}"]
    assert query["text"] == ["Ministers agree on river treaty"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize(
    "network, host", [("facebook", "www.facebook.com"), ("whatsapp", "wa.me"), ("telegram", "t.me")]
)
def test_each_network_gets_its_own_share_page(client, article, network, host):
    assert urlsplit(client.get(f"/share/{network}/{article.pk}/")["Location"]).netloc == host


def test_clicks_write_nothing_to_the_database_until_the_minute_is_over(client, article):
    client.get(f"/share/x/{article.pk}/")  # the first share also writes what earlier minutes counted
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            client.get(f"/share/facebook/{article.pk}/")
    assert writes(queries) == []
    article.refresh_from_db()
    assert article.share_count == 0


def test_finished_minutes_are_written_in_one_update_per_count(article):
    other = ArticleFactory()
    third = ArticleFactory()
    start = 1_000_000 * shares.BUCKET_SECONDS
    for _ in range(3):
        shares.count_share(article.pk, now=start)
    shares.count_share(other.pk, now=start + 1)
    shares.count_share(third.pk, now=start + 2)
    with CaptureQueriesContext(connection) as queries:
        shares.count_share(article.pk, now=start + shares.BUCKET_SECONDS)  # the next minute writes the last
    assert len(writes(queries)) == 2  # three shares for one article, one each for two others
    counts = dict(Article.objects.values_list("pk", "share_count"))
    assert (counts[article.pk], counts[other.pk], counts[third.pk]) == (3, 1, 1)
    shares.flush(now=start + 5 * shares.BUCKET_SECONDS, including_current=True)
    article.refresh_from_db()
    assert article.share_count == 4  # each minute is written once


def test_the_flush_command_writes_the_current_minute(article):
    shares.count_share(article.pk)
    output = io.StringIO()
    call_command("flush_shares", stdout=output)
    assert output.getvalue() == "1 shares written.\n"
    article.refresh_from_db()
    assert article.share_count == 1


def test_a_story_shows_no_share_count_until_it_has_shares(client, article, uncached):
    assert 'class="shares"' not in client.get(article.get_absolute_url()).content.decode()
    Article.objects.filter(pk=article.pk).update(share_count=1234)
    assert "1,234 Shares" in client.get(article.get_absolute_url()).content.decode()


def test_share_links_on_the_page_go_through_our_redirect(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/share/whatsapp/{article.pk}/"' in html
    assert "https://wa.me" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/share/evil/{pk}/",
        "/share/x/999999/",
        "/share/x/{pk}/?url=https://evil.example",
        "/share/x/{pk}/?next=//evil.example",
    ],
)
def test_share_links_cannot_send_readers_elsewhere(client, article, url):
    response = client.get(url.format(pk=article.pk))
    if response.status_code == 302:
        assert "evil.example" not in response["Location"]
        assert urlsplit(response["Location"]).netloc == "x.com"
    else:
        assert response.status_code == 404


def test_unpublished_stories_cannot_be_shared(client, article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get(f"/share/x/{article.pk}/").status_code == 404


def test_only_get_counts(client, article):
    assert client.post(f"/share/x/{article.pk}/").status_code == 405


def test_robots_keep_crawlers_off_the_share_links(client, db):
    assert "Disallow: /share/" in client.get("/robots.txt").content.decode()
