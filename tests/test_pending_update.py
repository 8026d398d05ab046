"""A live story's scheduled update is shown above its form, and can be edited or cancelled there."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import ScheduledUpdate
from tests.factories import ArticleFactory, PhotoFactory
from tests.test_admin_workflow import change_url, errors_of, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]


@pytest.fixture
def scheduled(editor):
    story = ArticleFactory(headline="Live headline", standfirst="Live standfirst")
    when = timezone.now() + timedelta(hours=2)
    update = services.schedule_update(story, {"headline": "Updated headline"}, when, editor)
    return story, update


def test_the_form_shows_the_pending_update_beside_the_live_version(client, editor, scheduled):
    story, update = scheduled
    client.force_login(editor)
    html = client.get(change_url(story)).content.decode()
    time = timezone.localtime(update.apply_at).strftime("%H:%M")
    assert f"Scheduled update for {time}" in html
    assert "<dt>Headline</dt><dd>Updated headline</dd>" in html
    assert 'value="Live headline"' in html  # the form is the live version
    assert f'href="?update={update.pk}"' in html


def test_editing_the_update_opens_the_form_on_its_values_and_saving_replaces_it(client, editor, scheduled):
    story, update = scheduled
    client.force_login(editor)
    url = f"{change_url(story)}?update={update.pk}"
    html = client.get(url).content.decode()
    assert 'value="Updated headline"' in html
    later = update.apply_at + timedelta(hours=1)
    data = form_data(story, headline="Updated headline", standfirst="New standfirst", schedule_changes_at=later)
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    replaced = ScheduledUpdate.objects.pending().get()
    assert replaced.pk != update.pk
    assert replaced.changes == {"headline": "Updated headline", "standfirst": "New standfirst"}
    assert abs(replaced.apply_at - later) < timedelta(seconds=1)
    story.refresh_from_db()
    assert story.headline == "Live headline"


def test_turning_every_change_back_drops_the_update(client, editor, scheduled):
    story, update = scheduled
    client.force_login(editor)
    data = form_data(story, headline="Live headline", schedule_changes_at=update.apply_at)
    response = client.post(f"{change_url(story)}?update={update.pk}", data)
    assert response.status_code == 302, errors_of(response)
    assert not ScheduledUpdate.objects.exists()


def test_an_edited_update_needs_a_time(client, editor, scheduled):
    story, update = scheduled
    client.force_login(editor)
    response = client.post(f"{change_url(story)}?update={update.pk}", form_data(story, headline="Other"))
    assert response.status_code == 200
    assert "schedule_changes_at" in errors_of(response)
    assert ScheduledUpdate.objects.get().changes == {"headline": "Updated headline"}


def test_cancelling_the_update_keeps_the_live_version(client, editor, scheduled):
    story, update = scheduled
    client.force_login(editor)
    url = reverse("admin:articles_article_cancel_update", args=[story.pk, update.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == change_url(story)
    assert not ScheduledUpdate.objects.exists()
    assert "Scheduled update for" not in response.content.decode()


def test_a_reporter_cannot_cancel_an_update(client, reporter, scheduled):
    story, update = scheduled
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_cancel_update", args=[story.pk, update.pk]))
    assert response.status_code == 403
    assert ScheduledUpdate.objects.exists()


def test_a_new_main_photo_can_be_scheduled_and_is_named_in_the_box(client, editor):
    story = ArticleFactory()
    photo = PhotoFactory(caption="Harbour at dawn")
    client.force_login(editor)
    when = timezone.now() + timedelta(hours=1)
    response = client.post(change_url(story), form_data(story, hero_photo=photo.pk, schedule_changes_at=when))
    assert response.status_code == 302, errors_of(response)
    assert ScheduledUpdate.objects.get().changes == {"hero_photo_id": photo.pk}
    html = client.get(change_url(story)).content.decode()
    assert f"<dt>Main photo</dt><dd>{photo}</dd>" in html
