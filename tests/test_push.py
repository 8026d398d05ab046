"""Web Push alerts: subscribing, the service worker, Editors' one alert per story, and delivery to a
local push service that checks VAPID and decrypts each message as a browser's would."""

import json
import stat

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from push import vapid
from push.models import Alert, AlertBatch, Subscription
from push.tasks import push_batch
from tests.factories import ArticleFactory, BreakingItemFactory, UserFactory
from tests.receivers import Browser, PushService

ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture(autouse=True)
def vapid_key_file(settings, tmp_path):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_VAPID_KEY_FILE = tmp_path / "var" / "vapid-private.pem"
    vapid.key.cache_clear()
    yield settings.WEBPUSH_VAPID_KEY_FILE
    vapid.key.cache_clear()


@pytest.fixture
def push_service(settings):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    settings.NEWSROOM_SITE_URL = "https://news.example"
    with PushService() as service:
        yield service


def subscribe(service, name, edition="en"):
    browser = service.browser(name)
    return Subscription.objects.create(edition=edition, endpoint=service.endpoint(name), **browser.keys())


def confirm_url(kind, pk):
    return f"{ADMIN}push/alert/send/{kind}/{pk}/"


# Editors send one alert per story


def test_an_editor_confirms_an_alert_seeing_its_audience_and_readers_get_it_decrypted(push_service, work_queue, client):
    for name in ("anna", "bilal", "carmen"):
        subscribe(push_service, name)
    subscribe(push_service, "diego", edition="es")
    push_service.gone.add("carmen")
    article = ArticleFactory(headline="Ceasefire agreed", standfirst="Talks end after nine days.")
    client.force_login(UserFactory(username="desk", role="Editor"))

    action = client.post(f"{ADMIN}articles/article/", {"action": "send_push_alert", "_selected_action": [article.pk]})
    assert action.status_code == 302 and action["Location"] == confirm_url("article", article.pk)
    page = client.get(confirm_url("article", article.pk))
    assert "Send this alert now to 3 readers of this edition?" in page.content.decode()
    assert not Alert.objects.exists(), "nothing is sent before the editor confirms"

    client.post(confirm_url("article", article.pk))
    work_queue()

    expected = {
        "title": "Ceasefire agreed",
        "body": "Talks end after nine days.",
        "url": f"https://news.example{article.get_absolute_url()}",
        "tag": f"alert-{Alert.objects.get().pk}",
        "lang": "en",
    }
    assert push_service.messages == {"anna": [expected], "bilal": [expected]}
    assert {claim["sub"] for claim in push_service.claims} == {f"mailto:{settings.NEWSROOM_CONTACT_EMAIL}"}
    assert {claim["k"] for claim in push_service.claims} == {vapid.application_server_key()}
    alert = Alert.objects.get()
    assert (alert.status, alert.audience, alert.sent, alert.gone) == (Alert.Status.SENT, 3, 2, 1)
    assert not Subscription.objects.filter(endpoint=push_service.endpoint("carmen")).exists(), "gone: dropped"


def test_a_story_is_alerted_once(push_service, work_queue, client):
    subscribe(push_service, "anna")
    article = ArticleFactory()
    client.force_login(UserFactory(username="desk", role="Editor"))
    client.post(confirm_url("article", article.pk))
    work_queue()

    again = client.post(confirm_url("article", article.pk))
    via_breaking = client.post(confirm_url("breaking", BreakingItemFactory(article=article).pk))
    work_queue()

    assert Alert.objects.count() == 1 and len(push_service.messages["anna"]) == 1
    for page in (again, via_breaking):
        assert "This story had its alert" in page.content.decode()
        assert "Send alert" not in page.content.decode()


def test_a_breaking_item_is_alerted_in_its_editions_language(push_service, work_queue, client):
    subscribe(push_service, "amal", edition="ar")
    item = BreakingItemFactory(edition="ar", text="الرئيس: المحادثات تستأنف الاثنين")
    client.force_login(UserFactory(username="desk", role="Editor"))
    client.post(confirm_url("breaking", item.pk))
    work_queue()

    [message] = push_service.messages["amal"]
    assert message["title"] == "الأخبار العاجلة" and message["body"] == item.text and message["lang"] == "ar"
    assert message["url"] == "https://news.example/ar/"


def test_unpublished_stories_cannot_be_alerted(db, client):
    article = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(UserFactory(username="desk", role="Editor"))
    page = client.post(confirm_url("article", article.pk))
    assert "Only a published story" in page.content.decode() and not Alert.objects.exists()


def test_reporters_neither_see_the_action_nor_send(db, client):
    article = ArticleFactory()
    client.force_login(UserFactory(username="cub", role="Reporter"))
    assert b"send_push_alert" not in client.get(f"{ADMIN}articles/article/").content
    assert client.post(confirm_url("article", article.pk)).status_code == 403
    assert not Alert.objects.exists()


# Delivery


def test_a_batch_rerun_after_a_lost_worker_skips_acknowledged_pushes(push_service, work_queue):
    first, second = subscribe(push_service, "anna"), subscribe(push_service, "bilal")
    alert = Alert.objects.create(edition="en", title="Alert", url="https://news.example/en/", audience=2)
    batch = AlertBatch.objects.create(alert=alert, first_id=first.pk, last_id=second.pk, done_through=first.pk)
    push_batch.enqueue(batch.pk)  # anna's push was acknowledged before the worker died
    work_queue()

    assert list(push_service.messages) == ["bilal"] and len(push_service.messages["bilal"]) == 1


def test_a_push_service_failure_is_tried_again(push_service, work_queue):
    subscribe(push_service, "anna")
    subscribe(push_service, "bilal")
    push_service.fail_next["bilal"] = 1
    alert = Alert.objects.create(edition="en", title="Alert", url="https://news.example/en/")
    from push.tasks import send_alert

    send_alert.enqueue(alert.pk)
    work_queue()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.SENDING and alert.sent == 1
    assert len(push_service.messages["anna"]) == 1 and "bilal" not in push_service.messages

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    work_queue()

    alert.refresh_from_db()
    assert (alert.status, alert.sent, alert.failed) == (Alert.Status.SENT, 2, 0)
    assert len(push_service.messages["anna"]) == 1 and len(push_service.messages["bilal"]) == 1


# Readers subscribe


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_a_browser_subscribes_to_the_edition_of_the_address(client, db):
    keys = Browser("x").keys()
    response = post_json(client, "/es/push/subscribe/", {"endpoint": "https://push.example.net/s/1", "keys": keys})
    assert response.status_code == 201
    assert Subscription.objects.get().edition == "es"
    assert (
        post_json(client, "/es/push/subscribe/", {"endpoint": "https://push.example.net/s/1", "keys": keys}).status_code
        == 200
    )
    assert post_json(client, "/es/push/unsubscribe/", {"endpoint": "https://push.example.net/s/1"}).json() == {
        "subscribed": False
    }
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps([]),
        json.dumps({"endpoint": "http://push.example.net/s/1", "keys": Browser("x").keys()}),
        json.dumps({"endpoint": "https://169.254.169.254/s/1", "keys": Browser("x").keys()}),
        json.dumps({"endpoint": "https://push.example.net/s/1", "keys": {"p256dh": "short", "auth": "x"}}),
        json.dumps({"endpoint": "https://push.example.net/s/1"}),
    ],
)
def test_bad_subscriptions_get_a_json_error(client, db, body):
    response = client.post("/en/push/subscribe/", body, content_type="application/json")
    assert response.status_code == 400 and "error" in response.json()
    assert not Subscription.objects.exists()


def test_the_service_worker_speaks_the_editions_language_and_may_serve_the_edition(client, db):
    response = client.get("/ar/push/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/ar/"
    body = response.content.decode()
    assert "الأخبار العاجلة" in body and 'dir: "rtl"' in body and "openWindow" in body


def test_the_prompt_gets_the_public_key_and_its_words(client, db):
    settings_json = client.get("/es/push/prompt.json").json()
    assert settings_json["key"] == vapid.application_server_key()
    assert settings_json["subscribe"] == "/es/push/subscribe/"
    assert settings_json["accept"] != "Turn on alerts", "in Spanish"


def test_a_development_key_is_generated_once_and_kept_private(vapid_key_file):
    public = vapid.application_server_key()
    assert stat.S_IMODE(vapid_key_file.stat().st_mode) == 0o600
    vapid.key.cache_clear()
    assert vapid.application_server_key() == public
