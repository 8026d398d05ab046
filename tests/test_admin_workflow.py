"""The editorial workflow in the admin: roles, publishing, revisions, stale saves, scheduled updates."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ScheduledUpdate, StaleArticleError
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def split(value):
    if not value:
        return {"_0": "", "_1": ""}
    local = timezone.localtime(value)
    return {"_0": local.strftime("%Y-%m-%d"), "_1": local.strftime("%H:%M:%S")}


def form_data(article=None, **overrides):
    """The POST body of the article form, filled from ``article`` and ``overrides``."""
    author = overrides.pop("author", None) or (
        article.bylines.first().author if article else AuthorFactory(edition=overrides.get("edition", "en"))
    )
    values = {
        "edition": "en",
        "kind": "news",
        "headline": "Parliament passes the water bill",
        "slug": "parliament-passes-the-water-bill",
        "standfirst": "A vote after months of debate.",
        "body": "<p>The bill passed by 201 votes to 150.</p>",
        "section": 2,
        "tags": "Water, Parliament",
        "status": "draft",
        "publish_at": None,
        "updated_at": None,
        "schedule_changes_at": None,
        "summary_points": "",
        "translation_group": "5b0f2c46-2d55-4c84-9bde-0c3f9f6b2b8e",
    }
    if article:
        values.update(
            edition=article.edition,
            kind=article.kind,
            headline=article.headline,
            slug=article.slug,
            standfirst=article.standfirst,
            body=article.body,
            section=article.section_id,
            tags=", ".join(article.tags.names()),
            status=article.status,
            publish_at=article.publish_at,
            updated_at=article.updated_at,
            translation_group=str(article.translation_group),
            loaded_version=article.version,
        )
    values.update(overrides)
    data = {}
    for key, value in values.items():
        if key in {"publish_at", "updated_at", "schedule_changes_at"}:
            data.update({key + suffix: part for suffix, part in split(value).items()})
        elif value is not None:
            data[key] = value
    byline_id = article.bylines.first().pk if article else ""
    data.update(
        {
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "1" if article else "0",
            "bylines-MIN_NUM_FORMS": "1",
            "bylines-MAX_NUM_FORMS": "1000",
            "bylines-0-id": byline_id,
            "bylines-0-author": author.pk,
            "bylines-0-position": "0",
            "gallery_items-TOTAL_FORMS": "0",
            "gallery_items-INITIAL_FORMS": "0",
            "gallery_items-MIN_NUM_FORMS": "0",
            "gallery_items-MAX_NUM_FORMS": "1000",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0",
            "corrections-MAX_NUM_FORMS": "1000",
            "scheduled_updates-TOTAL_FORMS": "0",
            "scheduled_updates-INITIAL_FORMS": "0",
            "scheduled_updates-MIN_NUM_FORMS": "0",
            "scheduled_updates-MAX_NUM_FORMS": "1000",
            "desk_notes-TOTAL_FORMS": "0",
            "desk_notes-INITIAL_FORMS": "0",
            "desk_notes-MIN_NUM_FORMS": "0",
            "desk_notes-MAX_NUM_FORMS": "1000",
        }
    )
    if article:
        data["bylines-0-article"] = article.pk
    return data


def errors_of(response):
    return response.context["adminform"].form.errors if response.context and "adminform" in response.context else {}


# --- Reporters ----------------------------------------------------------------------


def test_reporter_writes_a_draft_that_records_its_creator(client, reporter):
    client.force_login(reporter)
    response = client.post(ADD_URL, form_data())
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.created_by == reporter
    assert set(article.tags.names()) == {"Water", "Parliament"}


def test_reporter_cannot_publish_even_by_posting_the_status(client, reporter):
    client.force_login(reporter)
    response = client.post(ADD_URL, form_data(status="published"))
    assert response.status_code == 200
    assert "status" in errors_of(response)
    assert not Article.objects.exists()


def test_reporter_submits_own_draft_for_review(client, reporter):
    article = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
    client.force_login(reporter)
    response = client.post(change_url(article), form_data(article, status="review"))
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_reporter_cannot_edit_someone_elses_draft(client, reporter, other_reporter):
    article = ArticleFactory(status=Article.Status.DRAFT, created_by=other_reporter, headline="Theirs")
    client.force_login(reporter)
    response = client.post(change_url(article), form_data(article, headline="Mine now"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Theirs"


def test_reporter_cannot_edit_own_article_once_submitted(client, reporter):
    article = ArticleFactory(status=Article.Status.REVIEW, created_by=reporter, headline="Submitted")
    client.force_login(reporter)
    response = client.post(change_url(article), form_data(article, headline="Sneaky edit"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Submitted"


def test_reporter_cannot_use_the_publish_action(client, reporter):
    article = ArticleFactory(status=Article.Status.DRAFT, created_by=reporter)
    client.force_login(reporter)
    changelist = client.get(reverse("admin:articles_article_changelist"))
    assert "publish_now" not in changelist.content.decode()
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_cannot_delete_a_published_article(client, reporter):
    article = ArticleFactory(created_by=reporter)
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


# --- Editors ------------------------------------------------------------------------


def test_editor_publishes_from_the_form(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(status="published"))
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert article.is_public
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_schedules_an_article_that_appears_at_its_time(client, editor):
    client.force_login(editor)
    when = timezone.now() + timedelta(hours=3)
    response = client.post(ADD_URL, form_data(status="scheduled", publish_at=when))
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(when + timedelta(seconds=5)):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_scheduling_in_the_past_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(status="scheduled", publish_at=timezone.now() - timedelta(hours=1)))
    assert response.status_code == 200
    assert "publish_at" in errors_of(response)


def test_editor_publish_and_unpublish_actions_leave_revisions(client, editor):
    drafts = ArticleFactory.create_batch(2, status=Article.Status.REVIEW, publish_at=None)
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    client.post(url, {"action": "publish_now", "_selected_action": [a.pk for a in drafts]})
    assert Article.objects.public().count() == 2
    client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert Article.objects.public().count() == 1
    assert Version.objects.get_for_object(drafts[0]).count() == 2


def test_changelist_shows_which_editions_a_story_exists_in(client, editor):
    english = ArticleFactory(edition="en", headline="Story in three editions")
    ArticleFactory(edition="ar", translation_group=english.translation_group)
    ArticleFactory(edition="es", translation_group=english.translation_group)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_changelist") + "?edition__exact=en").content.decode()
    assert '<span class="edition-code">ar</span> <span class="edition-code edition-code--own">en</span> ' in html


def test_changelist_filters_by_state_and_searches(client, editor):
    ArticleFactory(headline="Harbour reopens", status=Article.Status.DRAFT)
    ArticleFactory(headline="Harbour closes")
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    assert client.get(url, {"status__exact": "draft"}).context["cl"].result_count == 1
    assert client.get(url, {"q": "harbour"}).context["cl"].result_count == 2


# --- Nothing is lost ------------------------------------------------------------------


def test_every_admin_save_keeps_a_revision_with_author_and_can_be_restored(client, editor):
    client.force_login(editor)
    client.post(ADD_URL, form_data(headline="First wording"))
    article = Article.objects.get()
    client.post(change_url(article), form_data(article, headline="Second wording"))
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {editor}
    oldest = versions.order_by("pk").first()
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    compare = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"version_id1": oldest.pk, "version_id2": versions.order_by("pk").last().pk},
    )
    assert compare.status_code == 200
    assert "First wording" in compare.content.decode()
    revert_url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    article.refresh_from_db()
    response = client.post(revert_url, form_data(article, headline="First wording"))
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.headline == "First wording"


def test_stale_save_is_refused_with_a_clear_message_and_keeps_the_newer_text(client, editor):
    article = ArticleFactory(headline="Original", created_by=editor)
    stale = form_data(article, headline="Editor A's change")
    client.force_login(editor)
    fresh = form_data(article, headline="Editor B's change")
    assert client.post(change_url(article), fresh).status_code == 302
    response = client.post(change_url(article), stale)
    assert response.status_code == 200
    assert "Someone else saved this article" in response.content.decode()
    assert "Editor A&#x27;s change" in response.content.decode()  # the refused text is still in the form
    article.refresh_from_db()
    assert article.headline == "Editor B's change"


def test_concurrent_model_saves_cannot_overwrite_each_other():
    article = ArticleFactory()
    first = Article.objects.get(pk=article.pk)
    second = Article.objects.get(pk=article.pk)
    first.headline = "First"
    first.save()
    second.headline = "Second"
    with pytest.raises(StaleArticleError):
        second.save()
    article.refresh_from_db()
    assert article.headline == "First"


# --- Scheduled update of a live article --------------------------------------------------


def test_scheduled_update_waits_for_its_time_while_readers_keep_the_live_version(client, editor):
    article = ArticleFactory(headline="Live headline", created_by=editor)
    client.force_login(editor)
    when = timezone.now() + timedelta(hours=1)
    response = client.post(
        change_url(article), form_data(article, headline="Updated headline", schedule_changes_at=when)
    )
    assert response.status_code == 302, errors_of(response)
    update = ScheduledUpdate.objects.get()
    assert update.changes == {"headline": "Updated headline"}
    client.logout()
    assert "Live headline" in client.get(article.get_absolute_url()).content.decode()
    with time_machine.travel(when + timedelta(seconds=1)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert "Updated headline" in html
    update.refresh_from_db()
    assert update.applied_at is not None
    assert Version.objects.get_for_object(article).first().revision.comment.startswith("Scheduled update applied")


def test_scheduled_update_is_only_for_live_articles(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT, created_by=editor)
    client.force_login(editor)
    response = client.post(
        change_url(article),
        form_data(article, headline="Changed", schedule_changes_at=timezone.now() + timedelta(hours=1)),
    )
    assert response.status_code == 200
    assert "schedule_changes_at" in errors_of(response)


# --- Preview, pickers, suggestions ---------------------------------------------------------


def test_staff_preview_an_unpublished_article_and_readers_cannot(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT, headline="Not yet out")
    preview_url = reverse("admin:articles_article_preview", args=[article.pk])
    anonymous = client.get(preview_url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    client.force_login(editor)
    response = client.get(preview_url)
    assert response.status_code == 200
    assert "Not yet out" in response.content.decode()


def test_view_on_site_points_drafts_to_the_preview(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert reverse("admin:articles_article_preview", args=[article.pk]) in html


def test_photo_picker_lists_library_photos_for_the_body_editor(client, editor):
    photo = PhotoFactory(caption="Harbour at dawn")
    client.force_login(editor)
    items = client.get(reverse("admin:media_photo_picker")).json()
    assert {"title": "Harbour at dawn (AP)", "value": photo.image.url} in items


def test_tag_suggestions_match_the_typed_prefix(client, editor):
    ArticleFactory(tags=["Gaza", "Gas prices", "Elections"])
    client.force_login(editor)
    results = client.get(reverse("admin:articles_article_tags"), {"q": "ga"}).json()["results"]
    assert results == ["Gas prices", "Gaza"]


def test_main_photo_field_shows_a_thumbnail(client, editor):
    photo = PhotoFactory()
    article = ArticleFactory(hero_photo=photo)
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert f'src="{photo.image.url}"' in html


def test_restoring_a_revision_brings_back_its_tags(client, editor):
    client.force_login(editor)
    client.post(ADD_URL, form_data(tags="Water, Parliament"))
    article = Article.objects.get()
    client.post(change_url(article), form_data(article, tags="Drought"))
    assert set(article.tags.names()) == {"Drought"}
    first = Version.objects.get_for_object(article).order_by("pk").first()
    article.refresh_from_db()
    first.revision.revert(delete=True)
    assert set(Article.objects.get(pk=article.pk).tags.names()) == {"Water", "Parliament"}


def test_new_article_form_starts_in_the_admin_language_edition(client, editor):
    client.force_login(editor)
    form = client.get(ADD_URL, HTTP_ACCEPT_LANGUAGE="es").context["adminform"].form
    assert form.initial["edition"] == "es"
