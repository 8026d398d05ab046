"""Embargoes: a story under embargo reaches no reader, by any path, before its time.

The database constraint runs on SQLite by default and on PostgreSQL with ``DATABASE_URL``.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from articles import workflow
from articles.models import Article, Source
from localisation.services import translate_article
from pagecache import middleware
from tests.factories import ArticleFactory, UserFactory
from tests.test_admin_workflow import change_url, errors_of, form_data
from tests.test_webhooks import bodies, endpoint_for, receiver  # noqa: F401 (a partner's endpoint)
from tests.test_wire_ingest import ingest, story
from wire.models import AgencyToken

pytestmark = pytest.mark.django_db

HEADLINE = "Central bank raises rates"


def embargoed(hours=2, **fields):
    """A draft under an embargo lifting in ``hours``."""
    return ArticleFactory(
        headline=HEADLINE,
        slug="central-bank-raises-rates",
        status=Article.Status.DRAFT,
        publish_at=None,
        embargo_until=timezone.now() + timedelta(hours=hours),
        **fields,
    )


# --- the model and the database ---------------------------------------------------------------


def test_under_embargo_lists_the_stories_whose_embargo_is_to_come():
    article = embargoed()
    ArticleFactory(status=Article.Status.DRAFT, embargo_until=timezone.now() - timedelta(hours=1))
    ArticleFactory(status=Article.Status.DRAFT)
    assert list(Article.objects.under_embargo()) == [article]
    with time_machine.travel(article.embargo_until + timedelta(seconds=1)):
        assert not Article.objects.under_embargo().exists()


def test_database_refuses_a_public_story_before_its_embargo():
    article = embargoed()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED, publish_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.SCHEDULED, publish_at=article.embargo_until - timedelta(minutes=1)
        )
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_database_accepts_publication_at_the_embargo_and_any_planned_time_on_a_draft():
    article = embargoed()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now())  # a draft: only a plan
    Article.objects.filter(pk=article.pk).update(status=Article.Status.SCHEDULED, publish_at=article.embargo_until)
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED


def test_full_clean_names_the_embargo():
    article = embargoed()
    article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now()
    with pytest.raises(ValidationError, match="before its embargo"):
        article.full_clean()


def test_public_hides_a_story_scheduled_at_its_embargo_until_then(editor):
    article = embargoed()
    workflow.schedule(article, editor, article.embargo_until)
    assert not Article.objects.public().filter(pk=article.pk).exists()
    assert not Article.objects.get(pk=article.pk).is_public
    with time_machine.travel(article.embargo_until + timedelta(seconds=1)):
        assert Article.objects.public().filter(pk=article.pk).exists()
        assert Article.objects.get(pk=article.pk).is_public


# --- the workflow ---------------------------------------------------------------------------------


def test_publishing_before_the_embargo_is_refused_and_changes_nothing(editor):
    article = embargoed()
    with pytest.raises(ValidationError, match="under embargo until"):
        workflow.publish(article, editor)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.publish_at) == (Article.Status.DRAFT, None)


def test_publishing_after_the_embargo_works(editor):
    article = embargoed()
    with time_machine.travel(article.embargo_until + timedelta(minutes=5)):
        workflow.publish(article, editor)
        assert Article.objects.public().filter(pk=article.pk).exists()


def test_a_first_publication_time_before_a_later_embargo_moves_to_now(editor):
    article = ArticleFactory(status=Article.Status.UNPUBLISHED, publish_at=timezone.now() - timedelta(days=2))
    article.embargo_until = timezone.now() - timedelta(hours=1)  # set since, and lifted
    article.save()
    workflow.publish(article, editor)
    assert Article.objects.get(pk=article.pk).publish_at > article.embargo_until


def test_scheduling_before_the_embargo_is_refused_with_a_clear_message(editor):
    article = embargoed()
    with pytest.raises(ValidationError) as refused:
        workflow.schedule(article, editor, article.embargo_until - timedelta(minutes=1))
    assert "cannot be published or scheduled before then" in refused.value.message_dict["publish_at"][0]
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_scheduling_at_or_after_the_embargo_is_fine(editor):
    article = embargoed()
    workflow.schedule(article, editor, article.embargo_until)
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED


# --- the desk ---------------------------------------------------------------------------------------


def test_admin_form_refuses_to_publish_under_embargo(client, editor):
    article = embargoed()
    client.force_login(editor)
    data = form_data(article, status="published")
    local = timezone.localtime(article.embargo_until)
    data.update({"embargo_until_0": local.strftime("%Y-%m-%d"), "embargo_until_1": local.strftime("%H:%M:%S")})
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "under embargo until" in str(errors_of(response)["publish_at"])
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_admin_form_refuses_to_schedule_before_the_embargo_and_accepts_at_it(client, editor):
    article = embargoed()
    client.force_login(editor)
    local = timezone.localtime(article.embargo_until).replace(microsecond=0)
    embargo = {"embargo_until_0": local.strftime("%Y-%m-%d"), "embargo_until_1": local.strftime("%H:%M:%S")}
    early = form_data(article, status="scheduled", publish_at=local - timedelta(minutes=30)) | embargo
    assert "under embargo until" in str(errors_of(client.post(change_url(article), early))["publish_at"])
    on_time = form_data(article, status="scheduled", publish_at=local) | embargo
    assert client.post(change_url(article), on_time).status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED


def test_bulk_publish_skips_and_names_the_embargoed_story(client, editor):
    article = embargoed()
    free = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk, free.pk]},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert any(HEADLINE in message and "under embargo" in message for message in shown)
    assert "1 article published." in shown
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=free.pk).status == Article.Status.PUBLISHED


def test_desk_list_filters_the_stories_under_embargo_and_shows_the_time(client, editor):
    embargoed()
    ArticleFactory(headline="Nothing to wait for")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {"embargo": "under"})
    page = response.content.decode()
    assert HEADLINE in page and "Nothing to wait for" not in page
    assert "embargo until" in page  # under the story's status


def test_a_translation_draft_keeps_the_embargo(editor):
    article = embargoed()
    assert translate_article(article, "es", editor).embargo_until == article.embargo_until


# --- the wire -----------------------------------------------------------------------------------------


def test_an_agency_embargo_binds_the_draft_and_its_publication(editor):
    article = ingest(story(embargoedUntil="2030-01-01T06:00:00Z")).article
    assert article.embargo_until.isoformat() == "2030-01-01T06:00:00+00:00"
    assert article.publish_at == article.embargo_until  # pre-filled
    with pytest.raises(ValidationError):
        workflow.publish(article, editor)


def test_an_agency_push_through_the_api_sets_the_embargo():
    _row, token = AgencyToken.issue(Source.objects.create(name="Wire Agency", slug="wire-agency"), "feed server")
    pushed = story(embargoedUntil="2030-01-01T06:00:00Z")
    response = APIClient().post("/api/v1/ingest/", pushed, format="json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert Article.objects.get().embargo_until.isoformat() == "2030-01-01T06:00:00+00:00"
    assert not Article.objects.public().exists()


def test_an_agency_update_with_a_new_embargo_moves_it():
    ingest(story(embargoedUntil="2030-01-01T06:00:00Z"))
    article = ingest(story(version="2", embargoedUntil="2030-01-02T06:00:00Z")).article
    assert article.embargo_until.isoformat() == "2030-01-02T06:00:00+00:00"


# --- everything readers and partners see ---------------------------------------------------------


@pytest.fixture
def scheduled_at_embargo(editor):
    article = embargoed()
    workflow.schedule(article, editor, article.embargo_until)
    return Article.objects.get(pk=article.pk)


SURFACES = {
    "home": "/en/",
    "section": "/en/politics/",
    "rss": "/en/feeds/rss.xml",
    "news sitemap": "/sitemap-news-en.xml",
    "api list": "/api/v1/articles/",
    "search": "/en/search/?q=Central",
}


@pytest.mark.parametrize("url", SURFACES.values(), ids=SURFACES.keys())
def test_every_surface_shows_the_story_only_once_the_embargo_lifts(client, scheduled_at_embargo, url):
    assert HEADLINE not in client.get(url).content.decode()
    with time_machine.travel(scheduled_at_embargo.embargo_until + timedelta(seconds=1), tick=False):
        assert HEADLINE in client.get(url).content.decode()


def test_the_story_page_and_api_detail_are_404_under_embargo(client, scheduled_at_embargo):
    assert client.get(scheduled_at_embargo.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/articles/{scheduled_at_embargo.pk}/").status_code == 404
    with time_machine.travel(scheduled_at_embargo.embargo_until + timedelta(seconds=1), tick=False):
        assert client.get(scheduled_at_embargo.get_absolute_url()).status_code == 200


def test_a_cached_page_shows_the_story_when_the_embargo_lifts(client, scheduled_at_embargo, monkeypatch):
    monkeypatch.setattr(middleware, "LOCAL_SECONDS", 60)
    client.get("/en/")
    cached = client.get("/en/")
    assert cached["X-Page-Cache"] == "hit" and HEADLINE not in cached.content.decode()
    with time_machine.travel(scheduled_at_embargo.embargo_until + timedelta(seconds=1), tick=False):
        assert HEADLINE in client.get("/en/").content.decode()


def test_a_partner_hears_of_the_story_only_when_the_embargo_lifts(receiver, work_queue):  # noqa: F811
    endpoint_for(receiver)
    article = embargoed()
    with pytest.raises(ValidationError):
        workflow.publish(article, _editor())
    work_queue()
    assert receiver.requests == []
    article.refresh_from_db()
    workflow.schedule(article, _editor(), article.embargo_until)
    work_queue()
    assert receiver.requests == []
    with time_machine.travel(article.embargo_until + timedelta(seconds=1)):
        work_queue()
    assert [(body["event"], body["data"]["id"]) for body in bodies(receiver)] == [("article.published", article.pk)]


def _editor():
    return UserFactory(username="embargo-editor", role="Editor")
