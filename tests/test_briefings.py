"""Email briefings: double opt-in, the daily send through a real local SMTP server (aiosmtpd),
text and HTML parts, right to left in Arabic, one-click unsubscribe, editors' picks else Most Read."""

import email
import email.policy
import re
import socket
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from briefings import tasks as briefing_tasks
from briefings.models import Briefing, BriefingStory, Sending, Subscriber
from readership import popularity
from tasks.periodic import enqueue_due
from tests.factories import ArticleFactory


class Mailbox:
    """aiosmtpd handler: keeps every message it accepts, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd needs a port number it can call itself on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.NEWSROOM_SITE_URL = "https://news.example"
    yield mailbox
    controller.stop()


def parts(message):
    return message.get_body("plain").get_content(), message.get_body("html").get_content()


def link(text, name):
    return re.search(rf"https://news\.example(/\w\w/briefing/{name}/[\w-]+/)", text)[1]


def test_signing_up_sends_a_confirmation_and_only_confirmed_readers_get_briefings(smtp, work_queue, client):
    response = client.post("/en/briefing/", {"email": "Reader@Example.org"})
    assert response.status_code == 200 and "Almost there" in response.content.decode()
    work_queue()

    [confirmation] = smtp.messages
    assert confirmation["To"] == "reader@example.org"
    text, html = parts(confirmation)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    page = client.get(link(text, "confirm"))
    assert page.status_code == 200 and Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert link(text, "confirm") in html


def test_signing_up_again_does_not_reveal_or_duplicate(smtp, work_queue, client):
    Subscriber.objects.create(email="known@example.org", edition="en", status=Subscriber.Status.CONFIRMED)
    response = client.post("/en/briefing/", {"email": "known@example.org"})
    work_queue()
    assert "Almost there" in response.content.decode()
    assert smtp.messages == [] and Subscriber.objects.count() == 1


def test_a_bad_address_is_refused_with_the_form(db, client):
    response = client.post("/en/briefing/", {"email": "not an address"})
    assert response.status_code == 400 and not Subscriber.objects.exists()


def test_the_briefing_has_the_editors_picks_text_and_html_and_one_click_unsubscribe(smtp, work_queue, client):
    reader = Subscriber.objects.create(email="r@example.org", edition="en", status=Subscriber.Status.CONFIRMED)
    Subscriber.objects.create(email="pending@example.org", edition="en")
    Subscriber.objects.create(email="es@example.org", edition="es", status=Subscriber.Status.CONFIRMED)
    first, second = ArticleFactory(headline="Dam deal signed"), ArticleFactory(headline="Rates held")
    ArticleFactory(headline="Not picked")
    briefing = Briefing.objects.create(edition="en", date=timezone.localdate(), intro="Good morning.")
    BriefingStory.objects.create(briefing=briefing, article=second, position=1)
    BriefingStory.objects.create(briefing=briefing, article=first, position=2)

    briefing_tasks.send_briefing.enqueue(briefing.pk)
    work_queue()

    [message] = smtp.messages
    assert message["To"] == "r@example.org"
    text, html = parts(message)
    assert text.index("Rates held") < text.index("Dam deal signed") and "Not picked" not in text
    assert f"https://news.example{first.get_absolute_url()}" in text and "Good morning." in html
    unsubscribe = f"https://news.example/en/briefing/unsubscribe/{reader.token}/"
    assert message["List-Unsubscribe"].strip().startswith(f"<{unsubscribe}>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text and unsubscribe in html

    # The mail program's one click: a POST with no token or cookie.
    assert client.post(unsubscribe.removeprefix("https://news.example")).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    briefing.refresh_from_db()
    assert briefing.sent_at is not None and briefing.recipients == 1


def test_following_the_unsubscribe_link_asks_first(db, client):
    reader = Subscriber.objects.create(email="r@example.org", edition="en", status=Subscriber.Status.CONFIRMED)
    page = client.get(f"/en/briefing/unsubscribe/{reader.token}/")
    assert page.status_code == 200 and "r@example.org" in page.content.decode()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED
    assert client.get("/en/briefing/unsubscribe/nonsense/").status_code == 404


def test_the_arabic_briefing_is_right_to_left_and_in_arabic(smtp, work_queue):
    Subscriber.objects.create(email="r@example.org", edition="ar", status=Subscriber.Status.CONFIRMED)
    ArticleFactory(edition="ar", headline="اتفاق على السد")
    briefing = Briefing.objects.create(edition="ar", date=timezone.localdate())
    briefing_tasks.send_briefing.enqueue(briefing.pk)
    work_queue()

    [message] = smtp.messages
    text, html = parts(message)
    assert '<html lang="ar" dir="rtl">' in html and "اتفاق على السد" in html and "اتفاق على السد" in text
    assert "briefing" not in message["Subject"].lower()


def test_without_picks_the_briefing_takes_most_read(smtp, work_queue, settings):
    Subscriber.objects.create(email="r@example.org", edition="en", status=Subscriber.Status.CONFIRMED)
    quiet, popular = ArticleFactory(headline="Quiet story"), ArticleFactory(headline="Popular story")
    for _view in range(5):
        popularity.record_view(popular)
    popularity.record_view(quiet)
    popularity.flush_views()
    briefing = Briefing.objects.create(edition="en", date=timezone.localdate())
    briefing_tasks.send_briefing.enqueue(briefing.pk)
    work_queue()

    text, _html = parts(smtp.messages[0])
    assert text.index("Popular story") < text.index("Quiet story")


def test_the_daily_send_goes_once_at_the_editions_hour_and_never_twice(smtp, work_queue, settings):
    settings.NEWSROOM_BRIEFING_HOUR = 7
    Subscriber.objects.create(email="r@example.org", edition="es", status=Subscriber.Status.CONFIRMED)
    ArticleFactory(edition="es", publish_at=timezone.make_aware(timezone.datetime(2026, 3, 1)))
    # 06:30 in Mexico City (UTC-6): not yet.
    with time_machine.travel("2026-03-02 12:30:00+00:00"):
        briefing_tasks.send_due_briefings.enqueue()
        work_queue()
        assert smtp.messages == []
    with time_machine.travel("2026-03-02 13:05:00+00:00"):
        briefing_tasks.send_due_briefings.enqueue()
        work_queue()
        briefing_tasks.send_due_briefings.enqueue()
        briefing_tasks.send_briefing.enqueue(Briefing.objects.get(edition="es").pk)  # a rerun
        work_queue()

    assert len(smtp.messages) == 1
    assert Briefing.objects.get(edition="es").date.isoformat() == "2026-03-02"
    assert Sending.objects.count() == 1


def test_workers_enqueue_the_periodic_check_once_per_interval(db):
    now = timezone.now()
    assert "briefings.tasks.send_due_briefings" in enqueue_due(now)
    assert "briefings.tasks.send_due_briefings" not in enqueue_due(now + timedelta(minutes=1))
    assert "briefings.tasks.send_due_briefings" in enqueue_due(now + timedelta(minutes=11))
