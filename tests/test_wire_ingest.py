"""Wire ingest of IPTC ninjs (1.x, 2.x, 3.x): mapping, idempotency, versions, rejections, hostile input."""

import base64
import copy
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from articles.models import Article, Source
from media.models import Photo
from tests.factories import image_file
from wire.models import WireItem
from wire.services import WireIngester

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "data" / "ninjs"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.json"))


def example(name):
    return json.loads((EXAMPLES / name).read_text())


def jpeg_data_uri(size=(40, 30)):
    return "data:image/jpeg;base64," + base64.b64encode(image_file(size=size).read()).decode()


def story(**extra):
    """A ninjs 3.x text item."""
    item = {
        "uri": "urn:agency:story-1",
        "type": "text",
        "version": "1",
        "versionCreated": "2025-03-01T10:00:00Z",
        "language": "en",
        "headlines": [{"role": "main", "value": "Dam talks resume"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>Negotiators met on Monday.</p>"}],
        "descriptions": [{"role": "summary", "contentType": "text/plain", "value": "A new round in Cairo."}],
        "by": "Lina Haddad and Tom Reyes",
        "located": "Cairo",
        "subjects": [{"name": "Water"}, {"name": "Diplomacy"}],
        "copyrightHolder": "Wire Agency",
    }
    item.update(extra)
    return item


def ingest(raw, **kwargs):
    return WireIngester(**kwargs).ingest(raw)


# --- the official examples ---------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_official_example_is_accepted_or_refused_for_its_type(path):
    raw = json.loads(path.read_text())
    outcome = ingest(raw)
    if raw.get("type") == "event":
        assert outcome.status == "rejected"
        assert "$.type" in outcome.message and "event" in outcome.message
    elif raw.get("type") == "picture":
        # Their renditions are on the agency's web server, which we never fetch.
        assert outcome.status == "ignored"
        assert any("remote file skipped" in warning for warning in outcome.warnings)
    else:
        assert outcome.status == "created", outcome.message
        assert outcome.article.status == Article.Status.DRAFT


@pytest.mark.parametrize("generation", ["1.6", "2.2", "3.1"])
def test_simple_text_article_maps_headline_body_and_byline_in_every_generation(generation):
    outcome = ingest(example(f"{generation}/004_simple_text_article.json"))
    article = outcome.article
    assert article.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert article.body.startswith("<p>GROSSETO, Italy (AP)")
    assert [b.author.name for b in article.bylines.all()] == ["Paulo Santalucia", "Frances d'Emilio"]
    assert article.edition == "en"


@pytest.mark.parametrize("generation", ["1.6", "2.2", "3.1"])
def test_multimedia_example_skips_remote_pictures_with_warnings(generation):
    outcome = ingest(example(f"{generation}/007_multimedia.json"))
    assert outcome.status == "created"
    assert outcome.article.hero_photo is None
    assert len([w for w in outcome.warnings if "remote file skipped" in w]) >= 2


def test_all_examples_from_the_command_line_print_a_summary(capsys):
    with pytest.raises(CommandError):  # the 3.1 event is refused, so the command exits non-zero
        call_command("ingest_ninjs", str(EXAMPLES))
    out = capsys.readouterr().out
    assert "unchanged" in out and "1 rejected" in out
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()


# --- mapping ----------------------------------------------------------------------------


def test_story_becomes_a_draft_with_mapped_fields():
    article = ingest(story()).article
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Dam talks resume"
    assert article.standfirst == "A new round in Cairo."
    assert "Negotiators met on Monday." in article.body
    assert article.body.startswith("<p><strong>Cairo</strong></p>")
    assert sorted(tag.name for tag in article.tags.all()) == ["Diplomacy", "Water"]
    assert [b.author.name for b in article.bylines.all()] == ["Lina Haddad", "Tom Reyes"]
    assert article.source.name == "Wire Agency"
    assert article.section.slug == "news"


def test_language_picks_the_edition():
    assert ingest(story(language="ar-LB")).article.edition == "ar"


def test_unknown_language_is_rejected_naming_the_field():
    outcome = ingest(story(language="fr"))
    assert outcome.status == "rejected"
    assert "$.language" in outcome.message
    assert not Article.objects.exists()


def test_embargo_prefills_the_publish_time_of_the_hidden_draft():
    article = ingest(story(embargoedUntil="2030-01-01T06:00:00Z")).article
    assert article.publish_at.isoformat() == "2030-01-01T06:00:00+00:00"
    assert not Article.objects.public().exists()


def test_delivering_agency_is_the_source_when_the_item_names_none():
    agency = Source.objects.create(name="AP", slug="ap")
    raw = story()
    del raw["copyrightHolder"]
    assert ingest(raw, source=agency).article.source == agency


def test_associated_picture_from_a_data_uri_becomes_the_hero_photo_with_caption_and_credit():
    picture = {
        "name": "mainpic",
        "uri": "urn:agency:photo-1",
        "type": "picture",
        "by": "Sam Photographer",
        "headlines": [{"value": "Delegates at the table"}],
        "descriptions": [{"role": "caption", "value": "Delegates meet in Cairo on Monday."}],
        "renditions": [{"name": "main", "href": jpeg_data_uri(), "contentType": "image/jpeg"}],
    }
    article = ingest(story(associations=[picture])).article
    photo = article.hero_photo
    assert photo.caption == "Delegates meet in Cairo on Monday."
    assert photo.credit == "Sam Photographer"
    assert photo.alt_text == "Delegates at the table"
    assert (photo.width, photo.height) == (40, 30)


def test_lone_picture_goes_to_the_photo_library():
    raw = {
        "uri": "urn:agency:photo-2",
        "type": "picture",
        "headlines": [{"value": "Flooded street"}],
        "renditions": [{"name": "main", "href": jpeg_data_uri()}],
    }
    outcome = ingest(raw)
    assert outcome.status == "created"
    assert outcome.photo.alt_text == "Flooded street"
    assert not Article.objects.exists()
    assert WireItem.objects.get().kind == WireItem.Kind.PHOTO


def test_local_picture_files_are_read_by_the_command_line(tmp_path):
    image_file(name="pic.jpg", size=(50, 20))
    (tmp_path / "pic.jpg").write_bytes(image_file(size=(50, 20)).read())
    raw = story(
        associations=[
            {"name": "p", "uri": "urn:p:3", "type": "picture", "renditions": [{"name": "m", "href": "pic.jpg"}]}
        ]
    )
    (tmp_path / "item.json").write_text(json.dumps(raw))
    call_command("ingest_ninjs", str(tmp_path / "item.json"))
    assert Article.objects.get().hero_photo.width == 50


def test_local_picture_files_are_not_read_over_http_ingest(tmp_path):
    raw = story(
        associations=[
            {"name": "p", "uri": "urn:p:4", "type": "picture", "renditions": [{"name": "m", "href": "/etc/hostname"}]}
        ]
    )
    outcome = ingest(raw)
    assert outcome.status == "created"
    assert outcome.article.hero_photo is None
    assert any("local files" in warning for warning in outcome.warnings)


def test_agency_guid_is_the_identity_when_sent():
    first = ingest(story(altIds=[{"role": "guid", "value": "AP-123"}]))
    second = ingest(story(uri="urn:agency:moved", altIds=[{"role": "guid", "value": "AP-123"}]))
    assert second.status == "unchanged"
    assert WireItem.objects.get().identity == "AP-123"
    assert first.article == second.article


# --- idempotency and versions ------------------------------------------------------------


def test_same_item_twice_changes_nothing():
    first = ingest(story())
    modified = Article.objects.get().modified_at
    revisions = Version.objects.count()
    second = ingest(story())
    assert second.status == "unchanged"
    assert Article.objects.count() == 1
    assert Article.objects.get().modified_at == modified
    assert Version.objects.count() == revisions
    assert first.article == second.article


def test_newer_version_updates_the_draft_and_keeps_a_revision():
    ingest(story())
    revisions = Version.objects.get_for_object(Article.objects.get()).count()
    outcome = ingest(story(version="2", headlines=[{"value": "Dam talks resume in Cairo"}]))
    article = Article.objects.get()
    assert outcome.status == "updated"
    assert article.headline == "Dam talks resume in Cairo"
    assert Version.objects.get_for_object(article).count() == revisions + 1
    assert WireItem.objects.get().version == "2"


def test_older_version_is_ignored_and_reported():
    ingest(story(version="3", headlines=[{"value": "Latest"}]))
    outcome = ingest(story(version="2", headlines=[{"value": "Stale"}]))
    assert outcome.status == "ignored"
    assert "older" in outcome.message
    assert Article.objects.get().headline == "Latest"


def test_newer_version_of_a_published_story_does_not_overwrite_the_desk():
    article = ingest(story()).article
    article.status = Article.Status.PUBLISHED
    article.headline = "Edited by the desk"
    article.save()
    outcome = ingest(story(version="2", headlines=[{"value": "Agency rewrite"}]))
    assert outcome.status == "updated"
    assert Article.objects.get().headline == "Edited by the desk"
    assert WireItem.objects.get().raw["headlines"][0]["value"] == "Agency rewrite"


@pytest.mark.parametrize("pubstatus", ["withheld", "canceled"])
def test_withheld_or_canceled_unpublishes_the_story(pubstatus):
    article = ingest(story()).article
    article.status = Article.Status.PUBLISHED
    article.save()
    outcome = ingest(story(version="2", pubStatus=pubstatus))
    assert outcome.status == "updated"
    assert Article.objects.get().status == Article.Status.UNPUBLISHED


def test_version_created_decides_when_there_is_no_version_number():
    base = story()
    del base["version"]
    ingest(base)
    newer = copy.deepcopy(base) | {"versionCreated": "2025-03-02T10:00:00Z", "headlines": [{"value": "Newer"}]}
    assert ingest(newer).status == "updated"
    older = copy.deepcopy(base) | {"versionCreated": "2025-02-01T10:00:00Z"}
    assert ingest(older).status == "ignored"


# --- rejections ---------------------------------------------------------------------------


def test_malformed_item_is_rejected_with_the_json_path_and_nothing_is_stored():
    outcome = ingest(story(headlines="Not a list"))
    assert outcome.status == "rejected"
    assert "$.headlines" in outcome.message
    assert "not valid ninjs 3.1" in outcome.message
    assert not Article.objects.exists()
    assert not WireItem.objects.exists()


def test_bad_date_is_rejected_naming_the_field():
    outcome = ingest(story(versionCreated="yesterday"))
    assert outcome.status == "rejected"
    assert "$.versionCreated" in outcome.message


def test_item_without_uri_is_rejected():
    raw = story()
    del raw["uri"]
    outcome = ingest(raw)
    assert outcome.status == "rejected"
    assert "uri" in outcome.message


def test_non_object_item_is_rejected():
    assert ingest(["not", "an", "object"]).status == "rejected"


def test_a_bad_item_does_not_stop_the_batch():
    summary = WireIngester().ingest_many([story(uri="urn:a"), story(uri="urn:b", bodies=5), story(uri="urn:c")])
    assert summary.counts == {"created": 2, "updated": 0, "unchanged": 0, "ignored": 0, "rejected": 1}
    assert Article.objects.count() == 2


def test_corrupt_picture_rejects_the_whole_item():
    bad = {
        "name": "p",
        "uri": "urn:p:bad",
        "type": "picture",
        "renditions": [{"name": "m", "href": "data:image/jpeg;base64,bm90IGFuIGltYWdl"}],
    }
    outcome = ingest(story(associations=[bad]))
    assert outcome.status == "rejected"
    assert "$.associations[0].renditions[0].href" in outcome.message
    assert not Article.objects.exists()
    assert not Photo.objects.exists()


def test_a_rejected_item_leaves_no_picture_files_behind(settings):
    good = {"name": "g", "uri": "urn:p:good", "type": "picture", "renditions": [{"name": "m", "href": jpeg_data_uri()}]}
    bad = {
        "name": "p",
        "uri": "urn:p:bad",
        "type": "picture",
        "renditions": [{"name": "m", "href": "data:image/jpeg;base64,bm90IGFuIGltYWdl"}],
    }
    outcome = ingest(story(associations=[good, bad]))
    assert outcome.status == "rejected"
    assert not Photo.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert [path for path in media.rglob("*") if path.is_file()] == []


# --- hostile input ----------------------------------------------------------------------


def test_script_tags_and_event_handlers_are_stripped_from_the_body():
    body = '<p onclick="steal()">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src="http://evil/p.gif">'
    article = ingest(story(bodies=[{"contentType": "text/html", "value": body}])).article
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "evil" not in article.body


def test_markup_in_plain_text_fields_is_not_kept():
    raw = story(descriptions=[{"value": "<b>Bold</b><script>x()</script> summary"}], by="<i>Evil</i> Writer")
    article = ingest(raw).article
    assert "<" not in article.standfirst
    assert [b.author.name for b in article.bylines.all()] == ["Evil Writer"]
    assert "script" not in article.standfirst


def test_plain_text_body_is_escaped_into_paragraphs():
    raw = story(bodies=[{"contentType": "text/plain", "value": "First <script>.\n\nSecond."}])
    assert ingest(raw).article.body.endswith("<p>First &lt;script&gt;.</p><p>Second.</p>")


def test_huge_headline_is_rejected():
    outcome = ingest(story(headlines=[{"value": "H" * 5000}]))
    assert outcome.status == "rejected"
    assert "$.headlines" in outcome.message


def test_huge_body_is_rejected():
    outcome = ingest(story(bodies=[{"value": "<p>" + "x" * 600_000 + "</p>"}]))
    assert outcome.status == "rejected"
    assert "$.bodies" in outcome.message


def test_many_subjects_are_capped():
    raw = story(subjects=[{"name": f"subject {n}"} for n in range(200)])
    assert ingest(raw).article.tags.count() == 30
