"""The OpenAPI schema is served, documented, and matches what the API really answers.

Every response below is validated with ``jsonschema`` against the response
schema the OpenAPI document declares for its path, made strict (no undeclared
properties). A hypothesis test throws valid and junk filter values at the
article list: the answer is always a schema-valid 200 or a 400, never a 500.
"""

import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from taxonomy.models import Region
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    GalleryItemFactory,
    PhotoFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def openapi(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def strict(schema):
    """Forbid properties the document does not declare, so extra fields fail too."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
        return schema
    if isinstance(schema, list):
        return [strict(value) for value in schema]
    return schema


def response_validator(openapi, path, status="200"):
    """A validator for the JSON answer to GET ``path`` (a concrete URL path)."""
    templates = sorted(openapi["paths"], key=lambda t: "{" in t)  # literal paths before templated ones
    for template in templates:
        if re.fullmatch(re.sub(r"\{[^/]+\}", "[^/]+", template), path):
            operation = openapi["paths"][template]["get"]
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            return Draft202012Validator(strict({**schema, "components": openapi["components"]}))
    raise AssertionError(f"{path} is not in the OpenAPI document")


def assert_matches_schema(openapi, client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    path = url.split("?")[0]
    errors = [f"{list(e.path)}: {e.message}" for e in response_validator(openapi, path).iter_errors(response.json())]
    assert errors == [], url


@pytest.fixture
def content():
    author = AuthorFactory()
    article = ArticleFactory(
        authors=[author], tags=["Water"], source=SourceFactory(name="Reuters"), hero_photo=PhotoFactory()
    )
    article.regions.add(Region.objects.get(slug="africa"))
    GalleryItemFactory(article=article)
    article.related.add(ArticleFactory(edition="en"))
    ArticleFactory(edition="ar", translation_group=article.translation_group)
    BreakingItemFactory(article=article)
    return {"article": article, "author": author}


def test_schema_is_openapi_3(openapi):
    assert openapi["openapi"].startswith("3.")
    assert "/api/v1/articles/" in openapi["paths"]
    assert "/api/v1/ingest/" in openapi["paths"]


def test_schema_documents_the_article_filters(openapi):
    names = {p["name"] for p in openapi["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    expected = {"edition", "section", "region", "kind", "author", "tag", "published_after", "published_before"}
    assert expected | {"updated_since", "q", "cursor", "page_size"} <= names


def test_docs_page_uses_self_hosted_swagger_ui(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/editions/",
        "/api/v1/sections/",
        "/api/v1/sections/?edition=ar",
        "/api/v1/regions/?edition=es",
        "/api/v1/authors/",
        "/api/v1/tags/",
        "/api/v1/breaking/",
        "/api/v1/articles/",
        "/api/v1/articles/?edition=en&page_size=1",
        "/api/v1/articles/most-read/?edition=en",
    ],
)
def test_list_responses_match_the_schema(openapi, client, content, url):
    assert_matches_schema(openapi, client, url)


def test_detail_responses_match_the_schema(openapi, client, content):
    article, author = content["article"], content["author"]
    client.get(f"/api/v1/articles/{article.pk}/")  # a read, so most-read has a row
    for url in [
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/authors/{author.pk}/",
        f"/api/v1/sections/{article.section.pk}/",
        f"/api/v1/regions/{Region.objects.get(slug='africa').pk}/",
        "/api/v1/articles/most-read/?edition=en",
    ]:
        assert_matches_schema(openapi, client, url)


PARAMETER_VALUES = {
    "edition": st.sampled_from(["en", "ar", "es", "xx", "", "EN"]),
    "section": st.sampled_from(["news", "politics", "nope", ""]),
    "region": st.sampled_from(["africa", "atlantis"]),
    "kind": st.sampled_from(["news", "analysis", "poem"]),
    "author": st.one_of(st.integers(-5, 10**12).map(str), st.text(max_size=5)),
    "tag": st.sampled_from(["water", "none-such"]),
    "published_after": st.one_of(
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)).map(
            datetime.isoformat
        ),
        st.text(max_size=12),
    ),
    "updated_since": st.dates().map(str),
    "q": st.text(max_size=30),
    "page_size": st.one_of(st.integers(-3, 150).map(str), st.text(max_size=4)),
    "cursor": st.text(max_size=20),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.fixed_dictionaries({}, optional=PARAMETER_VALUES))
def test_article_list_answers_any_filters_with_a_valid_200_or_a_400(openapi, client, content, params):
    params = {key: value.replace("\x00", "") for key, value in params.items()}
    response = client.get("/api/v1/articles/", params)
    assert response.status_code in (200, 400), (params, response.content[:300])
    if response.status_code == 400:
        assert set(response.json()) <= set(PARAMETER_VALUES)
    else:
        validator = response_validator(openapi, "/api/v1/articles/")
        assert list(validator.iter_errors(response.json())) == []


def test_slug_patterns_accept_arabic_and_spanish_slugs(openapi):
    pattern = openapi["components"]["schemas"]["ArticleList"]["properties"]["slug"]["pattern"]
    assert Draft202012Validator({"pattern": pattern}).is_valid("محادثات-السد")
    assert Draft202012Validator({"pattern": pattern}).is_valid("conversación-año")
    assert not Draft202012Validator({"pattern": pattern}).is_valid("a/b")


def test_page_size_bounds_are_documented(openapi):
    parameters = {p["name"]: p for p in openapi["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"] | {"minimum": 1, "maximum": 100} == parameters["page_size"]["schema"]
    assert parameters["updated_since"]["schema"]["minLength"] == 1
    assert "minLength" not in parameters["q"]["schema"]


@pytest.mark.parametrize("param", ["updated_since", "section", "tag", "edition", "author"])
def test_an_empty_filter_is_refused_naming_it(client, content, param):
    response = client.get("/api/v1/articles/", {param: ""})
    assert response.status_code == 400
    assert list(response.json()) == [param]


def test_every_operation_documents_its_errors_with_json_bodies(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in ("404", "406", "500"):
                assert "application/json" in responses[code]["content"], (path, method, code)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "400" in responses, (path, method)
    ingest = openapi["paths"]["/api/v1/ingest/"]["post"]["responses"]
    assert {"401", "413", "429"} <= set(ingest)
    assert "Retry-After" in ingest["429"]["headers"]


def test_junk_query_strings_get_a_json_400_under_the_api(client):
    response = client.get("/api/v1/articles/?a=%00" + "&b=1" * 1100)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
