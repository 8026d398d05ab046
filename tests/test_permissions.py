"""Who may do what in the admin, checked on the server: URLs answer 403, posts change nothing.

The workflow rules for articles are in ``test_admin_workflow.py`` and the trash
in ``test_trash.py``; this file covers the rest of the role matrix.
"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article
from breaking.models import BreakingItem
from media.models import Photo
from taxonomy.models import Section
from tests.factories import ArticleFactory, BreakingItemFactory, PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_role(db):
    return UserFactory(username="chief", role="Admin")


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:taxonomy_section_add",
        "admin:taxonomy_region_add",
        "admin:articles_author_add",
        "admin:articles_trashedarticle_changelist",
        "admin:breaking_breakingitem_add",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_reporter_is_refused(client, reporter, url_name):
    assert as_user(client, reporter).get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize(
    "url_name",
    ["admin:auth_user_changelist", "admin:auth_user_add", "admin:axes_accessattempt_changelist"],
)
def test_editor_cannot_manage_accounts_or_lockouts(client, editor, url_name):
    assert as_user(client, editor).get(reverse(url_name)).status_code == 403


def test_reporter_cannot_post_breaking_news_by_posting_the_form(client, reporter):
    as_user(client, reporter).post(reverse("admin:breaking_breakingitem_add"), {"edition": "en", "text": "Flash"})

    assert not BreakingItem.objects.exists()


def test_reporter_cannot_expire_breaking_news_through_the_change_form(client, reporter):
    item = BreakingItemFactory()

    response = as_user(client, reporter).post(
        reverse("admin:breaking_breakingitem_change", args=[item.pk]), {"text": "Changed", "edition": "en"}
    )

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.text != "Changed"


def test_reporter_cannot_rename_a_section(client, reporter):
    section = Section.objects.get(slug="politics")

    response = as_user(client, reporter).post(
        reverse("admin:taxonomy_section_change", args=[section.pk]), {"name": "Renamed", "slug": "politics"}
    )

    assert response.status_code == 403
    assert Section.objects.get(pk=section.pk).name != "Renamed"


def test_reporter_cannot_delete_library_photos(client, reporter):
    photo = PhotoFactory()

    response = as_user(client, reporter).post(reverse("admin:media_photo_delete", args=[photo.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_reporter_cannot_trash_a_published_article_by_posting_the_action(client, reporter):
    article = ArticleFactory(created_by=reporter)

    as_user(client, reporter).post(
        reverse("admin:articles_article_changelist"), {"action": "move_to_trash", "_selected_action": [article.pk]}
    )

    assert not Article.objects.trashed().exists()


def test_reporter_cannot_grant_themselves_a_role(client, reporter):
    response = as_user(client, reporter).post(
        reverse("admin:auth_user_change", args=[reporter.pk]), {"username": "reporter", "is_superuser": "on"}
    )

    assert response.status_code == 403
    assert not User.objects.get(pk=reporter.pk).is_superuser


def test_admin_role_manages_accounts(client, admin_role):
    assert as_user(client, admin_role).get(reverse("admin:auth_user_changelist")).status_code == 200


def test_non_staff_accounts_cannot_open_the_admin(client):
    reader = UserFactory(username="reader", is_staff=False)

    response = as_user(client, reader).get(reverse("admin:index"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_inactive_staff_cannot_open_the_admin(client):
    former = UserFactory(username="former", is_active=False, role="Editor")

    response = as_user(client, former).get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 302
