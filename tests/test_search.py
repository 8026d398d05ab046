"""Search: relevance, filters, visibility, highlighting and hostile input, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from discovery import search
from discovery.models import SearchDocument
from taxonomy.models import Region, Section
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db
requires_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")

URL = "/en/search/"


def headlines(response):
    page = response.context["page"]
    return [article.headline for article in page] if page is not None else []


def test_finds_a_word_from_the_headline(client):
    ArticleFactory(headline="Drought grips the delta")
    ArticleFactory(headline="Markets rally")
    assert headlines(client.get(URL, {"q": "drought"})) == ["Drought grips the delta"]


def test_finds_words_in_standfirst_body_and_tags(client):
    ArticleFactory(headline="One", standfirst="Farmers count the losses.")
    ArticleFactory(headline="Two", body="<p>The <em>glacier</em> retreated.</p>")
    ArticleFactory(headline="Three", tags=["Hydropower"])
    assert headlines(client.get(URL, {"q": "farmers"})) == ["One"]
    assert headlines(client.get(URL, {"q": "glacier"})) == ["Two"]
    assert headlines(client.get(URL, {"q": "hydropower"})) == ["Three"]


def test_every_word_must_match(client):
    ArticleFactory(headline="Port strike ends")
    ArticleFactory(headline="Port reopens")
    assert headlines(client.get(URL, {"q": "port strike"})) == ["Port strike ends"]


def test_headline_match_ranks_above_a_body_match(client):
    ArticleFactory(headline="Budget vote delayed", body="<p>Nothing about it here.</p>", publish_at=_ago(hours=5))
    ArticleFactory(headline="Parliament news", body="<p>The budget is mentioned once.</p>", publish_at=_ago(hours=1))
    assert headlines(client.get(URL, {"q": "budget"})) == ["Budget vote delayed", "Parliament news"]


def test_sort_by_date_puts_newest_first(client):
    ArticleFactory(headline="Budget vote delayed", publish_at=_ago(hours=5))
    ArticleFactory(headline="Parliament news", body="<p>The budget again.</p>", publish_at=_ago(hours=1))
    assert headlines(client.get(URL, {"q": "budget", "sort": "date"})) == ["Parliament news", "Budget vote delayed"]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"status": Article.Status.SCHEDULED, "publish_at": timezone.now() + timedelta(hours=3)},
    ],
)
def test_unpublished_articles_are_never_found(client, hidden):
    ArticleFactory(headline="Secret embargoed treaty", **hidden)
    response = client.get(URL, {"q": "embargoed"})
    assert headlines(response) == []
    assert "Secret embargoed treaty" not in response.content.decode()


def test_articles_of_other_editions_are_not_found(client):
    ArticleFactory(edition="es", headline="Sequía en el delta", slug="sequia")
    assert headlines(client.get(URL, {"q": "delta"})) == []
    assert headlines(client.get("/es/search/", {"q": "sequía"})) == ["Sequía en el delta"]


def test_edited_headline_is_searchable_at_once_and_old_words_are_gone(client):
    article = ArticleFactory(headline="Ceasefire talks begin")
    article.headline = "Ceasefire agreement signed"
    article.save()
    assert headlines(client.get(URL, {"q": "agreement"})) == ["Ceasefire agreement signed"]
    assert headlines(client.get(URL, {"q": "begin"})) == []


def test_tags_added_after_saving_are_searchable(client):
    article = ArticleFactory(headline="Election night")
    article.tags.add("Turnout")
    assert headlines(client.get(URL, {"q": "turnout"})) == ["Election night"]


def test_deleted_article_leaves_the_index(client):
    article = ArticleFactory(headline="Orchard harvest")
    article.delete()
    assert headlines(client.get(URL, {"q": "orchard"})) == []
    assert not SearchDocument.objects.exists()


def test_snippet_highlights_the_match_and_escapes_the_text(client):
    ArticleFactory(headline="Quiet day", standfirst="Levels < 5 & <b>falling</b> at the reservoir.")
    body = client.get(URL, {"q": "reservoir"}).content.decode()
    assert "Levels &lt; 5 &amp; falling at the <mark>reservoir</mark>" in body


def test_results_page_shows_the_match_count(client):
    ArticleFactory(headline="Wildfire spreads")
    ArticleFactory(headline="Wildfire contained")
    assert "2 articles found" in client.get(URL, {"q": "wildfire"}).content.decode()


def test_results_are_paginated_keeping_the_query(client, monkeypatch):
    monkeypatch.setattr("discovery.search.RESULTS_PER_PAGE", 2)
    for hours in range(5):
        ArticleFactory(headline=f"Harbour story {hours}", publish_at=_ago(hours=hours + 1))
    response = client.get(URL, {"q": "harbour", "page": "2"})
    assert response.context["page"].number == 2
    assert len(headlines(response)) == 2
    assert "q=harbour&amp;page=3" in response.content.decode()


def test_only_the_newest_matches_are_ranked_and_dates_reach_further_back(client, monkeypatch):
    monkeypatch.setattr("discovery.search.RESULTS_PER_PAGE", 2)
    monkeypatch.setattr("discovery.search.RESULT_PAGES", 2)
    for days in range(6):
        ArticleFactory(headline=f"Glacier report {days}", publish_at=_ago(hours=24 * days + 1))
    response = client.get(URL, {"q": "glacier"})
    page = response.context["page"]
    assert page.paginator.count == 4 and page.paginator.num_pages == 2
    assert "More than 4 articles found" in response.content.decode()
    shown = set(headlines(response)) | set(headlines(client.get(URL, {"q": "glacier", "page": "2"})))
    assert shown == {f"Glacier report {days}" for days in range(4)}
    oldest = (timezone.localtime() - timedelta(days=5)).date()
    response = client.get(URL, {"q": "glacier", "published_before": oldest.isoformat()})
    assert headlines(response) == ["Glacier report 5"]
    assert "1 article found" in response.content.decode()


def test_search_document_keeps_the_article_edition_and_publication_time(db):
    article = ArticleFactory(headline="Orbit", edition="es")
    document = SearchDocument.objects.get(article=article)
    assert (document.edition, document.publish_at) == ("es", article.publish_at)
    article.publish_at = _ago(hours=30)
    article.save()
    document.refresh_from_db()
    assert document.publish_at == article.publish_at


def test_search_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for number in range(12):
        ArticleFactory(headline=f"Monsoon update {number}", tags=["Weather", f"Day {number}"])
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"q": "monsoon"})
    assert len(headlines(response)) == 12


# --- Filters ----------------------------------------------------------------------------


def test_section_filter_includes_its_subsections(client):
    ArticleFactory(headline="Flood politics", section=Section.objects.get(slug="politics"))
    ArticleFactory(headline="Flood goals", section=Section.objects.get(slug="sports"))
    ArticleFactory(headline="Flood opinion", section=Section.objects.get(slug="opinion"))
    assert set(headlines(client.get(URL, {"q": "flood", "section": "news"}))) == {"Flood politics", "Flood goals"}


def test_region_filter(client):
    inside = ArticleFactory(headline="Flood in Asia")
    inside.regions.add(Region.objects.get(slug="asia"))
    ArticleFactory(headline="Flood elsewhere")
    assert headlines(client.get(URL, {"q": "flood", "region": "asia"})) == ["Flood in Asia"]


def test_kind_filter(client):
    ArticleFactory(headline="Flood view", kind=Article.Kind.OPINION)
    ArticleFactory(headline="Flood report")
    assert headlines(client.get(URL, {"q": "flood", "kind": "opinion"})) == ["Flood view"]


def test_author_filter(client):
    writer = AuthorFactory(slug="lina-haddad", name="Lina Haddad")
    ArticleFactory(headline="Flood diary", authors=[writer])
    ArticleFactory(headline="Flood wire")
    assert headlines(client.get(URL, {"q": "flood", "author": "lina-haddad"})) == ["Flood diary"]


def test_tag_filter(client):
    ArticleFactory(headline="Flood aid", tags=["Relief"])
    ArticleFactory(headline="Flood map")
    assert headlines(client.get(URL, {"q": "flood", "tag": "relief"})) == ["Flood aid"]


def test_date_range_filter(client):
    ArticleFactory(headline="Flood last month", publish_at=timezone.now() - timedelta(days=30))
    ArticleFactory(headline="Flood this week", publish_at=timezone.now() - timedelta(days=2))
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    until = (timezone.now() - timedelta(days=20)).date().isoformat()
    assert headlines(client.get(URL, {"q": "flood", "published_after": since})) == ["Flood this week"]
    assert headlines(client.get(URL, {"q": "flood", "published_before": until})) == ["Flood last month"]


def test_date_filters_count_days_in_the_editions_time_zone(client):
    # 22:30 UTC on 14 January is already 15 January in Beirut (UTC+2), still the 14th in London.
    late = datetime(2026, 1, 14, 22, 30, tzinfo=UTC)
    ArticleFactory(headline="Late flood", publish_at=late)
    ArticleFactory(edition="ar", headline="فيضان متأخر", slug="late-flood-ar", publish_at=late)
    day = {"published_after": "2026-01-15", "published_before": "2026-01-15"}
    assert headlines(client.get("/ar/search/", {"q": "فيضان", **day})) == ["فيضان متأخر"]
    assert headlines(client.get(URL, {"q": "flood", **day})) == []
    assert headlines(client.get(URL, {"q": "flood", "published_before": "2026-01-14"})) == ["Late flood"]
    assert headlines(client.get("/ar/search/", {"q": "فيضان", "published_before": "2026-01-14"})) == []


def test_filters_without_words_list_the_newest_matching_articles(client):
    ArticleFactory(headline="Old opinion", kind=Article.Kind.OPINION, publish_at=_ago(hours=9))
    ArticleFactory(headline="New opinion", kind=Article.Kind.OPINION, publish_at=_ago(hours=1))
    ArticleFactory(headline="A report")
    assert headlines(client.get(URL, {"kind": "opinion"})) == ["New opinion", "Old opinion"]


def test_invalid_filter_values_are_reported_not_fatal(client):
    ArticleFactory(headline="Flood report")
    response = client.get(URL, {"q": "flood", "section": "no-such-section", "published_after": "yesterday"})
    assert response.status_code == 200
    assert response.context["filter"].errors.keys() == {"section", "published_after"}
    assert headlines(response) == ["Flood report"]


# --- Empty, huge and hostile queries -----------------------------------------------------


def test_empty_query_shows_the_form_and_a_hint(client):
    ArticleFactory(headline="Anything")
    response = client.get(URL, {"q": "   "})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Type one or more words" in response.content.decode()


def test_huge_query_is_cut_short_before_it_reaches_the_index(client, settings, django_assert_num_queries):
    settings.NEWSROOM_PAGE_CACHE = False  # both pages built
    ArticleFactory(headline="Anything")
    client.get(URL, {"q": "tree"})  # menus and ticker cached
    with CaptureQueriesContext(connection) as short:
        client.get(URL, {"q": "tree"})
    with django_assert_num_queries(len(short)):  # no more work than one word
        response = client.get(URL, {"q": "tree " * 2048})
    assert response.status_code == 200
    assert len(response.context["query"]) <= search.MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "NEAR(flood rain) AND title:* OR -",
        "flood*",
        "'; DROP TABLE articles_article; --",
        "!!! ??? ***",
        "<script>alert(1)</script>",
        "\u202eflood",
    ],
)
def test_hostile_queries_get_a_clear_page(client, query):
    ArticleFactory(headline="Flood and rain")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode().split("<main", 1)[1]


def test_query_with_a_nul_byte_is_refused_and_the_search_would_drop_it(client):
    # The security middleware refuses NUL bytes outright; the search page itself would drop them.
    response = client.get(URL, {"q": "flood\x00rain"})
    assert response.status_code == 400
    assert search.clean_query("flood\x00rain") == "flood rain"


def test_query_with_no_words_says_so(client):
    response = client.get(URL, {"q": "!!! ???"})
    assert "had no words we could look for" in response.content.decode()


def test_junk_page_number_shows_a_page(client):
    ArticleFactory(headline="Flood report")
    assert client.get(URL, {"q": "flood", "page": "9999"}).status_code == 200
    assert client.get(URL, {"q": "flood", "page": "x'"}).status_code == 200


def test_fts_syntax_in_a_query_is_matched_as_plain_words():
    assert search.fts_query('NEAR(a b) "c', "en") == '"NEAR" "a" "b" "c"'


# --- PostgreSQL specifics ------------------------------------------------------------------


@pytest.mark.postgres
@requires_postgres
def test_postgres_article_vectors_have_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'discovery_searchdocument'")
        definitions = " ".join(row[0] for row in cursor.fetchall())
    assert "USING gin (vector)" in definitions


@pytest.mark.postgres
@requires_postgres
def test_postgres_uses_each_editions_language():
    assert search.search_config("en") == "english"
    assert search.search_config("es") == "spanish"
    assert search.search_config("ar") == "arabic"


@pytest.mark.postgres
@requires_postgres
def test_postgres_english_stemming_matches_other_word_forms(client):
    ArticleFactory(headline="Negotiators meet again")
    assert headlines(client.get(URL, {"q": "negotiating"})) == ["Negotiators meet again"]


@pytest.mark.postgres
@requires_postgres
def test_postgres_spanish_stemming_matches_plurals(client):
    ArticleFactory(edition="es", headline="Las elecciones regionales", slug="elecciones")
    assert headlines(client.get("/es/search/", {"q": "elección regional"})) == ["Las elecciones regionales"]


def test_arabic_query_with_diacritics_and_hamza_variants_finds_the_article(client):
    ArticleFactory(edition="ar", headline="أزمة المياه في الجنوب", slug="water-crisis")
    assert headlines(client.get("/ar/search/", {"q": "اَزمة"})) == ["أزمة المياه في الجنوب"]


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def test_arabic_passages_show_the_storys_own_spelling_and_mark_the_folded_match(client):
    ArticleFactory(
        edition="ar", headline="الجفاف", slug="الجفاف", standfirst="", body="<p>تراجع منسوب البحيرة هذا الصيف.</p>"
    )
    html = client.get("/ar/search/", {"q": "البحيره"}).content.decode()  # typed with ه for ة
    assert "تراجع منسوب <mark>البحيرة</mark> هذا الصيف." in html
    assert "البحيره</mark>" not in html


def test_each_result_shows_a_passage_of_its_own_text(client):
    ArticleFactory(headline="Dam opens", standfirst="", body="<p>The valley dam opened its gates at dawn.</p>")
    ArticleFactory(headline="Dam report", standfirst="", body="<p>Engineers inspected the old dam for cracks.</p>")
    response = client.get(URL, {"q": "dam"})
    passages = {article.headline: str(article.snippet) for article in response.context["page"].object_list}
    assert passages == {
        "Dam opens": "The valley <mark>dam</mark> opened its gates at dawn.",
        "Dam report": "Engineers inspected the old <mark>dam</mark> for cracks.",
    }


def test_a_long_text_shows_the_stretch_around_the_match(client):
    words = " ".join(f"word{n}" for n in range(200))
    ArticleFactory(headline="Long read", standfirst="", body=f"<p>{words} harbour {words}</p>")
    response = client.get(URL, {"q": "harbour"})
    passage = str(response.context["page"].object_list[0].snippet)
    assert passage.startswith("… word196 word197 word198 word199 <mark>harbour</mark> word0")
    assert passage.endswith(" …")


def test_words_either_side_of_a_paragraph_break_stay_two_words():
    story = ArticleFactory(
        body="<p><strong>Alexandria</strong></p><p>Dockers stopped work.</p><ul><li>One</li><li>Two</li></ul>"
    )
    assert search.plain_text(story.body) == "Alexandria Dockers stopped work. One Two"
    assert story in search.matching(Article.objects.public(), "dockers", "en")
    assert search.plain_text("<p>W<b>or</b>d</p>") == "Word"  # inline markup inside a word is not a break
