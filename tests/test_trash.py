"""Soft delete: deleting an article moves it to a trash that editors restore from and admins purge."""

import pytest
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Byline
from discovery.models import SearchDocument
from tests.factories import ArticleFactory, UserFactory
from tests.test_admin_workflow import form_data

pytestmark = pytest.mark.django_db

TRASH_URL = reverse("admin:articles_trashedarticle_changelist")
ARTICLES_URL = reverse("admin:articles_article_changelist")


@pytest.fixture
def admin_role(db):
    return UserFactory(username="chief", role="Admin")


def logged_in(client, user):
    client.force_login(user)
    return client


def trash(article):
    article.move_to_trash()
    return Article.objects.get(pk=article.pk)


# --- the model ---------------------------------------------------------------------


def test_trashed_article_is_not_public():
    article = trash(ArticleFactory())

    assert not Article.objects.public().filter(pk=article.pk).exists()
    assert not article.is_public


def test_trashed_article_page_is_gone_for_readers(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    trash(article)

    assert client.get(url).status_code == 404


def test_trashed_article_leaves_the_api(client):
    article = trash(ArticleFactory())

    response = client.get("/api/v1/articles/")

    assert article.pk not in [item["id"] for item in response.json()["results"]]


def test_trashing_keeps_the_row_its_bylines_and_tags():
    article = ArticleFactory(tags=["Water"])

    trash(article)

    assert Article.objects.filter(pk=article.pk).exists()
    assert Byline.objects.filter(article=article).exists()
    assert list(Article.objects.get(pk=article.pk).tags.names()) == ["Water"]


def test_restore_brings_the_article_back_as_it_was():
    article = ArticleFactory()
    trash(article).restore()

    assert Article.objects.public().filter(pk=article.pk).exists()


def test_trash_and_restore_are_recorded_in_the_history():
    article = ArticleFactory()
    trash(article).restore()

    comments = [v.revision.comment for v in Version.objects.get_for_object(article)]
    assert "Moved to trash" in comments
    assert "Restored from trash" in comments


# --- the article desk ----------------------------------------------------------------


def test_deleting_from_the_admin_moves_to_the_trash(client, editor):
    article = ArticleFactory()

    response = logged_in(client, editor).post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.deleted_at is not None
    assert article.deleted_by == editor


def test_delete_confirmation_says_the_article_goes_to_the_trash(client, editor):
    article = ArticleFactory()

    response = logged_in(client, editor).get(reverse("admin:articles_article_delete", args=[article.pk]))

    assert "Move to trash" in response.content.decode()


def test_move_to_trash_action_trashes_the_selection(client, editor):
    articles = ArticleFactory.create_batch(2)

    logged_in(client, editor).post(
        ARTICLES_URL, {"action": "move_to_trash", "_selected_action": [a.pk for a in articles]}
    )

    assert Article.objects.trashed().count() == 2


def test_the_article_list_does_not_offer_permanent_deletion(client, editor):
    response = logged_in(client, editor).get(ARTICLES_URL)

    assert 'value="delete_selected"' not in response.content.decode()


def test_trashed_articles_leave_the_article_list(client, editor):
    article = trash(ArticleFactory(headline="Gone headline"))

    response = logged_in(client, editor).get(ARTICLES_URL)

    assert article.headline not in response.content.decode()


def test_reporter_can_trash_own_draft(client, reporter):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, created_by=reporter)

    logged_in(client, reporter).post(reverse("admin:articles_article_delete", args=[draft.pk]), {"post": "yes"})

    draft.refresh_from_db()
    assert draft.deleted_at is not None


def test_reporter_trash_action_skips_articles_that_are_not_their_drafts(client, reporter, other_reporter):
    own = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, created_by=reporter)
    others = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, created_by=other_reporter)

    logged_in(client, reporter).post(ARTICLES_URL, {"action": "move_to_trash", "_selected_action": [own.pk, others.pk]})

    assert list(Article.objects.trashed()) == [own]


# --- the trash -------------------------------------------------------------------------


def test_editor_sees_the_trash(client, editor):
    trash(ArticleFactory(headline="Withdrawn story"))

    response = logged_in(client, editor).get(TRASH_URL)

    assert response.status_code == 200
    assert "Withdrawn story" in response.content.decode()


def test_trash_lists_only_trashed_articles(client, editor):
    ArticleFactory(headline="Live story")
    trash(ArticleFactory(headline="Withdrawn story"))

    content = logged_in(client, editor).get(TRASH_URL).content.decode()

    assert "Live story" not in content


def test_reporter_cannot_see_the_trash(client, reporter):
    trash(ArticleFactory())

    assert logged_in(client, reporter).get(TRASH_URL).status_code == 403


def test_editor_restores_from_the_trash(client, editor):
    article = trash(ArticleFactory())

    logged_in(client, editor).post(TRASH_URL, {"action": "restore", "_selected_action": [article.pk]})

    assert Article.objects.public().filter(pk=article.pk).exists()


def test_reporter_cannot_restore_by_posting_the_action(client, reporter):
    article = trash(ArticleFactory())

    logged_in(client, reporter).post(TRASH_URL, {"action": "restore", "_selected_action": [article.pk]})

    assert Article.objects.trashed().filter(pk=article.pk).exists()


def test_trashed_article_cannot_be_edited(client, editor):
    article = trash(ArticleFactory(headline="Old headline"))
    url = reverse("admin:articles_trashedarticle_change", args=[article.pk])

    response = logged_in(client, editor).post(url, form_data(article, headline="New headline"))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Old headline"


def test_editor_cannot_delete_permanently(client, editor):
    article = trash(ArticleFactory())

    logged_in(client, editor).post(
        TRASH_URL, {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"}
    )

    assert Article.objects.filter(pk=article.pk).exists()


def test_editor_is_not_offered_permanent_deletion(client, editor):
    trash(ArticleFactory())

    assert 'value="delete_selected"' not in logged_in(client, editor).get(TRASH_URL).content.decode()


def test_admin_deletes_permanently_from_the_trash(client, admin_role):
    article = trash(ArticleFactory())

    logged_in(client, admin_role).post(
        TRASH_URL, {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"}
    )

    assert not Article.objects.filter(pk=article.pk).exists()


def test_a_purged_article_leaves_the_search_index(client, admin_role):
    from discovery.search import FTS_TABLE, using_postgresql

    article = trash(ArticleFactory(headline="Purged story"))
    assert SearchDocument.objects.filter(article_id=article.pk).exists()
    logged_in(client, admin_role).post(
        TRASH_URL, {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"}
    )

    if not using_postgresql():  # PostgreSQL's rows go with the article by cascade
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])
            assert cursor.fetchone()[0] == 0
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()


def test_permanent_deletion_only_reaches_trashed_articles(client, admin_role):
    live = ArticleFactory()

    logged_in(client, admin_role).post(
        TRASH_URL, {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"}
    )

    assert Article.objects.filter(pk=live.pk).exists()


def test_history_survives_permanent_deletion(client, admin_role):
    article = trash(ArticleFactory())

    logged_in(client, admin_role).post(
        TRASH_URL, {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"}
    )

    assert Version.objects.get_deleted(Article).filter(object_id=str(article.pk)).exists()
