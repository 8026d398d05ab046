"""ninjs in every generation: what the schemas allow goes in or is refused for a stated reason, nothing crashes.

The official examples are in ``tests/data/ninjs/`` (test_wire_ingest.py). Here are
items written for these tests: place geometries (the ``$ref`` to GeoJSON that once
needed the network), every optional structure each schema defines, and invalid items
(wrong types, missing fields, hostile values). Each valid one is created or refused
for an editorial reason; each invalid one is rejected with the JSON path of the
problem; the API answers JSON whatever it is sent. A hypothesis test mutates valid
items at random and checks that ingest never raises.
"""

import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from articles.models import Article, Source
from newsformats import ninjs
from wire.models import AgencyToken, WireItem
from wire.services import STATUSES, WireIngester

pytestmark = pytest.mark.django_db

POINT = {"type": "Point", "coordinates": [31.2357, 30.0444]}
POLYGON = {"type": "Polygon", "coordinates": [[[31.0, 30.0], [31.5, 30.0], [31.5, 30.5], [31.0, 30.0]]]}
FEATURE = {"type": "Feature", "properties": {"name": "Old Cairo"}, "geometry": POINT}


def v1(**extra):
    """A ninjs 1.6 item using most of what the schema defines."""
    item = {
        "uri": "urn:test:v1:1",
        "type": "text",
        "version": "2",
        "versioncreated": "2026-03-01T10:00:00Z",
        "firstcreated": "2026-03-01T09:00:00Z",
        "embargoed": "2026-03-02T06:00:00Z",
        "pubstatus": "usable",
        "urgency": 3,
        "language": "en",
        "headline": "Nile flood defences tested",
        "slugline": "EGYPT-NILE",
        "byline": "By Lina Haddad",
        "located": "Cairo, Egypt",
        "body_html": "<p>Engineers opened the gates on Monday.</p>",
        "description_text": "A first test of the new barrier.",
        "copyrightholder": "Wire Agency",
        "copyrightnotice": "(c) 2026 Wire Agency",
        "usageterms": "No archiving.",
        "ednote": "Corrects the river's name in paragraph 2.",
        "subject": [
            {"name": "Flooding", "code": "medtop:06000000", "scheme": "http://cv.iptc.org/newscodes/mediatopic/"}
        ],
        "genre": [{"name": "Current", "code": "genre:Current"}],
        "place": [{"name": "Cairo", "geometry_geojson": POINT}],
        "person": [{"name": "Lina Haddad", "rel": "author"}],
        "organisation": [{"name": "Nile Authority", "symbols": [{"ticker": "NILE", "exchange": "EGX"}]}],
        "infosource": [{"name": "Wire Agency"}],
        "altids": {"guid": "tag:wire.example,2026:nile-1"},
        "trustindicator": [{"title": "Corrections policy", "href": "http://wire.example/corrections"}],
        "renditions": {},
        "associations": {},
    }
    item.update(extra)
    return item


def v2(**extra):
    """A ninjs 2.2 item: plural arrays, lower-case names, a place geometry."""
    item = {
        "uri": "urn:test:v2:1",
        "standard": {"name": "ninjs", "version": "2.2"},
        "type": "text",
        "version": "1",
        "versioncreated": "2026-03-01T10:00:00Z",
        "embargoed": "2026-03-02T06:00:00Z",
        "pubstatus": "usable",
        "urgency": 2,
        "language": "es",
        "headlines": [{"role": "main", "value": "Lluvias en Valencia"}, {"role": "sub", "value": "Alerta roja"}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Llovió toda la noche.</p>"}],
        "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": "Inundaciones en la costa."}],
        "by": "María José Núñez",
        "located": "Valencia",
        "subjects": [{"name": "Clima", "uri": "http://cv.iptc.org/newscodes/mediatopic/06000000"}],
        "genres": [{"name": "Actualidad"}],
        "places": [
            {"name": "Valencia", "geojson": POINT},
            {"name": "Comunidad Valenciana", "geojson": POLYGON},
            {"name": "Albufera", "geojson": FEATURE},
        ],
        "people": [{"name": "María José Núñez", "rel": "author"}],
        "organisations": [{"name": "AEMET"}],
        "events": [{"name": "DANA"}],
        "objects": [{"name": "Presa"}],
        "infosources": [{"name": "Agencia", "role": "source"}],
        "copyrightholder": "Agencia",
        "copyrightnotice": "(c) 2026 Agencia",
        "ednote": "Actualiza cifras.",
        "altids": [{"role": "guid", "value": "tag:agencia,2026:valencia"}],
        "trustindicators": [{"role": "http://cv.iptc.org/newscodes/trustindicator/ethics", "href": "http://a.example"}],
        "rightsinfo": {"langid": "http://www.w3.org/ns/odrl/2/", "linkedrights": "http://a.example/rights"},
    }
    item.update(extra)
    return item


def v3(**extra):
    """A ninjs 3.1 item: camelCase names, Arabic text, place geometries, events and planned coverage."""
    item = {
        "uri": "urn:test:v3:1",
        "standard": {"name": "ninjs", "version": "3.1"},
        "type": "text",
        "version": "3",
        "versionCreated": "2026-03-01T10:00:00Z",
        "firstCreated": "2026-03-01T08:00:00Z",
        "embargoedUntil": "2026-03-02T06:00:00Z",
        "pubStatus": "usable",
        "urgency": 1,
        "language": "ar",
        "headlines": [{"role": "main", "value": "استئناف محادثات سد النهضة"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>اجتمع المفاوضون يوم الاثنين.</p>"}],
        "descriptions": [{"role": "summary", "contentType": "text/plain", "value": "جولة جديدة في القاهرة."}],
        "by": "لينا حداد",
        "located": "القاهرة",
        "subjects": [{"name": "مياه"}, {"name": "دبلوماسية"}],
        "genres": [{"name": "Current", "uri": "http://cv.iptc.org/newscodes/genre/Current"}],
        "places": [
            {"name": "القاهرة", "uri": "http://sws.geonames.org/360630/", "geoJSON": POINT},
            {"name": "النيل", "geoJSON": FEATURE},
        ],
        "people": [{"name": "لينا حداد", "rel": "author"}],
        "organisations": [{"name": "الاتحاد الأفريقي"}],
        "infoSources": [{"name": "Wire Agency"}],
        "copyrightHolder": "Wire Agency",
        "copyrightNotice": "(c) 2026 Wire Agency",
        "usageTerms": "Not for archive.",
        "edNote": "Updates the second paragraph.",
        "altIds": [{"role": "guid", "value": "tag:wire.example,2026:gerd"}],
        "digitalSourceType": {"uri": "http://cv.iptc.org/newscodes/digitalsourcetype/humanEdits"},
        "representationType": "full",
    }
    item.update(extra)
    return item


def v3_event():
    return v3(
        uri="urn:test:v3:event",
        type="event",
        eventDetails={"dates": {"startDate": "2026-04-01T09:00:00Z"}},
        plannedCoverage=[{"uri": "urn:cov:1", "title": "Live text", "pubStatus": "usable"}],
    )


VALID = {
    # name: (item, expected status, what the message must say)
    "1.6 kitchen sink with geometry_geojson": (v1(), "created", ""),
    "2.2 three GeoJSON kinds": (v2(), "created", ""),
    "3.1 Arabic with geoJSON": (v3(), "created", ""),
    "1.6 minimal": ({"uri": "urn:test:v1:min", "headline": "Only a headline"}, "created", ""),
    "2.2 minimal": ({"uri": "urn:test:v2:min", "headlines": [{"value": "Only a headline"}]}, "created", ""),
    "3.1 minimal": ({"uri": "urn:test:v3:min", "versionCreated": "2026-01-01T00:00:00Z", "title": "T"}, "created", ""),
    "2.2 unknown edition language": (v2(uri="urn:test:v2:de", language="de"), "rejected", "$.language"),
    "3.1 no edition for language": (v3(uri="urn:test:v3:fr", language="fr-CA"), "rejected", "$.language"),
    "3.1 event is not a story": (v3_event(), "rejected", "$.type"),
    "2.2 audio is not a story": (v2(uri="urn:test:v2:audio", type="audio"), "rejected", "$.type"),
    "3.1 nothing to show": (
        {"uri": "urn:test:v3:empty", "versionCreated": "2026-01-01T00:00:00Z"},
        "rejected",
        "$.headlines",
    ),
    "2.2 canceled before anything was stored": (v2(uri="urn:test:v2:kill", pubstatus="canceled"), "ignored", ""),
    "3.1 picture with only remote renditions": (
        v3(
            uri="urn:test:v3:pic",
            type="picture",
            renditions=[{"name": "highRes", "href": "https://wire.example/p.jpg"}],
        ),
        "ignored",
        "",
    ),
}

INVALID = {
    # name: (item, JSON path in the message)
    "1.6 no uri": ({"headline": "x"}, "$"),
    "1.6 urgency as text": (v1(urgency="high"), "$.urgency"),
    "1.6 subject not a list": (v1(subject={"name": "x"}), "$.subject"),
    "2.2 headline without value": (v2(headlines=[{"role": "main"}]), "$.headlines[0]"),
    "2.2 point with text coordinates": (
        v2(places=[{"name": "x", "geojson": {"type": "Point", "coordinates": "x"}}]),
        "$.places[0].geojson",
    ),
    "2.2 polygon ring too short": (
        v2(places=[{"name": "x", "geojson": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}}]),
        "$.places[0].geojson",
    ),
    "2.2 unknown property": (v2(flavour="mint"), "$"),
    "2.2 bad date": (v2(versioncreated="yesterday"), "$.versioncreated"),
    "3.1 urgency out of range": (v3(urgency=12), "$.urgency"),
    "3.1 pubStatus not in the list": (v3(pubStatus="killed"), "$.pubStatus"),
    "3.1 geoJSON of an unknown kind": (
        v3(places=[{"name": "x", "geoJSON": {"type": "Circle"}}]),
        "$.places[0].geoJSON",
    ),
    "3.1 renditions as an object": (v3(renditions={"a": {}}), "$.renditions"),
    "3.1 date at the edge of the calendar": (v3(embargoedUntil="9999-12-31T23:00:00-05:00"), "$.embargoedUntil"),
    "3.1 NUL in the headline": (v3(headlines=[{"value": "a\x00b"}]), "$.headlines[0].value"),
    "3.1 unpaired surrogate": (v3(by="\ud800"), "$.by"),
    "3.1 infinite number": (v3(urgency=float("inf")), "$.urgency"),
    "3.1 nested too deeply": (v3(rightsInfo=json.loads('{"a":' * 60 + "1" + "}" * 60)), "$.rightsInfo" + ".a" * 40),
    "3.1 uri too long": (v3(uri="urn:" + "x" * 600, altIds=[]), "$.uri"),
    "not an object": (["urn:x"], "$"),
}


def ingest(raw):
    return WireIngester().ingest(raw)


@pytest.mark.parametrize("name", VALID)
def test_valid_items_are_ingested_or_refused_for_an_editorial_reason(name):
    raw, status, path = VALID[name]
    outcome = ingest(copy.deepcopy(raw))
    assert outcome.status == status, outcome.message
    if status == "rejected":
        assert ninjs.detect_and_validate(raw)  # valid ninjs: the refusal is editorial
        assert outcome.message.startswith(f"{path}:") and "not valid ninjs" not in outcome.message
    if status == "created":
        assert outcome.article.status == Article.Status.DRAFT


@pytest.mark.parametrize("name", INVALID)
def test_invalid_items_are_rejected_with_the_json_path(name):
    raw, path = INVALID[name]
    outcome = ingest(copy.deepcopy(raw))
    assert outcome.status == "rejected"
    assert outcome.message.split(": ", 1)[0] == path, outcome.message
    assert not WireItem.objects.exists() and not Article.objects.exists()


@pytest.mark.parametrize("generation,item", [("2", v2()), ("3", v3())])
def test_place_geometries_validate_without_the_network(generation, item):
    # The schemas' $ref to https://geojson.org/… resolves to the shipped copy; any other address is refused.
    assert ninjs.detect_and_validate(item) == generation
    assert ninjs.schema_registry().get_or_retrieve("https://geojson.org/schema/GeoJSON.json").value.contents
    with pytest.raises(Exception, match=r"nowhere\.example"):
        ninjs.schema_registry().get_or_retrieve("https://nowhere.example/schema.json")


def test_arabic_story_lands_in_the_arabic_edition_with_its_dateline():
    article = ingest(v3()).article
    assert article.edition == "ar"
    assert article.headline == "استئناف محادثات سد النهضة"
    assert "القاهرة" in article.body
    assert {t.name for t in article.tags.all()} == {"مياه", "دبلوماسية"}


# --- the HTTP endpoint --------------------------------------------------------------------


@pytest.fixture
def token():
    _row, token = AgencyToken.issue(Source.objects.create(name="Wire Agency", slug="wire-agency"), "tests")
    return token


def post_raw(body, token, content_type="application/json"):
    return APIClient().post("/api/v1/ingest/", body, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_geometry_item_over_http_is_created_not_a_500(token):
    response = post_raw(json.dumps(v3()), token)
    assert response.status_code == 200, response.content
    assert response.json()["items"][0]["status"] == "created"


@pytest.mark.parametrize(
    "body",
    [
        "[" * 5000 + "]" * 5000,
        '{"uri": "x", "version": ' + "9" * 5000 + "}",
        '{"uri": "x", "urgency": NaN}',
        "\xff\xfe",
        "",
        "null",
        '"just a string"',
        "[1, 2, 3]",
    ],
    ids=["deep", "huge-int", "nan", "not-utf8", "empty", "null", "string", "numbers"],
)
def test_hostile_bodies_get_a_json_4xx(token, body):
    response = post_raw(body.encode("utf-8", "surrogateescape"), token)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()


def test_unexpected_errors_in_the_api_are_json_500s(token, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(WireIngester, "ingest_many", explode)
    client = APIClient(raise_request_exception=False)
    response = client.post(
        "/api/v1/ingest/", json.dumps(v3()), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred.", "code": "server_error"}


def test_unknown_api_address_is_a_json_404():
    response = APIClient().get("/api/v2/nothing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_errors_carry_a_code(token):
    response = APIClient().post("/api/v1/ingest/", {}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


# --- no input crashes ingest -----------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.sampled_from([v1, v2, v3]),
    changes=st.dictionaries(
        st.sampled_from(
            [
                "uri",
                "type",
                "version",
                "language",
                "headline",
                "headlines",
                "bodies",
                "body_html",
                "by",
                "byline",
                "located",
                "subjects",
                "subject",
                "places",
                "place",
                "associations",
                "renditions",
                "versionCreated",
                "versioncreated",
                "embargoed",
                "embargoedUntil",
                "urgency",
                "altIds",
                "altids",
                "pubStatus",
                "pubstatus",
                "genres",
                "edNote",
                "ednote",
                "copyrightHolder",
                "descriptions",
            ]
        ),
        JSON_VALUES,
        max_size=4,
    ),
)
def test_no_item_makes_ingest_raise(base, changes):
    outcome = ingest({**base(), **changes})
    assert outcome.status in STATUSES
    if outcome.status == "rejected":
        assert outcome.message.startswith("$")


def test_command_line_reports_hostile_files_and_ingests_geometries(tmp_path, capsys):
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (tmp_path / "geo.json").write_text(json.dumps([v2(), v3()]))
    (tmp_path / "nul.json").write_text(json.dumps(v3(uri="urn:test:nul", by="a\x00")))
    with pytest.raises(CommandError):
        call_command("ingest_ninjs", str(tmp_path))
    out, err = capsys.readouterr()
    assert "deep.json: rejected — $: not a JSON document" in err
    assert "nul.json: rejected" in err and "$.by" in err
    assert out.count(": created") == 2
