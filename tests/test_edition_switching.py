"""Switching edition: same story, equivalent pages, the remembered choice, hreflang, hosts and the admin language."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils.translation import override

from articles.models import Article
from localisation.views import ADMIN_LANGUAGE_COOKIE
from taxonomy.models import Region, Section
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

SWITCH_LINK = re.compile(r'<a href="(/switch/(\w+)/\?next=[^"]*)"')
HREFLANG = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')


def switch_targets(response):
    """Edition code -> the page its switch link leads to (the ``next`` of /switch/<code>/)."""
    html = response.content.decode()
    targets = {}
    for link, code in SWITCH_LINK.findall(html):
        query = urlsplit(link.replace("&amp;", "&")).query
        targets[code] = parse_qs(query)["next"][0]
    return targets


def hreflangs(response):
    return dict(HREFLANG.findall(response.content.decode()))


def story_in_three_editions():
    english = ArticleFactory(edition="en", slug="river-treaty")
    arabic = ArticleFactory(
        edition="ar",
        slug="معاهدة-النهر",
        headline="اتفاق على معاهدة النهر",
        translation_group=english.translation_group,
    )
    spanish = ArticleFactory(
        edition="es", slug="tratado-del-rio", headline="Acuerdo del río", translation_group=english.translation_group
    )
    return english, arabic, spanish


# --- Where the Ar / Es / En links lead ------------------------------------------------------


def test_article_switch_links_lead_to_its_translations(client):
    english, arabic, spanish = story_in_three_editions()
    targets = switch_targets(client.get(english.get_absolute_url()))
    assert targets == {"ar": arabic.get_absolute_url(), "es": spanish.get_absolute_url()}


def test_unpublished_translation_is_not_offered_and_the_section_is_instead(client):
    english, arabic, _spanish = story_in_three_editions()
    Article.objects.filter(pk=arabic.pk).update(status=Article.Status.DRAFT)
    targets = switch_targets(client.get(english.get_absolute_url()))
    with override("ar"):
        assert targets["ar"] == english.section.get_absolute_url()


def test_untranslated_article_switches_to_its_section_in_the_other_edition(client):
    article = ArticleFactory(edition="en")
    targets = switch_targets(client.get(article.get_absolute_url()))
    assert targets == {"ar": f"/ar/{article.section.slug}/", "es": f"/es/{article.section.slug}/"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/", {"ar": "/ar/", "es": "/es/"}),
        ("/en/politics/", {"ar": "/ar/politics/", "es": "/es/politics/"}),
        ("/en/live/", {"ar": "/ar/live/", "es": "/es/live/"}),
        ("/en/authors/", {"ar": "/ar/authors/", "es": "/es/authors/"}),
        ("/en/about/", {"ar": "/ar/about/", "es": "/es/about/"}),
        ("/en/search/", {"ar": "/ar/search/", "es": "/es/search/"}),
    ],
)
def test_listing_and_fixed_pages_switch_to_the_same_page(client, path, expected):
    ArticleFactory(edition="en")
    assert switch_targets(client.get(path)) == expected


def test_region_page_switches_to_the_same_region(client):
    Region.objects.update_or_create(slug="middle-east", defaults={"name": "Middle East"})
    assert switch_targets(client.get("/ar/region/middle-east/"))["es"] == "/es/region/middle-east/"


def test_tag_page_switches_to_the_tag_where_that_edition_uses_it_and_home_elsewhere(client):
    english = ArticleFactory(edition="en", tags=["Water"])
    ArticleFactory(edition="es", slug="agua", tags=["Water"])
    slug = english.tags.get().slug
    targets = switch_targets(client.get(f"/en/tag/{slug}/"))
    assert targets == {"es": f"/es/tag/{slug}/", "ar": "/ar/"}


def test_tag_page_offers_hreflang_only_for_editions_using_the_tag(client):
    english = ArticleFactory(edition="en", tags=["Water"])
    ArticleFactory(edition="es", slug="agua", tags=["Water"])
    slug = english.tags.get().slug
    assert set(hreflangs(client.get(f"/en/tag/{slug}/"))) == {"en", "es", "x-default"}


def test_author_page_switches_to_the_same_persons_page_in_that_edition(client):
    user = UserFactory(username="rania")
    english = AuthorFactory(edition="en", slug="rania-haddad", user=user)
    arabic = AuthorFactory(edition="ar", slug="رانيا-حداد", name="رانيا حداد", user=user)
    ArticleFactory(edition="en", authors=[english])
    targets = switch_targets(client.get(english.get_absolute_url()))
    assert targets == {"ar": arabic.get_absolute_url(), "es": "/es/authors/"}


def test_page_not_found_switches_to_the_other_editions_home(client):
    response = client.get("/en/politics/no-such-story/")
    assert response.status_code == 404
    assert switch_targets(response) == {"ar": "/ar/", "es": "/es/"}


# --- The remembered choice -------------------------------------------------------------------


def test_switch_remembers_the_edition_and_goes_to_the_page(client):
    response = client.get("/switch/ar/", {"next": "/ar/politics/"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/politics/"
    assert response.cookies["edition"].value == "ar"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_root_honours_the_switched_edition(client):
    client.get("/switch/es/", {"next": "/es/"})
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == "/es/"


def test_switch_refuses_to_send_readers_to_another_site(client):
    response = client.get("/switch/es/", {"next": "https://evil.example/phish"})
    assert response["Location"] == "/es/"


def test_switch_to_an_unknown_edition_is_refused_with_a_message(client):
    response = client.get("/switch/fr/")
    assert response.status_code == 400
    assert "fr" in response.content.decode()
    assert "edition" not in response.cookies


# --- hreflang -------------------------------------------------------------------------------


def test_article_lists_every_public_edition_with_x_default(client):
    english, arabic, spanish = story_in_three_editions()
    links = hreflangs(client.get(arabic.get_absolute_url()))
    assert links == {
        "en": f"http://testserver{english.get_absolute_url()}",
        "ar": f"http://testserver{arabic.get_absolute_url()}",
        "es": f"http://testserver{spanish.get_absolute_url()}",
        "x-default": f"http://testserver{english.get_absolute_url()}",
    }


def test_x_default_is_the_page_itself_when_no_default_language_version_exists(client):
    arabic = ArticleFactory(edition="ar", slug="خبر")
    spanish = ArticleFactory(edition="es", slug="noticia", translation_group=arabic.translation_group)
    links = hreflangs(client.get(spanish.get_absolute_url()))
    assert set(links) == {"ar", "es", "x-default"}
    assert links["x-default"] == f"http://testserver{spanish.get_absolute_url()}"


def test_untranslated_article_has_no_hreflang_links(client):
    article = ArticleFactory(edition="en")
    assert hreflangs(client.get(article.get_absolute_url())) == {}


def test_section_page_lists_all_three_editions(client):
    links = hreflangs(client.get("/es/politics/"))
    assert links == {
        "en": "http://testserver/en/politics/",
        "ar": "http://testserver/ar/politics/",
        "es": "http://testserver/es/politics/",
        "x-default": "http://testserver/en/politics/",
    }


def test_later_pages_of_a_listing_have_no_hreflang_links(client):
    for number in range(25):
        ArticleFactory(edition="en", slug=f"story-{number}")
    assert hreflangs(client.get("/en/politics/", {"page": 2})) == {}


def test_hreflang_links_are_not_repeated_by_the_seo_head(client):
    html = client.get("/en/").content.decode()
    assert html.count('hreflang="ar"') == 2  # one <link> in the head, one switch link in the masthead
    assert html.count('<link rel="canonical"') == 1


def test_canonical_address_is_the_editions_own(client):
    _english, arabic, _spanish = story_in_three_editions()
    html = client.get(arabic.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver{arabic.get_absolute_url()}">' in html


# --- An edition per host --------------------------------------------------------------------


def test_mapped_host_sends_the_root_to_its_edition(client, settings):
    settings.ALLOWED_HOSTS = ["espanol.example.net", "testserver"]
    settings.NEWSROOM_EDITION_HOSTS = {"espanol.example.net": "es"}
    response = client.get("/", HTTP_HOST="espanol.example.net", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Location"] == "/es/"


def test_mapped_host_still_serves_the_other_editions(client, settings):
    settings.ALLOWED_HOSTS = ["espanol.example.net", "testserver"]
    settings.NEWSROOM_EDITION_HOSTS = {"espanol.example.net": "es"}
    response = client.get("/ar/", HTTP_HOST="espanol.example.net")
    assert response.status_code == 200
    assert 'lang="ar"' in response.content.decode()


def test_unmapped_host_is_unaffected(client, settings):
    settings.NEWSROOM_EDITION_HOSTS = {"espanol.example.net": "es"}
    assert client.get("/")["Location"] == "/en/"


# --- The admin's language -------------------------------------------------------------------


def test_admin_follows_the_browser_language_without_a_choice(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html


def test_editor_chooses_the_admin_language_independently_of_the_edition(client, editor):
    client.force_login(editor)
    client.cookies["edition"] = "en"
    response = client.post(reverse("localisation:admin-language"), {"language": "es", "next": "/admin/"})
    assert response.cookies[ADMIN_LANGUAGE_COOKIE].value == "es"
    html = client.get(reverse("admin:index")).content.decode()
    assert 'lang="es"' in html
    assert client.get("/").headers["Location"] == "/en/"


def test_admin_language_choice_does_not_change_public_pages(client):
    client.cookies[ADMIN_LANGUAGE_COOKIE] = "ar"
    html = client.get("/es/").content.decode()
    assert 'lang="es"' in html


def test_admin_language_refuses_unknown_codes(client, editor):
    client.force_login(editor)
    assert client.post(reverse("localisation:admin-language"), {"language": "xx"}).status_code == 400


def test_section_label_shows_in_the_edition_after_switching(client):
    section = Section.objects.get(slug="politics")
    section.labels.update_or_create(edition="ar", defaults={"name": "سياسة"})
    client.get("/switch/ar/", {"next": "/ar/politics/"})
    assert "سياسة" in client.get("/ar/politics/").content.decode()
