"""Dates, times and numbers as each edition writes them: its language, time zone and digits."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from articles.templatetags.site import ago, digits, edition_date
from tests.factories import ArticleFactory

MOMENT = datetime(2024, 3, 26, 13, 5, tzinfo=ZoneInfo("UTC"))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "26 March 2024"),
        ("ar", "٢٦ مارس ٢٠٢٤"),
        ("es", "26 de marzo de 2024"),
    ],
)
def test_dates_are_written_in_the_editions_language_and_digits(code, expected):
    with translation.override(code):
        assert edition_date(MOMENT) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "26 March 2024, 13:05"),  # Europe/London, still on winter time
        ("ar", "٢٦ مارس ٢٠٢٤، ١٥:٠٥"),  # Asia/Beirut
        ("es", "26 de marzo de 2024, 07:05"),  # America/Mexico_City
    ],
)
def test_times_are_shown_in_the_editions_time_zone(code, expected):
    with translation.override(code):
        assert edition_date(MOMENT, "datetime") == expected


def test_time_style_shows_hours_and_minutes_only():
    with translation.override("ar"):
        assert edition_date(MOMENT, "time") == "١٥:٠٥"


def test_empty_date_is_an_empty_string():
    assert edition_date(None) == ""


def test_numbers_get_arabic_indic_digits_only_where_the_edition_says_so():
    with translation.override("ar"):
        assert digits(1234) == "١٬٢٣٤"
    with translation.override("es"):
        assert digits(7) == "7"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "3\xa0hours ago"), ("es", "hace 3 horas"), ("ar", "منذ ٣ ساعات")],
)
def test_relative_times_are_translated(code, expected):
    three_hours_ago = timezone.now() - timedelta(hours=3, seconds=5)
    with translation.override(code):
        assert ago(three_hours_ago) == expected


@pytest.mark.django_db
def test_spanish_article_page_writes_its_date_in_spanish(client):
    article = ArticleFactory(edition="es", slug="tratado", publish_at=MOMENT)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "26 de marzo de 2024, 07:05" in html


@pytest.mark.django_db
def test_arabic_card_dates_use_arabic_indic_digits(client):
    ArticleFactory(edition="ar", slug="خبر", publish_at=MOMENT)
    html = client.get("/ar/politics/").content.decode()
    assert "٢٦ مارس ٢٠٢٤" in html


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(1, "منذ ساعة"), (2, "منذ ساعتين"), (5, "منذ ٥ ساعات"), (11, "منذ ١١ ساعة")],
)
def test_arabic_relative_times_use_the_right_plural_form(hours, expected):
    with translation.override("ar"):
        assert ago(timezone.now() - timedelta(hours=hours, seconds=5)) == expected


def test_arabic_relative_days_read_naturally():
    with translation.override("ar"):
        assert ago(timezone.now() - timedelta(days=2, hours=1)) == "منذ يومين، ساعة"


@pytest.mark.django_db
def test_arabic_footer_year_uses_arabic_indic_digits(client):
    year = str(timezone.now().year).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    html = client.get("/ar/about/").content.decode()
    assert f"© {year}" in html
