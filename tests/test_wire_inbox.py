"""The wire inbox in the admin, versions, "Use this", agency updates shown on the draft, and push limits."""

import json
import threading
import uuid
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from articles.models import Article, Source
from tests.factories import UserFactory
from wire.models import AgencyToken, WireItem
from wire.services import WireIngester
from wire.throttling import AgencyRateThrottle

pytestmark = pytest.mark.django_db


def item(version="1", headline="Dam talks resume", **extra):
    return {
        "uri": "urn:wire:dam",
        "type": "text",
        "version": version,
        "language": "en",
        "urgency": 2,
        "headlines": [{"value": headline}],
        **extra,
    }


@pytest.fixture
def agency():
    return Source.objects.create(name="Wire Agency", slug="wire-agency")


@pytest.fixture
def desk(client):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    return client


def admin_url(settings, rest):
    return f"/{settings.ADMIN_PATH}{rest}"


def test_every_accepted_version_is_kept_and_shown(desk, settings, agency):
    ingester = WireIngester(source=agency)
    ingester.ingest(item())
    ingester.ingest(item(version="2", headline="Dam talks end"))
    ingester.ingest(item(version="2", headline="Dam talks end"))  # a repeat adds nothing
    wire = WireItem.objects.get()
    assert [(v.version, v.headline) for v in wire.versions.all()] == [("1", "Dam talks resume"), ("2", "Dam talks end")]
    page = desk.get(admin_url(settings, f"wire/wireitem/{wire.pk}/change/")).content.decode()
    assert "Dam talks resume" in page and "Open the draft" in page


def test_the_inbox_filters_by_agency_language_and_urgency(desk, settings, agency):
    ingester = WireIngester(source=agency)
    ingester.ingest(item())
    ingester.ingest(item(uri="urn:wire:es", language="es", urgency=5, headlines=[{"value": "Lluvias"}]))
    urgent = desk.get(admin_url(settings, "wire/wireitem/?urgency__exact=2")).content.decode()
    assert "Dam talks resume" in urgent and "Lluvias" not in urgent
    spanish = desk.get(admin_url(settings, f"wire/wireitem/?language=es&source__id__exact={agency.pk}")).content
    assert "Lluvias" in spanish.decode() and "Dam talks" not in spanish.decode()


def test_an_update_after_publication_waits_and_shows_on_the_article(desk, settings, agency):
    ingester = WireIngester(source=agency)
    article = ingester.ingest(item()).article
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    ingester.ingest(item(version="2", headline="Dam talks end"))
    article.refresh_from_db()
    assert article.headline == "Dam talks resume"  # the desk's published story is left alone
    wire = WireItem.objects.get()
    assert (wire.version, wire.applied_version, wire.updated_since_draft) == ("2", "1", True)
    assert wire.versions.last().get_outcome_display() == "kept for the desk"
    page = desk.get(admin_url(settings, f"articles/article/{article.pk}/change/")).content.decode()
    assert "agency item" in page.lower() and "urn:wire:dam" in page
    listing = desk.get(admin_url(settings, "wire/wireitem/?updated=yes")).content.decode()
    assert "Dam talks end" in listing


def test_use_this_opens_the_draft_or_makes_one(desk, settings, agency):
    ingester = WireIngester(source=agency)
    article = ingester.ingest(item()).article
    wire = WireItem.objects.get()
    response = desk.post(admin_url(settings, f"wire/wireitem/{wire.pk}/use/"))
    assert response.url == admin_url(settings, f"articles/article/{article.pk}/change/")
    Article.objects.filter(pk=article.pk).delete()  # purged (trash emptied): the item has no draft
    wire.refresh_from_db()
    assert wire.article is None
    response = desk.post(admin_url(settings, f"wire/wireitem/{wire.pk}/use/"))
    draft = Article.objects.get()
    assert response.url == admin_url(settings, f"articles/article/{draft.pk}/change/")
    assert (draft.headline, draft.status) == ("Dam talks resume", Article.Status.DRAFT)
    wire.refresh_from_db()
    assert (wire.article, wire.updated_since_draft) == (draft, False)


def test_use_this_needs_a_post_and_the_right_to_write(client, settings, agency):
    WireIngester(source=agency).ingest(item())
    wire = WireItem.objects.get()
    client.force_login(UserFactory(username="reader", is_staff=True))
    assert client.get(admin_url(settings, f"wire/wireitem/{wire.pk}/use/")).status_code in (302, 403)
    assert client.post(admin_url(settings, f"wire/wireitem/{wire.pk}/use/")).status_code in (302, 403)


# --- push limits ----------------------------------------------------------------------------


def post(token, body, content_type="application/json"):
    return APIClient().post("/api/v1/ingest/", body, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_each_agency_token_has_its_own_rate_limit(settings, agency):
    settings.WIRE_INGEST_RATE = "2/min"
    cache.clear()
    _row, token = AgencyToken.issue(agency, "busy")
    _row, other = AgencyToken.issue(agency, "quiet")
    assert [post(token, json.dumps(item())).status_code for _ in range(2)] == [200, 200]
    refused = post(token, json.dumps(item()))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["code"] == "throttled"
    assert post(other, json.dumps(item())).status_code == 200


def test_requests_arriving_together_never_get_more_through_than_the_rate(settings):
    settings.WIRE_INGEST_RATE = "5/min"
    request = SimpleNamespace(auth=SimpleNamespace(token_hash=uuid.uuid4().hex))  # what the view's token gives
    start, answers = threading.Barrier(20), []

    def arrive():
        throttle = AgencyRateThrottle()
        throttle.timer = lambda: 1_800_000_000.0  # the same minute for all
        start.wait()
        answers.append(throttle.allow_request(request, None))

    threads = [threading.Thread(target=arrive) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(True) == 5
    later = AgencyRateThrottle()
    later.timer = lambda: 1_800_000_060.0  # the next minute
    assert later.allow_request(request, None)
    assert 0 < later.wait() <= 60


def test_a_body_over_the_limit_is_refused_before_it_is_read(settings, agency):
    settings.WIRE_INGEST_MAX_BYTES = 1000
    _row, token = AgencyToken.issue(agency, "big")
    response = post(token, json.dumps(item(bodies=[{"value": "x" * 2000}])))
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Article.objects.exists()
