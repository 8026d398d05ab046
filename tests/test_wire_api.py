"""Agency tokens, POST /api/v1/ingest/, the ninjs export and its round trip."""

import json

import pytest
from rest_framework.test import APIClient

from articles.models import Article, Source
from newsformats.ninjs import schema_validator
from tests.factories import ArticleFactory, AuthorFactory, GalleryItemFactory, PhotoFactory, SourceFactory, UserFactory
from wire.models import AgencyToken, WireItem, hash_token
from wire.services import WireIngester

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def agency():
    return Source.objects.create(name="Wire Agency", slug="wire-agency")


@pytest.fixture
def token(agency):
    _row, token = AgencyToken.issue(agency, "feed server")
    return token


def item(uri="urn:agency:1", **extra):
    return {"uri": uri, "type": "text", "headlines": [{"value": "Dam talks resume"}], **extra}


def post(client, data, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/ingest/", data, format="json", **headers)


# --- tokens -----------------------------------------------------------------------------


def test_only_a_hash_of_the_token_is_stored(agency):
    row, token = AgencyToken.issue(agency, "feed")
    assert token not in row.token_hash
    assert row.token_hash == hash_token(token)
    assert token.startswith(row.prefix)


def test_ingest_without_a_token_is_refused(client):
    response = post(client, item())
    assert response.status_code in (401, 403)
    assert not Article.objects.exists()


def test_ingest_with_a_wrong_token_is_refused(client, token):
    assert post(client, item(), token="not-the-token").status_code == 401


def test_revoked_token_is_refused(client, token):
    AgencyToken.objects.get().revoke()
    assert post(client, item(), token=token).status_code == 401
    assert not Article.objects.exists()


def test_staff_session_cannot_ingest(client, editor):
    client.force_login(editor)
    assert post(client, item()).status_code in (401, 403)


# --- the endpoint -------------------------------------------------------------------------


def test_ingest_creates_a_draft_credited_to_the_agency(client, token, agency):
    response = post(client, item(), token=token)
    assert response.status_code == 200
    assert response.json()["counts"]["created"] == 1
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.source == agency
    assert WireItem.objects.get().source == agency


def test_ingest_records_when_the_token_was_used(client, token):
    post(client, item(), token=token)
    assert AgencyToken.objects.get().last_used_at is not None


def test_batch_with_a_bad_item_is_a_207_listing_the_error(client, token):
    response = post(client, {"items": [item("urn:a"), item("urn:b", headlines="x")]}, token=token)
    assert response.status_code == 207
    outcomes = response.json()["items"]
    assert [o["status"] for o in outcomes] == ["created", "rejected"]
    assert "$.headlines" in outcomes[1]["message"]
    assert Article.objects.count() == 1


def test_all_items_rejected_is_a_400(client, token):
    response = post(client, [item("urn:a", urgency="high")], token=token)
    assert response.status_code == 400
    assert "$.urgency" in response.json()["items"][0]["message"]


def test_same_item_posted_twice_is_unchanged(client, token):
    post(client, item(), token=token)
    response = post(client, item(), token=token)
    assert response.json()["counts"]["unchanged"] == 1
    assert Article.objects.count() == 1


def test_non_json_body_is_a_400(client, token):
    response = client.post(
        "/api/v1/ingest/", "not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 400


def test_empty_batch_is_a_400(client, token):
    assert post(client, [], token=token).status_code == 400


# --- export ----------------------------------------------------------------------------------


def _rich_article():
    article = ArticleFactory(
        headline="Ministers agree on the river treaty",
        standfirst="The deal ends a decade of talks.",
        body="<p>Negotiators signed on Tuesday.</p>",
        authors=[AuthorFactory(name="Rania Khalil")],
        tags=["Water", "Diplomacy"],
        source=SourceFactory(name="Reuters"),
        hero_photo=PhotoFactory(caption="The signing"),
    )
    GalleryItemFactory(article=article)
    return article


@pytest.mark.parametrize("version, schema", [("3", "3"), ("2", "2")])
def test_export_validates_against_the_official_schema(client, version, schema):
    article = _rich_article()
    response = client.get(f"/api/v1/articles/{article.pk}/?format=ninjs&version={version}")
    assert response.status_code == 200
    data = response.json()
    errors = [e.message for e in schema_validator(schema).iter_errors(data)]
    assert errors == []
    assert data["standard"]["version"].startswith(version)


def test_export_by_file_suffix_defaults_to_ninjs_3(client):
    article = _rich_article()
    data = client.get(f"/api/v1/articles/{article.pk}.ninjs").json()
    assert data["versionCreated"]
    assert data["headlines"][0]["value"] == "Ministers agree on the river treaty"
    assert data["bodies"][0]["value"] == "<p>Negotiators signed on Tuesday.</p>"
    assert data["associations"][0]["renditions"][0]["href"].startswith("http://testserver/media/")


def test_export_in_2x_uses_lower_case_names(client):
    article = _rich_article()
    data = client.get(f"/api/v1/articles/{article.pk}.ninjs?version=2").json()
    assert "versioncreated" in data
    assert "versionCreated" not in data


def test_unknown_export_version_is_a_400(client):
    article = ArticleFactory()
    response = client.get(f"/api/v1/articles/{article.pk}.ninjs?version=9")
    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize("version", ["3", "2"])
def test_ingesting_an_export_round_trips(client, version):
    article = _rich_article()
    exported = client.get(f"/api/v1/articles/{article.pk}.ninjs?version={version}").json()
    outcome = WireIngester().ingest(exported)
    copy = outcome.article
    assert outcome.status == "created"
    assert copy.pk != article.pk
    assert copy.headline == article.headline
    assert copy.standfirst == article.standfirst
    assert copy.body == article.body
    assert copy.edition == article.edition
    assert sorted(t.name for t in copy.tags.all()) == ["Diplomacy", "Water"]
    assert [b.author.name for b in copy.bylines.all()] == ["Rania Khalil"]
    assert copy.source.name == "Reuters"
    assert WireIngester().ingest(exported).status == "unchanged"


# --- admin --------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    admin = UserFactory(username="boss", is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_shows_a_new_token_once_and_stores_only_its_hash(superuser_client, agency):
    from django.conf import settings

    url = f"/{settings.ADMIN_PATH}wire/agencytoken/add/"
    response = superuser_client.post(url, {"source": agency.pk, "name": "AP feed"}, follow=True)
    row = AgencyToken.objects.get()
    message = next(str(m) for m in response.context["messages"])
    shown = message.split("<code>")[1].split("</code>")[0]
    assert hash_token(shown) == row.token_hash
    assert shown not in json.dumps(list(AgencyToken.objects.values("prefix", "token_hash", "name")))


def test_admin_revoke_action_revokes(superuser_client, agency, token):
    from django.conf import settings

    row = AgencyToken.objects.get()
    url = f"/{settings.ADMIN_PATH}wire/agencytoken/"
    superuser_client.post(url, {"action": "revoke", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert AgencyToken.objects.authenticate(token) is None


def test_oversized_request_is_refused_without_storing_anything(client, token):
    huge = item(bodies=[{"value": "x" * (11 * 1024 * 1024)}])
    response = post(client, huge, token=token)
    assert response.status_code in (400, 413)
    assert not Article.objects.exists()
