"""The editorial workflow, called directly: who may move a story where, and what each move leaves behind.

The admin's use of the same rules is tested in ``test_permissions`` and ``test_admin_workflow``.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Article.Status


def draft_by(user, **fields):
    return ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=user, **fields)


def last_comment(article):
    return Version.objects.get_for_object(article).first().revision.comment


def test_editors_edit_everything_reporters_only_their_own_drafts(editor, reporter, other_reporter):
    own_draft = draft_by(reporter)
    others_draft = draft_by(other_reporter)
    own_in_review = ArticleFactory(status=Status.REVIEW, created_by=reporter)
    assert workflow.can_edit(reporter, own_draft)
    assert not workflow.can_edit(reporter, others_draft)
    assert not workflow.can_edit(reporter, own_in_review)
    assert all(workflow.can_edit(editor, story) for story in (own_draft, others_draft, own_in_review))
    assert not workflow.can_edit(None, own_draft)


def test_reporters_choose_only_draft_or_review(editor, reporter):
    assert [value for value, _label in workflow.status_choices(reporter)] == ["draft", "review"]
    assert [value for value, _label in workflow.status_choices(editor)] == list(Status.values)
    assert not workflow.can_choose(reporter, Status.PUBLISHED)


def test_editable_by_narrows_a_bulk_selection_for_reporters(editor, reporter, other_reporter):
    mine, theirs = draft_by(reporter), draft_by(other_reporter)
    everything = Article.objects.filter(pk__in=[mine.pk, theirs.pk])
    assert list(workflow.editable_by(reporter, everything)) == [mine]
    assert set(workflow.editable_by(editor, everything)) == {mine, theirs}


def test_submit_sends_a_draft_for_review_with_a_revision(reporter):
    story = draft_by(reporter)
    workflow.submit(story, reporter)
    story.refresh_from_db()
    assert story.status == Status.REVIEW
    assert last_comment(story) == "Status set to In review"


def test_a_reporter_cannot_submit_someone_elses_draft_and_nothing_changes(reporter, other_reporter):
    story = draft_by(other_reporter)
    with pytest.raises(workflow.NotAllowed):
        workflow.submit(story, reporter)
    story.refresh_from_db()
    assert story.status == Status.DRAFT


@pytest.mark.parametrize("move", [workflow.publish, workflow.unpublish])
def test_only_editors_publish_or_unpublish(reporter, move):
    story = draft_by(reporter)
    with pytest.raises(workflow.NotAllowed):
        move(story, reporter)
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_publish_makes_a_draft_public_now(editor, reporter):
    story = draft_by(reporter)
    workflow.publish(story, editor)
    assert Article.objects.public().filter(pk=story.pk).exists()
    assert last_comment(story) == "Status set to Published"


def test_republishing_keeps_the_first_publication_time(editor):
    first = timezone.now() - timedelta(days=3)
    story = ArticleFactory(status=Status.UNPUBLISHED, publish_at=first)
    workflow.publish(story, editor)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.publish_at == first


def test_schedule_needs_a_time_to_come(editor, reporter):
    story = draft_by(reporter)
    with pytest.raises(ValidationError):
        workflow.schedule(story, editor, timezone.now() - timedelta(minutes=1))
    at = timezone.now() + timedelta(hours=2)
    workflow.schedule(story, editor, at)
    story.refresh_from_db()
    assert story.status == Status.SCHEDULED and story.publish_at == at
    assert not Article.objects.public().filter(pk=story.pk).exists()


def test_an_agency_withdrawal_unpublishes_without_a_user():
    story = ArticleFactory()
    workflow.unpublish(story, None, "Wire: the agency marked the item canceled")
    story.refresh_from_db()
    assert story.status == Status.UNPUBLISHED
    assert last_comment(story) == "Wire: the agency marked the item canceled"


def test_agencies_may_overwrite_only_stories_still_on_the_desk():
    assert workflow.agency_may_update(ArticleFactory.build(status=Status.DRAFT))
    assert workflow.agency_may_update(ArticleFactory.build(status=Status.REVIEW))
    assert not workflow.agency_may_update(ArticleFactory.build(status=Status.PUBLISHED))
    assert not workflow.agency_may_update(ArticleFactory.build(status=Status.UNPUBLISHED))


def test_trash_and_restore_follow_the_roles(editor, reporter, other_reporter):
    own, others = draft_by(reporter), draft_by(other_reporter)
    workflow.trash(own, reporter)
    assert Article.objects.trashed().filter(pk=own.pk).exists()
    with pytest.raises(workflow.NotAllowed):
        workflow.trash(others, reporter)
    with pytest.raises(workflow.NotAllowed):
        workflow.restore(own, reporter)
    workflow.restore(own, editor)
    assert Article.objects.active().filter(pk=own.pk).exists()
    assert not workflow.can_restore(UserFactory(username="nobody"))
