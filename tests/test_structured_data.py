"""Article pages and the home page describe themselves to machines: JSON-LD, Open Graph, Twitter cards,
canonical addresses; corrections show under the headline; social crops are cut once."""

import json
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html
from PIL import Image

from articles.models import Article, Correction
from media.derivatives import ensure_derivatives
from media.models import SocialCrop
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, image_file

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content)


def json_ld(tree, kind):
    blocks = [json.loads(script.text) for script in tree.xpath('//script[@type="application/ld+json"]')]
    found = [block for block in blocks if block["@type"] == kind]
    assert len(found) == 1, [block["@type"] for block in blocks]
    return found[0]


def meta(tree, key):
    values = tree.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
    assert len(values) == 1, (key, values)
    return values[0]


@pytest.fixture
def story():
    writer = AuthorFactory(name="Lina Haddad", slug="lina-haddad")
    photo = PhotoFactory(image=image_file(size=(1600, 1000)), alt_text="Ministers shaking hands")
    return ArticleFactory(
        headline="River treaty signed",
        standfirst="The agreement ends a decade of talks.",
        authors=[writer],
        tags=["Water", "Diplomacy"],
        hero_photo=photo,
        publish_at=timezone.now() - timedelta(hours=3),
    )


def test_news_article_json_ld_describes_the_article(client, story):
    data = json_ld(page(client, story.get_absolute_url()), "NewsArticle")
    url = "http://testserver" + story.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "River treaty signed"
    assert data["description"] == "The agreement ends a decade of talks."
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["datePublished"] == story.publish_at.isoformat()
    assert data["dateModified"] == story.publish_at.isoformat()
    assert data["author"] == [
        {"@type": "Person", "name": "Lina Haddad", "url": "http://testserver/en/author/lina-haddad/"}
    ]
    assert data["articleSection"] == "Politics"
    assert data["keywords"] == ["Water", "Diplomacy"]
    assert data["inLanguage"] == "en"


def test_news_article_publisher_has_name_and_logo(client, story):
    publisher = json_ld(page(client, story.get_absolute_url()), "NewsArticle")["publisher"]
    assert publisher["name"] == "The Meridian"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].startswith("http://testserver/static/discovery/publisher-logo")
    with Image.open(finders.find("discovery/publisher-logo.png")) as logo:
        assert (publisher["logo"]["width"], publisher["logo"]["height"]) == logo.size


def test_news_article_images_come_in_three_ratios(client, story):
    images = json_ld(page(client, story.get_absolute_url()), "NewsArticle")["image"]
    crops = {crop.ratio: crop for crop in story.hero_photo.social_crops.all()}
    assert images == ["http://testserver" + crops[ratio].image.url for ratio in ("16x9", "4x3", "1x1")]
    assert [(crops[r].width, crops[r].height) for r in ("16x9", "4x3", "1x1")] == [
        (1200, 675),
        (1200, 900),
        (1000, 1000),
    ]


def test_breadcrumbs_lead_from_home_through_sections_to_the_article(client, story):
    trail = json_ld(page(client, story.get_absolute_url()), "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in trail] == ["The Meridian", "News", "Politics", "River treaty signed"]
    assert [item["position"] for item in trail] == [1, 2, 3, 4]
    assert trail[2]["item"] == "http://testserver/en/politics/"


def test_open_graph_and_twitter_cards(client, story):
    tree = page(client, story.get_absolute_url())
    url = "http://testserver" + story.get_absolute_url()
    assert meta(tree, "og:type") == "article"
    assert meta(tree, "og:title") == "River treaty signed"
    assert meta(tree, "og:description") == "The agreement ends a decade of talks."
    assert meta(tree, "og:url") == url
    assert meta(tree, "og:locale") == "en_GB"
    assert meta(tree, "og:image").endswith(".jpg") and "/photos/crops/" in meta(tree, "og:image")
    assert meta(tree, "og:image:alt") == "Ministers shaking hands"
    assert meta(tree, "twitter:card") == "summary_large_image"
    assert meta(tree, "twitter:title") == "River treaty signed"
    assert tree.xpath('//link[@rel="canonical"]/@href') == [url]
    assert len(tree.xpath('//meta[@name="description"]')) == 1


def test_json_ld_cannot_be_broken_out_of(client):
    article = ArticleFactory(headline='Quote </script><script>alert("x")</script> & more')
    body = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in body
    data = json_ld(html.fromstring(body), "NewsArticle")
    assert data["headline"] == 'Quote </script><script>alert("x")</script> & more'


def test_home_describes_the_organisation_and_site_search(client):
    ArticleFactory()
    tree = page(client, "/en/")
    organisation = json_ld(tree, "NewsMediaOrganization")
    assert organisation["name"] == "The Meridian"
    assert organisation["logo"]["url"].startswith("http://testserver/static/")
    website = json_ld(tree, "WebSite")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/en/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_correction_shows_under_the_headline_and_moves_date_modified(client, story):
    corrected = timezone.now() - timedelta(minutes=10)
    Correction.objects.create(
        article=story,
        kind=Correction.Kind.CORRECTION,
        text="The treaty covers two rivers, not three.",
        created_at=corrected,
    )
    tree = page(client, story.get_absolute_url())
    notes = tree.xpath('//aside[@class="corrections"]//li')
    assert len(notes) == 1 and "The treaty covers two rivers, not three." in notes[0].text_content()
    headline = tree.xpath('//h1[@class="headline"]')[0]
    assert headline.getnext().tag == "aside"
    assert json_ld(tree, "NewsArticle")["dateModified"] == corrected.isoformat()


def test_article_without_corrections_shows_no_notes(client, story):
    assert page(client, story.get_absolute_url()).xpath('//aside[@class="corrections"]') == []


def test_preview_of_a_draft_is_not_indexed(client, editor, story):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(editor)
    from django.urls import reverse

    tree = page(client, reverse("admin:articles_article_preview", args=[draft.pk]))
    assert meta(tree, "robots").startswith("noindex")


def test_article_page_queries_do_not_grow_with_corrections_or_tags(client, story, django_assert_max_num_queries):
    Correction.objects.create(article=story, text="Fixed a name.")
    with CaptureQueriesContext(connection) as baseline:
        client.get(story.get_absolute_url())
    for number in range(3):
        Correction.objects.create(article=story, kind=Correction.Kind.UPDATE, text=f"Update {number}.")
        story.tags.add(f"Extra {number}")
    with django_assert_max_num_queries(len(baseline)):
        client.get(story.get_absolute_url())


def test_crops_are_made_once_and_remade_for_a_new_upload(story):
    photo = story.hero_photo
    first = {crop.pk for crop in photo.social_crops.all()}
    assert len(first) == 3
    assert {crop.pk for crop in ensure_derivatives(photo)["social_crops"]} == first
    photo.image.save("new.jpg", image_file(size=(800, 800)))
    remade = SocialCrop.objects.filter(photo=photo)
    assert len(remade) == 3 and not first & {crop.pk for crop in remade}
    assert all(crop.source_name == photo.image.name for crop in remade)


def test_small_photos_are_never_upscaled():
    photo = PhotoFactory(image=image_file(size=(320, 240)))
    stored = SocialCrop.objects.filter(photo=photo).values_list("ratio", "width", "height")
    sizes = {ratio: (width, height) for ratio, width, height in stored}
    assert sizes == {"16x9": (320, 180), "4x3": (320, 240), "1x1": (240, 240)}
