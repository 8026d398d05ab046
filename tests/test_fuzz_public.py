"""Hostile query strings on every public page and API endpoint: a 4xx or a page, never a 500.

Hypothesis sends random, huge, non-Latin, control-character and null-byte
values for each endpoint's parameters (page, q, filters, cursors, dates) and
for parameters it does not know. Bounded: 30 examples per endpoint.
"""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=30,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)

hostile_value = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.text(alphabet="\x00\x01\x1f\x7f\u202e\ufeff\ud7ff%&=?#/\\'\"<>;", max_size=20),
    st.builds(lambda part, times: part * times, st.text(min_size=1, max_size=4), st.integers(500, 5000)),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "1e9",
            "9" * 40,
            "last",
            "null",
            "NaN",
            "2026-02-30",
            "2026-13-01T25:61:00",
            "0000-00-00",
            "9999-12-31T23:59:59+99:00",
            "' OR 1=1 --",
            "\x00",
            "a\x00b",
            "%00",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "cD0yMDI2LTAxLTAx",  # a plausible base64 cursor
            "ZZZZ",
            "ar",
            "xx",
        ]
    ),
)


def query(names):
    """Some of ``names`` (plus an unknown one) with hostile values."""
    optional = dict.fromkeys([*names, "unexpected"], hostile_value)
    return st.fixed_dictionaries({}, optional=optional)


ENDPOINTS = {
    "/en/": ["page"],
    "/en/politics/": ["page"],
    "/en/region/africa/": ["page"],
    "/en/tag/water/": ["page"],
    "/en/author/fuzz-author/": ["page"],
    "/en/authors/": ["page"],
    "/en/live/": [],
    "/en/search/": [
        "q",
        "page",
        "section",
        "region",
        "kind",
        "author",
        "tag",
        "published_after",
        "published_before",
        "sort",
    ],
    "/en/feeds/rss.xml": [],
    "/en/feeds/tag/water/atom.xml": [],
    "/en/breaking.json": ["since"],
    "/api/v1/articles/": [
        "cursor",
        "edition",
        "section",
        "region",
        "kind",
        "author",
        "tag",
        "slug",
        "published_after",
        "published_before",
        "updated_since",
        "q",
        "page_size",
    ],
    "/api/v1/articles/most-read/": ["edition", "days"],
    "/api/v1/authors/": ["edition", "cursor"],
    "/api/v1/tags/": ["cursor", "q"],
    "/api/v1/breaking/": ["edition"],
    "/api/v1/sections/": ["edition"],
    "/api/v1/regions/": ["edition"],
    "/api/v1/editions/": [],
}


@pytest.fixture
def content(db):
    author = AuthorFactory(slug="fuzz-author")
    ArticleFactory.create_batch(3, authors=[author], tags=["Water"])
    BreakingItemFactory()


def assert_handled(response, url, params):
    assert response.status_code < 500, f"{url} {params!r} -> {response.status_code}"
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("url", list(ENDPOINTS))
def test_hostile_query_strings_never_cause_a_server_error(client, content, url):
    @EXAMPLES
    @given(params=query(ENDPOINTS[url]))
    def check(params):
        assert_handled(client.get(url, params), url, params)

    check()


@EXAMPLES
@given(segment=st.text(min_size=1, max_size=300).filter(lambda s: "/" not in s and s not in {".", ".."}))
def test_hostile_paths_are_not_found_not_errors(client, segment):
    for url in (f"/en/{segment}/", f"/en/politics/{segment}/", f"/api/v1/articles/{segment}/"):
        assert_handled(client.get(url), url, {})


@EXAMPLES
@given(value=hostile_value)
def test_hostile_headers_are_harmless(client, value):
    header = value.replace("\n", " ").replace("\r", " ")[:2000]
    response = client.get("/en/", HTTP_ACCEPT_LANGUAGE=header, HTTP_IF_NONE_MATCH=header, HTTP_ACCEPT=header)

    assert_handled(response, "/en/", {"headers": header})


@pytest.mark.parametrize("url", ["/en/politics/%00/", "/en/tag/a%00b/", "/api/v1/articles/?slug=%00"])
def test_null_characters_in_the_address_are_a_bad_request(client, url):
    assert client.get(url).status_code == 400
