"""Many new agency stories in one delivery go in together, each still all-or-nothing, as one by one would."""

import json

import pytest
from django.core import serializers
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.events import announce_once, article_changed
from articles.models import Article, Byline
from audit.models import AuditEntry
from discovery.search import matching
from taxonomy.models import Section
from tests.factories import ArticleFactory, AuthorFactory
from wire.models import WireItem, WireItemVersion
from wire.services import WireIngester

pytestmark = pytest.mark.django_db


def story(number, **extra):
    item = {
        "uri": f"urn:agency:batch-{number}",
        "type": "text",
        "version": "1",
        "versionCreated": "2026-03-01T10:00:00Z",
        "language": "en",
        "headlines": [{"value": f"Harbour cranes idle on day {number}"}],
        "bodies": [{"contentType": "text/html", "value": f"<p>Dockers stopped work for the {number}th time.</p>"}],
        "by": "Lina Haddad and Tom Reyes",
        "located": "Alexandria",
        "subjects": [{"name": "Shipping"}, {"name": f"Strike {number}"}],
        "copyrightHolder": "Wire Agency",
    }
    item.update(extra)
    return item


def found(words):
    return list(matching(Article.objects.public(), words, "en"))


def deliver(*items):
    return WireIngester().ingest_document(json.dumps(list(items)).encode(), label="drop.json")


# --- announcing an article once ---------------------------------------------------------------


@pytest.fixture
def announced():
    events = []

    def receive(sender, article, before, after, part, **kwargs):
        events.append((article.pk, part, before, after))

    article_changed.connect(receive, dispatch_uid="test-announced")
    yield events
    article_changed.disconnect(dispatch_uid="test-announced")


def test_a_story_written_in_steps_is_announced_once_per_part_with_its_first_and_last_state(announced):
    with announce_once():
        article = ArticleFactory(status=Article.Status.DRAFT, tags=[])
        article.status = Article.Status.PUBLISHED
        article.save()
        article.tags.add("Shipping")
        article.tags.add("Ports")
        assert announced == []  # held until the block ends
    saves = [event for event in announced if event[1] is None]
    assert len(saves) == 1
    _pk, _part, before, after = saves[0]
    assert before is None  # the state before the block's first change: not there yet
    assert after.status == "published"
    assert [event[1] for event in announced].count("tags") == 1
    assert found("Ports") == [article]  # indexed from the finished article


def test_nothing_is_announced_when_the_block_fails(announced):
    with pytest.raises(RuntimeError), announce_once():
        ArticleFactory()
        raise RuntimeError("the import broke")
    assert announced == []


# --- new stories together ---------------------------------------------------------------------


def queries_for(count, start):
    subjects = [{"name": "Shipping"}, {"name": "Ports"}]
    with CaptureQueriesContext(connection) as captured:
        summary = deliver(*(story(number, subjects=subjects) for number in range(start, start + count)))
    assert summary.counts["created"] == count
    return len(captured.captured_queries)


def test_each_further_new_story_in_a_delivery_costs_only_its_search_and_audit_rows():
    queries_for(3, 0)  # the tags, authors and section exist from here on
    few, many = queries_for(5, 100), queries_for(25, 200)
    # Per story: its search document (and FTS row on SQLite) and its audit entry; the rest is one
    # statement per table.
    assert (many - few) / 20 <= 4


def test_stories_delivered_together_are_mapped_like_a_story_delivered_alone(django_capture_on_commit_callbacks):
    WireIngester().ingest(story(1, uri="urn:agency:alone", headlines=[{"value": "Cranes idle alone"}]))
    with django_capture_on_commit_callbacks(execute=True):  # the audit log is written on commit
        summary = deliver(story(2), story(3))
    assert [outcome.status for outcome in summary.outcomes] == ["created", "created"]
    alone = Article.objects.get(headline="Cranes idle alone")
    together = Article.objects.get(pk=summary.outcomes[0].article.pk)
    for field in ("edition", "kind", "status", "section", "source", "read_minutes"):
        assert getattr(together, field) == getattr(alone, field), field
    assert together.body.startswith("<p><strong>Alexandria</strong></p>")
    assert sorted(together.tags.names()) == ["Shipping", "Strike 2"]
    names = list(Byline.objects.filter(article=together).order_by("position").values_list("author__name", flat=True))
    assert names == ["Lina Haddad", "Tom Reyes"]
    assert together.bylines.get(position=0).author == alone.bylines.get(position=0).author  # one author row
    wire = WireItem.objects.get(identity="urn:agency:batch-2")
    assert wire.article == together and wire.applied_version == "1"
    assert WireItemVersion.objects.filter(item=wire).count() == 1
    assert AuditEntry.objects.filter(action="created", object_id=str(together.pk)).count() == 1
    assert [outcome.label for outcome in summary.outcomes] == ["drop.json $[0]", "drop.json $[1]"]


def test_stories_delivered_together_are_found_by_their_words_and_tags_once_public():
    summary = deliver(story(4), story(5))
    for outcome in summary.outcomes:
        article = Article.objects.get(pk=outcome.article.pk)
        article.status = Article.Status.PUBLISHED
        article.save()
    assert found("Strike 5") == [article]
    assert len(found("Dockers")) == 2  # the body's first word, right after the dateline's paragraph


def test_the_first_revision_of_a_story_delivered_together_is_the_one_kept_for_a_story_alone():
    WireIngester().ingest(story(1, uri="urn:agency:alone"))
    summary = deliver(story(6), story(7))
    alone = Version.objects.get_for_model(Article).get(
        object_id=str(WireItem.objects.get(uri="urn:agency:alone").article_id)
    )
    together = Version.objects.get_for_object(summary.outcomes[0].article).get()
    assert together.revision.comment == "Wire: urn:agency:batch-6 version 1"
    assert sorted(together.field_dict) == sorted(alone.field_dict)
    kept = {(version.content_type.model, version.object_repr) for version in together.revision.version_set.all()}
    assert ("byline", "Lina Haddad") in kept
    assert ("articletag", f"{together.object_repr} tagged with Shipping") in kept
    article = Article.objects.get(pk=summary.outcomes[0].article.pk)
    assert json.loads(together.serialized_data) == json.loads(serializers.serialize("json", [article]))
    # The desk edits it, then goes back to what the agency sent.
    article.headline = "Rewritten by the desk"
    article.save()
    article.tags.set(["Desk tag"])
    together.revision.revert(delete=True)
    article.refresh_from_db()
    assert article.headline == "Harbour cranes idle on day 6"
    assert sorted(article.tags.names()) == ["Shipping", "Strike 6"]


def test_a_refused_story_in_a_delivery_leaves_nothing_and_the_others_go_in():
    summary = deliver(story(8), story(9, language="de"), story(10, headlines=[], bodies=[]))
    assert [outcome.status for outcome in summary.outcomes] == ["created", "rejected", "rejected"]
    assert "language" in summary.outcomes[1].message
    assert "headline" in summary.outcomes[2].message
    assert summary.outcomes[1].identity == "urn:agency:batch-9"
    assert list(WireItem.objects.values_list("identity", flat=True)) == ["urn:agency:batch-8"]
    assert Article.objects.count() == 1


def test_when_the_joint_write_fails_the_stories_go_in_one_by_one_with_their_own_reasons():
    while Section.objects.exists():  # leaves first: a section with subsections is protected
        Section.objects.filter(~Exists(Section.objects.filter(parent=OuterRef("pk")))).delete()
    summary = deliver(story(11), story(12))
    assert [outcome.status for outcome in summary.outcomes] == ["rejected", "rejected"]
    assert all("no section" in outcome.message for outcome in summary.outcomes)
    assert not WireItem.objects.exists() and not Article.objects.exists()


def test_a_story_sent_twice_in_one_delivery_ends_at_its_later_version():
    later = story(13, version="2", headlines=[{"value": "Cranes move again"}])
    summary = deliver(story(13), story(14), later)
    assert [outcome.status for outcome in summary.outcomes] == ["created", "created", "updated"]
    assert WireItem.objects.get(identity="urn:agency:batch-13").article.headline == "Cranes move again"
    assert WireItemVersion.objects.filter(item__identity="urn:agency:batch-13").count() == 2


def test_stories_with_the_same_headline_get_their_own_addresses():
    AuthorFactory(edition="en", slug="lina-haddad", name="Lina Haddad")
    ArticleFactory(edition="en", slug="harbour-cranes-idle")
    same = {"headlines": [{"value": "Harbour cranes idle"}]}
    summary = deliver(story(15, **same), story(16, **same), story(17, **same, language="ar"))
    slugs = [outcome.article.slug for outcome in summary.outcomes]
    assert len(set(slugs[:2])) == 2 and "harbour-cranes-idle" not in slugs[:2]
    assert slugs[2] == "harbour-cranes-idle"  # another edition: free there
    assert Byline.objects.filter(author__slug="lina-haddad").count() == 3  # the existing author, not a twin


def test_a_story_whose_agency_identity_is_too_long_is_refused_in_a_delivery_too():
    too_long = story(18, altIds=[{"role": "guid", "value": "G" * 501}])
    summary = deliver(story(19), too_long)
    assert [outcome.status for outcome in summary.outcomes] == ["created", "rejected"]
    assert "500 characters" in summary.outcomes[1].message
