"""The teaser card every listing shows, written by the ``card`` tag."""

import pytest
from django.template import Context, Template
from django.utils import translation
from lxml import html as lxml_html

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, RegionFactory, VideoFactory

pytestmark = pytest.mark.django_db


def render(article, options=""):
    with translation.override(article.edition):
        return Template("{% load site %}{% card article " + options + " %}").render(Context({"article": article}))


def parsed(fragment):
    return lxml_html.fragment_fromstring(fragment)


def test_a_plain_card_has_its_picture_section_linked_headline_and_date():
    article = ArticleFactory(hero_photo=PhotoFactory(), headline="Ferries <return> & sail")
    card = parsed(render(article))
    assert card.get("class") == "card"
    assert card.find(".//picture") is not None
    assert card.findtext(".//p[@class='card-label']") == "Politics"
    link = card.find(".//h3[@class='card-title']/a")
    assert link.get("href") == article.get_absolute_url()
    assert link.text == "Ferries <return> & sail"  # escaped in the markup, whole once parsed
    assert card.find(".//time").get("datetime").startswith(f"{article.publish_at.astimezone():%Y-%m-%d}")
    assert card.find(".//p[@class='card-byline']") is None
    assert card.find(".//p[@class='card-standfirst']") is None


def test_a_video_without_a_photo_shows_its_poster_and_a_badge():
    video = VideoFactory(poster=PhotoFactory())
    card = parsed(render(ArticleFactory(kind=Article.Kind.VIDEO, video=video), 'variant="video" level=2'))
    assert card.get("class") == "card card--video"
    assert card.find(".//picture") is not None
    assert card.findtext(".//span[@class='card-badge card-badge--video']") == "Video"
    assert card.find(".//h2[@class='card-title']") is not None


def test_a_card_without_any_picture_keeps_its_place_and_a_gallery_is_badged():
    card = parsed(render(ArticleFactory(kind=Article.Kind.GALLERY)))
    assert card.find(".//span[@class='card-placeholder']") is not None
    assert card.findtext(".//span[@class='card-badge']") == "In Pictures"


def test_options_leave_out_the_picture_or_label_and_add_bylines_and_the_standfirst():
    authors = [AuthorFactory(name="Amina Said"), AuthorFactory(name="Luis <Ortega>")]
    article = ArticleFactory(authors=authors, standfirst=" ".join(["word"] * 40))
    card = parsed(render(article, "no_image=True no_label=True show_byline=True show_standfirst=True"))
    assert card.find(".//div[@class='card-media']") is None
    assert card.find(".//p[@class='card-label']") is None
    assert card.findtext(".//p[@class='card-byline']") == "Amina Said, Luis <Ortega>"
    assert card.findtext(".//p[@class='card-standfirst']") == " ".join(["word"] * 30) + " …"


def test_most_read_cards_are_labelled_with_their_region_in_the_edition():
    region = RegionFactory(slug="east-africa", name="East Africa")
    article = ArticleFactory()
    article.region_slug = region.slug
    assert parsed(render(article, 'label="region"')).findtext(".//p[@class='card-label']") == "East Africa"
    article.region_slug = None  # no region: the section, as on other cards
    assert parsed(render(article, 'label="region"')).findtext(".//p[@class='card-label']") == "Politics"
