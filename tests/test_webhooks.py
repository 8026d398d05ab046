"""Webhooks: signed deliveries of story and breaking-news events to a real local receiver, retries,
switching off a failing endpoint, the delivery log and the SSRF guard."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Correction
from tests.factories import ArticleFactory, BreakingItemFactory, LivePostFactory, LiveStoryFactory, UserFactory
from tests.receivers import WebhookReceiver
from webhooks import signing, ssrf
from webhooks.events import emit
from webhooks.models import Attempt, Delivery, Endpoint, Event
from webhooks.tasks import DELIVERY_RETRIES, deliver

SECRET = "whsec_test-secret"
ALL_EVENTS = [value for value in Event.values if value != Event.PING]


@pytest.fixture
def receiver(settings):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    settings.NEWSROOM_SITE_URL = "http://testserver"
    with WebhookReceiver(SECRET) as running:
        yield running


def endpoint_for(receiver, **fields):
    return Endpoint.objects.create(
        **{"name": "Partner", "url": receiver.url, "secret": SECRET, "events": ALL_EVENTS, **fields}
    )


def bodies(receiver):
    return list(receiver.processed.values())


def make_due_and_run(work_queue):
    """Runs the worker with every waiting retry made due."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    work_queue()


# Stories


def test_publishing_delivers_the_api_representation_signed_once(receiver, work_queue, client):
    endpoint_for(receiver)
    article = ArticleFactory(status=Article.Status.DRAFT)
    assert receiver.requests == []

    article.status = Article.Status.PUBLISHED
    article.publish_at = timezone.now() - timedelta(minutes=1)
    article.save()
    assert receiver.requests == [], "publishing only queues the work"
    work_queue()

    [body] = bodies(receiver)
    headers, _raw, valid = receiver.requests[0]
    assert valid and receiver.duplicates == 0
    assert headers["Meridian-Webhook-Event"] == "article.published"
    assert body["event"] == "article.published" and body["edition"] == "en"
    assert body["id"] == headers["Meridian-Webhook-Id"] == str(Delivery.objects.get().pk)
    assert body["data"] == client.get(f"/api/v1/articles/{article.pk}/").json()


def test_a_ninjs_endpoint_gets_the_ninjs_representation(receiver, work_queue, client):
    endpoint_for(receiver, format="ninjs")
    article = ArticleFactory()
    work_queue()

    [body] = bodies(receiver)
    assert body["data"] == client.get(f"/api/v1/articles/{article.pk}.ninjs").json()
    assert body["data"]["uri"].endswith(f":article:{article.pk}")


def test_endpoints_hear_only_their_editions_and_events(receiver, work_queue):
    endpoint_for(receiver, editions=["es"])
    endpoint_for(receiver, name="Updates only", events=[Event.UPDATED])
    ArticleFactory(edition="en")
    ArticleFactory(edition="es")
    work_queue()

    assert [(body["event"], body["edition"]) for body in bodies(receiver)] == [("article.published", "es")]


def test_an_update_made_moot_before_delivery_is_not_sent(receiver, work_queue):
    """Bodies are written when the worker gets to them: an update to a story unpublished since sends nothing."""
    endpoint_for(receiver)
    article = ArticleFactory()
    article.headline = "A better headline"
    article.save()
    article.status = Article.Status.UNPUBLISHED
    article.save()
    work_queue()

    assert [body["event"] for body in bodies(receiver)] == ["article.unpublished"]


def test_update_unpublish_and_correction_are_announced(receiver, work_queue):
    endpoint_for(receiver)
    article = ArticleFactory()
    work_queue()
    article.headline = "A better headline"
    article.save()
    work_queue()
    Correction.objects.create(article=article, text="The vote was 52 to 48, not 48 to 52.")
    work_queue()
    article.status = Article.Status.UNPUBLISHED
    article.save()
    work_queue()

    events = [body["event"] for body in bodies(receiver)]
    assert events == ["article.published", "article.updated", "article.corrected", "article.unpublished"]
    updated, unpublished = bodies(receiver)[1], bodies(receiver)[3]
    assert updated["data"]["headline"] == "A better headline"
    assert unpublished["data"] == {
        "id": article.pk,
        "edition": "en",
        "headline": "A better headline",
        "url": f"http://testserver{article.get_absolute_url()}",
    }


def test_a_scheduled_story_is_announced_at_its_time_not_before(receiver, work_queue):
    endpoint_for(receiver)
    publish_at = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(status=Article.Status.SCHEDULED, publish_at=publish_at)
    work_queue()
    assert receiver.requests == []

    with time_machine.travel(publish_at + timedelta(seconds=1)):
        work_queue()

    assert [(body["event"], body["data"]["id"]) for body in bodies(receiver)] == [("article.published", article.pk)]


def test_a_rescheduled_story_is_announced_once_at_its_new_time(receiver, work_queue):
    endpoint_for(receiver)
    first = timezone.now() + timedelta(hours=1)
    article = ArticleFactory(status=Article.Status.SCHEDULED, publish_at=first)
    article.publish_at = first + timedelta(hours=1)
    article.save()

    with time_machine.travel(first + timedelta(hours=3)):
        work_queue()

    assert len(bodies(receiver)) == 1


def test_a_rolled_back_save_announces_nothing(receiver, work_queue):
    endpoint_for(receiver)
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory()
        raise RuntimeError("the editor's save failed")
    work_queue()
    # Only what a save announces counts: periodic work (a briefing falling due) may run meanwhile.
    assert receiver.requests == [] and not DBTaskResult.objects.filter(task_path__startswith="webhooks.").exists()


# Live stories


def test_a_post_on_a_public_live_story_is_announced_with_its_story(receiver, work_queue):
    endpoint_for(receiver)
    story = LiveStoryFactory()
    post = LivePostFactory(story=story, title="Polls close", body="<p>Counting begins in the capital.</p>")
    work_queue()

    [body] = [body for body in bodies(receiver) if body["event"] == "live.post"]
    assert body["data"]["id"] == post.pk and body["data"]["title"] == "Polls close"
    assert "Counting begins" in body["data"]["body"]
    assert body["data"]["story"]["id"] == story.article_id
    assert body["data"]["url"].startswith("http") and str(post.pk) in body["data"]["url"]


def test_posts_on_a_story_readers_cannot_see_are_not_announced(receiver, work_queue):
    endpoint_for(receiver)
    story = LiveStoryFactory(article=ArticleFactory(status=Article.Status.DRAFT, publish_at=None))
    LivePostFactory(story=story)
    work_queue()
    assert [body for body in bodies(receiver) if body["event"] == "live.post"] == []


def test_a_live_post_in_ninjs_is_a_text_item_of_its_story(receiver, work_queue):
    endpoint_for(receiver, format="ninjs")
    post = LivePostFactory(title="Polls close")
    work_queue()

    [body] = [body for body in bodies(receiver) if body["event"] == "live.post"]
    assert body["data"]["type"] == "text"
    assert body["data"]["uri"].endswith(f":post:{post.pk}")
    assert body["data"]["headlines"] == [{"role": "main", "value": "Polls close"}]


# Breaking news


def test_breaking_news_is_announced_when_posted_and_when_it_expires(receiver, work_queue):
    endpoint_for(receiver)
    item = BreakingItemFactory(text="Minister: talks resume on Monday")
    work_queue()
    item.expire()
    work_queue()

    events = [(body["event"], body["data"]["text"]) for body in bodies(receiver)]
    assert events == [
        ("breaking.posted", "Minister: talks resume on Monday"),
        ("breaking.expired", "Minister: talks resume on Monday"),
    ]


def test_breaking_news_expiring_by_itself_is_announced_once(receiver, work_queue):
    endpoint_for(receiver, format="ninjs")
    item = BreakingItemFactory()
    item.text = "Corrected wording"
    item.save()  # same expiry: no second announcement queued
    work_queue()
    with time_machine.travel(item.expires_at + timedelta(seconds=1)):
        work_queue()

    assert [(body["event"], body["data"]["pubstatus"]) for body in bodies(receiver)] == [
        ("breaking.posted", "usable"),
        ("breaking.expired", "canceled"),
    ]


# Other apps' events


def test_other_apps_emit_through_one_function_that_checks_names(db):
    with pytest.raises(ValueError, match="unknown webhook event"):
        emit("live.deleted", "en", "article", 1)
    with pytest.raises(ValueError, match="no webhook payload"):
        emit(Event.LIVE_POST, "en", "live_post_not_registered", 1)


# Retries, idempotency, the log


def test_failed_deliveries_retry_with_backoff_under_one_idempotency_id(receiver, work_queue):
    endpoint_for(receiver)
    receiver.fail_next = 2
    ArticleFactory()
    work_queue()

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    retry = DBTaskResult.objects.get(status="READY")
    assert timedelta(seconds=26) < retry.run_after - timezone.now() < timedelta(seconds=34)

    make_due_and_run(work_queue)
    make_due_and_run(work_queue)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DELIVERED, 3)
    ids = {headers["Meridian-Webhook-Id"] for headers, _body, _valid in receiver.requests}
    assert ids == {str(delivery.pk)} and len(receiver.requests) == 3
    assert len({body for _headers, body, _valid in receiver.requests}) == 1, "every retry sends the same bytes"
    log = list(delivery.attempt_log.values_list("status_code", "succeeded"))
    assert log == [(500, False), (500, False), (200, True)]
    assert len(delivery.attempt_log.first().response_excerpt) == 1024


def test_an_acknowledged_delivery_is_never_sent_again(receiver, work_queue):
    endpoint_for(receiver)
    ArticleFactory()
    work_queue()
    delivery = Delivery.objects.get()

    deliver.enqueue(str(delivery.pk))  # as if a worker died after the 200 and its task ran again
    work_queue()

    assert len(receiver.requests) == 1 and receiver.duplicates == 0


def test_retries_go_on_for_more_than_a_day():
    assert DELIVERY_RETRIES.span() >= timedelta(hours=24)


def test_an_endpoint_failing_for_a_day_is_switched_off_and_says_why(receiver, work_queue, client, mailoutbox):
    endpoint = endpoint_for(receiver, owner=UserFactory(username="partner-desk", email="partners@example.org"))
    receiver.fail_next = 1000
    ArticleFactory()
    ArticleFactory()
    work_queue()
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.failing_since is not None

    Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=timezone.now() - timedelta(hours=24, minutes=1))
    make_due_and_run(work_queue)

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "every delivery since" in endpoint.disabled_reason and "HTTP 500" in endpoint.disabled_reason
    [mail] = mailoutbox
    assert mail.to == ["partners@example.org"] and endpoint.disabled_reason in mail.body
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}
    attempts_before = Attempt.objects.count()
    make_due_and_run(work_queue)
    assert Attempt.objects.count() == attempts_before, "nothing more is sent to a switched-off endpoint"

    client.force_login(UserFactory(username="chief", role="Admin"))
    page = client.get(f"/{settings.ADMIN_PATH}webhooks/endpoint/{endpoint.pk}/change/", follow=True)
    assert "every delivery since" in page.content.decode()


def test_a_success_clears_the_failing_streak(receiver, work_queue):
    endpoint = endpoint_for(receiver)
    receiver.fail_next = 1
    ArticleFactory()
    work_queue()
    make_due_and_run(work_queue)
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None and endpoint.is_active


# Signatures


def test_verify_accepts_the_signature_and_refuses_tampering_and_replays():
    body = b'{"event": "ping"}'
    header = signing.signature_header(SECRET, body, timestamp=1_700_000_000)
    assert signing.verify(SECRET, header, body, now=1_700_000_010)
    assert not signing.verify(SECRET, header, body + b" ", now=1_700_000_010)
    assert not signing.verify("whsec_other", header, body, now=1_700_000_010)
    assert not signing.verify(SECRET, header, body, now=1_700_000_000 + 301)
    assert not signing.verify(SECRET, "v1=abc", body)


# SSRF


@pytest.mark.parametrize(
    "url",
    [
        "ftp://partner.example/hook",
        "file:///etc/passwd",
        "http://user:pw@partner.example/hook",
        "http://127.0.0.1:8000/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://0.0.0.0/hook",
        "http://localhost/hook",
        "http://localhost:99999/hook",
    ],
)
def test_forbidden_targets_are_refused_in_production(settings, url):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(ssrf.ForbiddenTarget):
        ssrf.resolve(url)


def test_the_sites_own_names_are_refused(settings):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    settings.NEWSROOM_SITE_URL = "https://www.themeridian.news"
    with pytest.raises(ssrf.ForbiddenTarget, match="own addresses"):
        ssrf.check_url("https://www.themeridian.news/api/hook")


def test_development_allows_loopback_but_never_metadata(settings):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    assert ssrf.resolve("http://127.0.0.1:9/hook")[3] == "127.0.0.1"
    with pytest.raises(ssrf.ForbiddenTarget, match="metadata"):
        ssrf.resolve("http://169.254.169.254/latest/meta-data/")


def test_a_target_refused_at_delivery_time_is_logged_and_never_contacted(receiver, work_queue, settings):
    endpoint_for(receiver)
    ArticleFactory()
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS = False  # e.g. the name now resolves inside
    work_queue()

    assert receiver.requests == []
    attempt = Attempt.objects.get()
    assert attempt.status_code is None and "Deliveries never go to" in attempt.error


def test_the_admin_refuses_a_private_url_in_production(client, db, settings):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    client.force_login(UserFactory(username="chief", role="Admin"))
    response = client.post(
        f"/{settings.ADMIN_PATH}webhooks/endpoint/add/",
        {"name": "Sneaky", "url": "http://169.254.169.254/", "editions": ["en"], "events": ["article.published"]}
        | {"format": "api", "is_active": "on", "secret": "whsec_x"},
    )
    assert response.status_code == 200 and not Endpoint.objects.exists()
    assert "metadata" in response.content.decode()


def test_only_admins_manage_webhooks(client, db):
    client.force_login(UserFactory(username="desk", role="Editor"))
    assert client.get(f"/{settings.ADMIN_PATH}webhooks/endpoint/").status_code == 403
    client.force_login(UserFactory(username="chief", role="Admin"))
    assert client.get(f"/{settings.ADMIN_PATH}webhooks/endpoint/").status_code == 200


def test_a_ping_reaches_one_endpoint(receiver, work_queue):
    endpoint = endpoint_for(receiver, events=[])
    emit(Event.PING, "", "ping", endpoint.pk)
    work_queue()
    assert [body["data"] for body in bodies(receiver)] == [{"message": "ping", "endpoint": endpoint.pk}]


def test_the_body_is_json_with_the_declared_fields(receiver, work_queue):
    endpoint_for(receiver)
    ArticleFactory()
    work_queue()
    _headers, raw, _valid = receiver.requests[0]
    assert set(json.loads(raw)) == {"id", "event", "created", "edition", "data"}
