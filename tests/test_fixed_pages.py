"""Fixed pages (About, Contact, Privacy…): written in the admin per edition, served where they always were."""

import pytest
from django.urls import reverse

from pagecache import generations
from pages.models import FixedPage

pytestmark = pytest.mark.django_db


def test_the_template_pages_became_pages_of_every_edition_in_its_language(client):
    assert set(FixedPage.objects.values_list("edition", "slug")) == {
        (edition, slug) for edition in ("en", "ar", "es") for slug in ("about", "privacy", "contact")
    }
    about = client.get("/ar/about/")
    assert about.status_code == 200
    html = about.content.decode()
    assert "<h1>من نحن</h1>" in html
    assert 'dir="rtl"' in html
    contact = client.get("/en/contact/").content.decode()
    assert 'href="mailto:' in contact and "News tips and corrections" in contact


def test_the_footer_links_the_pages_of_its_own_edition_in_order(client):
    FixedPage.objects.create(edition="es", slug="empleo", title="Trabaja con nosotros", body="<p>Hola</p>", position=9)
    FixedPage.objects.create(edition="es", slug="aviso", title="Aviso legal", body="<p>.</p>", in_footer=False)
    spanish = client.get("/es/").content.decode()
    footer = spanish[spanish.index('class="footer-nav"') :]
    titles = [FixedPage.objects.get(edition="es", slug=slug).title for slug in ("privacy", "about", "contact")]
    positions = [footer.index(f">{title}</a>") for title in [*titles, "Trabaja con nosotros"]]
    assert positions == sorted(positions)
    assert 'href="/es/empleo/"' in footer
    assert "Aviso legal" not in footer
    assert "Trabaja con nosotros" not in client.get("/en/").content.decode()


def test_a_page_body_is_cleaned_like_a_story(client):
    page = FixedPage.objects.create(
        edition="en", slug="jobs", title="Jobs", body='<p onclick="x()">Join us</p><script>alert(1)</script>'
    )
    assert page.body == "<p>Join us</p>"
    html = client.get("/en/jobs/").content.decode()
    assert "<p>Join us</p>" in html and "alert(1)" not in html


def test_an_unknown_address_is_not_found_and_sections_are_still_served(client):
    assert client.get("/en/no-such-page/").status_code == 404
    assert client.get("/en/politics/").status_code == 200
    # Another edition's page is not this edition's.
    FixedPage.objects.create(edition="ar", slug="jobs-ar", title="وظائف", body="<p>.</p>")
    assert client.get("/en/jobs-ar/").status_code == 404


def edition_token(code):
    return generations.tokens([generations.edition_key(code)])


def test_editing_a_page_renews_its_edition_cache_and_leaves_the_others(client, editor):
    assert "Our three editions" in client.get("/en/about/").content.decode()
    client.get("/ar/about/")
    english, arabic = edition_token("en"), edition_token("ar")
    page = FixedPage.objects.get(edition="en", slug="about")
    client.force_login(editor)
    response = client.post(
        reverse("admin:pages_fixedpage_change", args=[page.pk]),
        {
            "edition": "en",
            "title": "About The Meridian",
            "slug": "about",
            "standfirst": "",
            "body": "<p>We are rewriting this page.</p>",
            "in_footer": "on",
            "position": "1",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert edition_token("en") != english
    assert edition_token("ar") == arabic
    html = client.get("/en/about/").content.decode()
    assert "We are rewriting this page." in html and ">About The Meridian</a>" in html


def test_a_page_cannot_take_a_sections_address(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:pages_fixedpage_add"),
        {"edition": "en", "title": "Politics", "slug": "politics", "body": "<p>.</p>", "position": "0"},
    )
    assert response.status_code == 200
    assert "A section has this address" in response.content.decode()
    assert not FixedPage.objects.filter(slug="politics").exists()


def test_reporters_do_not_edit_fixed_pages(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("admin:pages_fixedpage_changelist")).status_code == 403


def test_a_page_and_its_footer_cost_no_query_once_cached(client, uncached, django_assert_max_num_queries):
    client.get("/en/privacy/")
    with django_assert_max_num_queries(0):
        assert client.get("/en/privacy/").status_code == 200
