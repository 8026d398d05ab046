"""Content model rules: slugs, read time, sanitising, taxonomy, translations."""

from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from articles.models import Article
from taxonomy.models import Region, Section
from tests.factories import ArticleFactory, PhotoFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_read_time_is_computed_from_the_body_at_two_hundred_words_a_minute():
    article = ArticleFactory(body="<p>" + "word " * 450 + "</p>")
    assert article.read_minutes == 3


def test_read_time_is_at_least_one_minute():
    assert ArticleFactory(body="").read_minutes == 1


def test_body_is_sanitised_on_save():
    article = ArticleFactory(
        body='<p onclick="steal()">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a>'
        '<iframe src="https://evil.example/x"></iframe>'
    )
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "evil.example" not in article.body
    assert "<p>Hi</p>" in article.body


def test_body_keeps_allowed_embeds_and_library_images():
    article = ArticleFactory(
        body='<iframe src="https://www.youtube-nocookie.com/embed/x1" width="560" height="315"></iframe>'
        '<figure class="image"><img src="/media/photos/a.jpg" alt="A" data-photo-id="3"></figure>'
        '<img src="https://tracker.example/pixel.gif" alt="t">'
    )
    assert 'src="https://www.youtube-nocookie.com/embed/x1"' in article.body
    assert 'src="/media/photos/a.jpg"' in article.body
    assert "tracker.example" not in article.body


def test_arabic_and_spanish_slugs_keep_their_letters():
    headline = "وزراء يتفقون على معاهدة النهر"
    article = ArticleFactory(edition="ar", headline=headline, slug=slugify(headline, allow_unicode=True))
    assert article.slug == "وزراء-يتفقون-على-معاهدة-النهر"
    # Browsers show the percent-encoded address in Arabic letters.
    assert unquote(article.get_absolute_url()) == f"/ar/politics/{article.slug}/"
    assert slugify("Acuerdo histórico en Bogotá", allow_unicode=True) == "acuerdo-histórico-en-bogotá"


def test_unicode_tags_get_unicode_slugs():
    article = ArticleFactory(edition="ar", tags=["غزة", "Educación"])
    slugs = set(article.tags.values_list("slug", flat=True))
    assert slugs == {"غزة", "educación"}


def test_slug_is_unique_per_edition_only():
    ArticleFactory(edition="en", slug="same")
    ArticleFactory(edition="es", slug="same")
    with pytest.raises(Exception):  # noqa: B017 - the database constraint's error type differs per engine
        ArticleFactory(edition="en", slug="same")


def test_sections_nest_two_levels_at_most():
    news = Section.objects.get(slug="news")
    politics = Section.objects.get(slug="politics")
    assert politics.parent == news
    third = SectionFactory(parent=politics)
    with pytest.raises(ValidationError):
        third.full_clean()


def test_reserved_words_cannot_be_section_slugs():
    with pytest.raises(ValidationError):
        Section(name="Search", slug="search").full_clean()


def test_taxonomy_has_the_menu_and_regions_with_names_per_edition():
    assert list(Section.objects.filter(parent=None).values_list("slug", flat=True)) == [
        "news",
        "articles",
        "videos",
        "infographs",
        "in-pictures",
    ]
    assert Section.objects.get(slug="news").children.count() == 8
    assert Region.objects.count() == 8
    assert Section.objects.labelled("ar").get(slug="politics").label == "سياسة"
    assert Region.objects.labelled("es").get(slug="europe").label == "Europa"


def test_label_falls_back_to_the_default_name():
    section = SectionFactory(name="Weather", slug="weather")
    assert Section.objects.labelled("ar").get(pk=section.pk).label == "Weather"


def test_translations_are_the_other_articles_of_the_group():
    english = ArticleFactory(edition="en")
    arabic = ArticleFactory(edition="ar", translation_group=english.translation_group)
    unrelated = ArticleFactory(edition="es")
    assert list(english.translations()) == [arabic]
    assert unrelated not in english.translations()


def test_summary_list_ignores_blank_lines():
    article = ArticleFactory(summary_points="One\n\n Two \nThree\n")
    assert article.summary_list == ["One", "Two", "Three"]


def test_photo_records_its_dimensions():
    photo = PhotoFactory()
    assert (photo.width, photo.height) == (64, 48)


def test_scheduled_article_needs_a_future_time():
    article = ArticleFactory.build(status=Article.Status.SCHEDULED, publish_at=None)
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "publish_at" in error.value.message_dict


def test_tags_keep_the_editors_order_through_the_detail_prefetch():
    article = ArticleFactory(tags=["Zeta", "Alpha", "Mid"])
    fetched = Article.objects.for_detail().get(pk=article.pk)
    assert [tag.name for tag in fetched.tag_list] == ["Zeta", "Alpha", "Mid"]
    assert fetched.main_tag.name == "Zeta"
