"""Date archives of sections, regions and tags: every public story is reachable by links."""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Region
from tests.factories import ArticleFactory
from tests.test_query_budget import CEILING

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
LINK = re.compile(r'href="(/en/[^"#?]*(?:\?page=\d+)?)"')


def story(when, **fields):
    return ArticleFactory(publish_at=when, **fields)


def headlines(response):
    return [article.headline for article in response.context["page"].object_list]


def test_a_month_lists_its_own_stories_by_the_editions_calendar(client):
    # 23:30 on 31 October in London is still October there; 00:30 on 1 November is November.
    story(datetime(2025, 10, 31, 23, 30, tzinfo=LONDON), headline="Late October")
    story(datetime(2025, 11, 1, 0, 30, tzinfo=LONDON), headline="Early November")
    story(datetime(2025, 11, 20, 12, 0, tzinfo=LONDON), headline="Mid November")
    response = client.get("/en/politics/2025/11/")
    assert response.status_code == 200
    assert headlines(response) == ["Mid November", "Early November"]
    assert "Politics: November 2025" in response.content.decode()
    assert headlines(client.get("/en/politics/2025/11/01/")) == ["Early November"]


def test_tag_and_region_archives(client):
    asia = Region.objects.get(slug="asia")
    tagged = story(datetime(2024, 3, 5, 9, 0, tzinfo=LONDON), headline="Monsoon", tags=["weather"])
    tagged.regions.add(asia)
    story(datetime(2024, 4, 5, 9, 0, tzinfo=LONDON), headline="Later", tags=["weather"])
    assert headlines(client.get("/en/tag/weather/2024/03/")) == ["Monsoon"]
    assert headlines(client.get("/en/region/asia/2024/03/05/")) == ["Monsoon"]
    assert headlines(client.get("/en/region/asia/2024/04/")) == []


@pytest.mark.parametrize(
    "url",
    [
        "/en/politics/2025/13/",
        "/en/politics/2025/00/",
        "/en/politics/2025/02/30/",
        "/en/politics/0001/01/",
        "/en/politics/2999/01/",
        "/en/no-such-section/2025/01/",
        "/en/tag/no-such-tag/2025/01/",
        "/en/region/no-such-region/2025/01/",
        "/en/politics/2025/1/",
    ],
)
def test_junk_dates_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_listings_link_to_their_months_from_the_oldest_story(client):
    story(timezone.now() - timedelta(days=70), headline="Old")
    html = client.get("/en/politics/").content.decode()
    months = set(re.findall(r'href="(/en/politics/\d{4}/\d{2}/)"', html))
    assert len(months) in (3, 4)  # this month back to the oldest story's, whatever the day
    assert timezone.localtime(timezone.now(), LONDON).strftime("/en/politics/%Y/%m/") in months
    assert timezone.localtime(timezone.now() - timedelta(days=70), LONDON).strftime("/en/politics/%Y/%m/") in months


def test_every_public_story_is_reachable_by_links_in_a_few_clicks(client, monkeypatch, settings):
    """Listings show only their newest pages; the archive reaches every story, even in a busy month."""
    settings.NEWSROOM_PAGE_CACHE = False
    monkeypatch.setattr("articles.views.PAGE_SIZE", 3)
    monkeypatch.setattr("articles.paginators.MAX_PAGES", 2)
    now = timezone.now()
    public = [story(now - timedelta(days=days, hours=hours)) for days in (1, 40, 41, 90) for hours in range(4)]
    public += [story(now - timedelta(days=200, hours=hours)) for hours in range(12)]  # a busy day
    hidden = story(now - timedelta(days=5), status=Article.Status.DRAFT)
    wanted = {article.get_absolute_url() for article in public}

    seen, frontier = set(), {"/en/politics/"}
    for _click in range(4):
        found = set()
        for url in frontier - seen:
            seen.add(url)
            response = client.get(url)
            assert response.status_code == 200, url
            found |= {link.replace("&amp;", "&") for link in LINK.findall(response.content.decode())}
        # Follow the politics listing, its pages and archive (not the whole site).
        frontier = {link for link in found if urlsplit(link).path.startswith("/en/politics/")}
        seen_articles = {link for link in found if link in wanted}
        wanted -= seen_articles
    assert wanted == set()
    assert hidden.get_absolute_url() not in seen


def test_an_archive_page_costs_what_a_listing_costs(client, uncached):
    for days in range(30):
        story(timezone.now() - timedelta(days=days * 3))
    month = timezone.localtime(timezone.now() - timedelta(days=30), LONDON).strftime("/en/politics/%Y/%m/")
    client.get(month)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(month).status_code == 200
    assert len(queries) <= CEILING
