"""Preview links: an editor shares a story not yet public; the link expires, can be withdrawn, and is never kept."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from audit.models import AuditEntry
from desk.models import PreviewLink
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HEADLINE = "Minister under investigation"
ADD_URL = reverse("admin:desk_previewlink_add")
LIST_URL = reverse("admin:desk_previewlink_changelist")


@pytest.fixture
def draft():
    return ArticleFactory(headline=HEADLINE, status=Article.Status.REVIEW, publish_at=None)


def share(client, article, days=3, recipient="Our lawyer, M. Díaz"):
    return client.post(ADD_URL, {"article": article.pk, "recipient": recipient, "lifetime": days})


@pytest.fixture
def link(client, editor, draft):
    client.force_login(editor)
    assert share(client, draft).status_code == 302
    client.logout()
    return PreviewLink.objects.get()


def assert_private(response):
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= control
    assert "noindex" in response["X-Robots-Tag"]
    assert "X-Page-Cache" not in response  # the page cache never looked at it


# --- a working link -----------------------------------------------------------------------------------


def test_a_link_shows_the_story_without_a_login_kept_from_search_engines_and_caches(client, link):
    response = client.get(link.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert HEADLINE in page
    assert '<meta name="robots" content="noindex' in page
    assert_private(response)


def test_the_story_is_shown_in_its_editions_frame(client, editor):
    article = ArticleFactory(edition="ar", headline="وزير قيد التحقيق", status=Article.Status.DRAFT, publish_at=None)
    client.force_login(editor)
    share(client, article)
    client.logout()
    page = client.get(PreviewLink.objects.get().get_absolute_url()).content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert "وزير قيد التحقيق" in page


def test_a_link_is_never_served_from_the_page_cache(client, link, settings):
    first = client.get(link.get_absolute_url())
    Article.objects.filter(pk=link.article_id).update(headline="Minister cleared")
    second = client.get(link.get_absolute_url())
    assert HEADLINE in first.content.decode() and "Minister cleared" in second.content.decode()


def test_the_link_expires_after_the_chosen_days(client, link):
    assert link.expires_at - timezone.now() == pytest.approx(timedelta(days=3), abs=timedelta(minutes=1))
    with time_machine.travel(link.expires_at + timedelta(seconds=1)):
        response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "This preview link has expired" in response.content.decode()
    assert HEADLINE not in response.content.decode()
    assert_private(response)


def test_a_withdrawn_link_is_gone(client, editor, link):
    client.force_login(editor)
    client.post(LIST_URL, {"action": "withdraw", "_selected_action": [link.pk]})
    client.logout()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert HEADLINE not in response.content.decode()


def test_a_forged_or_altered_link_shows_nothing(client, link):
    token = link.token
    for forged in (token[:-2] + "xx", "nonsense", token.replace(token.split(":")[0], token.split(":")[0] + "A")):
        response = client.get(reverse("desk:shared-preview", kwargs={"token": forged}))
        assert response.status_code == 410
        assert "not valid" in response.content.decode()
        assert_private(response)


def test_a_link_to_a_deleted_story_is_gone(client, link):
    Article.objects.get(pk=link.article_id).move_to_trash()
    assert client.get(link.get_absolute_url()).status_code == 410


def test_once_the_story_is_public_the_link_leads_to_its_page(client, link):
    article = Article.objects.get(pk=link.article_id)
    article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now()
    article.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


# --- the desk -----------------------------------------------------------------------------------------


def test_editors_see_a_storys_working_links_and_not_the_others(client, editor, link):
    other = PreviewLink.objects.create(
        article=link.article, recipient="A source", expires_at=timezone.now() + timedelta(days=1)
    )
    other.revoke(editor)
    client.force_login(editor)
    listing = client.get(LIST_URL, {"article__id__exact": link.article_id, "state": "active"}).content.decode()
    assert "Our lawyer, M. Díaz" in listing and "A source" not in listing
    story_page = client.get(reverse("admin:articles_article_change", args=[link.article_id])).content.decode()
    assert f"{ADD_URL}?article={link.article_id}" in story_page
    assert "Preview links" in story_page


def test_the_new_link_is_shown_to_the_editor_who_made_it(client, editor, draft):
    client.force_login(editor)
    response = client.post(ADD_URL, {"article": draft.pk, "recipient": "A source", "lifetime": 1}, follow=True)
    link = PreviewLink.objects.get()
    assert f"http://testserver{link.get_absolute_url()}" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"{LIST_URL}?article__id__exact={draft.pk}&state=active"
    assert link.created_by == editor
    assert link.expires_at - timezone.now() < timedelta(days=1, minutes=1)


def test_a_public_story_gets_no_preview_link(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = share(client, article)
    assert response.status_code == 200
    assert "already public" in str(response.context["adminform"].form.errors["article"])
    assert not PreviewLink.objects.exists()


def test_a_lifetime_outside_the_choices_is_refused(client, editor, draft):
    client.force_login(editor)
    assert share(client, draft, days=365).status_code == 200
    assert not PreviewLink.objects.exists()


def test_reporters_cannot_share_previews(client, reporter, draft):
    client.force_login(reporter)
    assert share(client, draft).status_code == 403
    assert not PreviewLink.objects.exists()


def test_making_and_withdrawing_a_link_is_in_the_audit_log(client, editor, link):
    link.revoke(editor)
    actions = set(AuditEntry.objects.filter(object_id=str(link.pk)).values_list("action", flat=True))
    assert {"preview_link_created", "preview_link_withdrawn"} <= actions
    assert not any(link.nonce in str(entry.changes) for entry in AuditEntry.objects.all())


def test_the_add_and_change_pages_open(client, editor, link):
    client.force_login(editor)
    add = client.get(ADD_URL, {"article": link.article_id})
    assert add.status_code == 200
    assert add.context["adminform"].form.initial["article"] == str(link.article_id)
    change = client.get(reverse("admin:desk_previewlink_change", args=[link.pk]))
    assert change.status_code == 200
    assert link.get_absolute_url() in change.content.decode()
