"""Arabic text: the normaliser shared by search indexing and querying, and names filed in reading order."""

import pytest

from discovery import search
from editions.text import name_sort_key, normalise_arabic
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

URL = "/ar/search/"


def headlines(response):
    page = response.context["page"]
    return [article.headline for article in page] if page is not None else []


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("مَدِينَةٌ", "مدينة"),  # diacritics (tashkeel)
        ("أحمد", "احمد"),  # hamza on alef
        ("إسرائيل", "اسراييل"),  # hamza below alef, hamza on yaa
        ("القاهرة", "القاهره"),  # taa marbuta typed as haa
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مؤتمر", "موتمر"),  # hamza on waw
        ("الـــقدس", "القدس"),  # tatweel
        ("عام ٢٠٢٤", "عام 2024"),  # Arabic-Indic digits
    ],
)
def test_normaliser_folds_spellings_readers_use_interchangeably(written, typed):
    assert normalise_arabic(written) == normalise_arabic(typed)


def test_normaliser_leaves_latin_text_alone():
    assert normalise_arabic("Gaza ceasefire talks") == "Gaza ceasefire talks"


def test_search_uses_the_normaliser_for_arabic_only():
    assert search.normalise("مدينةٌ", "ar") == "مدينه"
    assert search.normalise("canción", "es") == "canción"


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("وصول الوفود إلى مُؤْتَمَر القاهرة", "موتمر"),
        ("وصول الوفود إلى مؤتمر القاهرة", "القاهره"),
        ("افتتاح مستشفى جديد في غزة", "مستشفي"),
        ("أمطار غزيرة في الإسكندرية", "الاسكندريه"),
    ],
)
def test_arabic_search_ignores_diacritics_and_letter_variants(client, stored, query):
    ArticleFactory(edition="ar", headline=stored, slug="خبر-1")
    ArticleFactory(edition="ar", headline="أسواق المال ترتفع", slug="خبر-2")
    assert headlines(client.get(URL, {"q": query})) == [stored]


def test_arabic_query_with_diacritics_finds_plain_text(client):
    ArticleFactory(edition="ar", headline="انتخابات بلدية في لبنان", slug="انتخابات")
    assert headlines(client.get(URL, {"q": "انْتِخَابَات"})) == ["انتخابات بلدية في لبنان"]


def test_sort_key_files_arabic_names_without_the_article_and_marks():
    names = ["الحسن", "بشير", "أمل", "عُمَر", "الزهراء"]
    assert sorted(names, key=name_sort_key) == ["أمل", "بشير", "الحسن", "الزهراء", "عُمَر"]


def test_sort_key_files_spanish_accents_with_their_letter_and_ñ_after_n():
    names = ["Ñúñez", "Álvarez", "Nieto", "Zapata", "Oliva", "ábalos"]
    assert sorted(names, key=name_sort_key) == ["ábalos", "Álvarez", "Nieto", "Ñúñez", "Oliva", "Zapata"]


def test_authors_index_lists_arabic_names_in_reading_order(client, django_assert_max_num_queries):
    for name, slug in [("الحسن علي", "hasan"), ("بشير نعمة", "bashir"), ("أمل يوسف", "amal"), ("عمر خالد", "omar")]:
        AuthorFactory(edition="ar", name=name, slug=slug)
    AuthorFactory(edition="ar", name="مكتب الأخبار", slug="desk", is_organisation=True)
    with django_assert_max_num_queries(12):
        response = client.get("/ar/authors/")
    names = [author.name for author in response.context["page"]]
    assert names == ["مكتب الأخبار", "أمل يوسف", "بشير نعمة", "الحسن علي", "عمر خالد"]


def test_arabic_search_counts_results_in_arabic(client):
    for number in range(3):
        ArticleFactory(edition="ar", headline=f"فيضانات في المدينة {number}", slug=f"فيضانات-{number}")
    html = client.get(URL, {"q": "فيضانات"}).content.decode()
    assert "عُثر على ٣ مقالات" in html
