"""What a new reader found missing: search in the header, a favicon, pictures for shared listings."""

import re

import pytest

from tests.factories import ArticleFactory, PhotoFactory
from tests.site_content import build_edition

EDITIONS = ["en", "ar", "es"]


def og_image(response):
    found = re.search(r'<meta property="og:image" content="([^"]+)">', response.content.decode())
    return found.group(1) if found else None


@pytest.mark.django_db
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_has_a_search_box_in_the_header(client, edition):
    urls = build_edition(edition)["urls"]
    for name in ("home", "article", "section", "tag", "live", "live_story", "about"):
        html = client.get(urls[name]).content.decode()
        header = html[html.index('<header class="site-header">') : html.index("</header>")]
        assert f'<form class="site-search" method="get" action="/{edition}/search/" role="search">' in header, name
        assert 'name="q"' in header and '<label class="visually-hidden" for="site-search-q">' in header, name


@pytest.mark.django_db
def test_the_header_search_is_in_the_editions_language(client):
    build_edition("ar")
    html = client.get("/ar/").content.decode()
    assert 'placeholder="بحث"' in html


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "section", "tag"])
def test_listings_share_their_lead_storys_crop(client, page):
    site = build_edition("en")
    lead = ArticleFactory(hero_photo=PhotoFactory(), tags=["treaty-en"])
    from media.derivatives import ensure_derivatives

    crops = {crop.ratio: crop for crop in ensure_derivatives(lead.hero_photo)["social_crops"]}
    url = {"home": "/en/", "section": "/en/politics/", "tag": site["urls"]["tag"]}[page]
    home_lead = client.get(url)
    assert og_image(home_lead) == f"http://testserver{crops['16x9'].image.url}"


def test_an_empty_listing_shares_the_site_card(client, db):
    image = og_image(client.get("/en/politics/"))
    assert image.startswith("http://testserver/static/discovery/site-card")
