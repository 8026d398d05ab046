"""The root address sends readers to their edition: cookie, then Accept-Language, then English."""

import pytest

pytestmark = pytest.mark.django_db


def test_root_redirects_to_english_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_root_follows_accept_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar-LB,ar;q=0.9,en;q=0.5")["Location"] == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")["Location"] == "/es/"


def test_edition_cookie_wins_over_accept_language(client):
    client.cookies["edition"] = "es"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == "/es/"


def test_unknown_language_falls_back_to_english(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")["Location"] == "/en/"


@pytest.mark.parametrize(("code", "direction"), [("en", "ltr"), ("ar", "rtl"), ("es", "ltr")])
def test_each_edition_page_declares_its_language_and_direction(client, code, direction):
    html = client.get(f"/{code}/").content.decode()
    assert f'lang="{code}"' in html
    assert f'dir="{direction}"' in html
