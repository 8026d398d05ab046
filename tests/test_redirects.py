"""Redirects: a published story's old address keeps working, and the table never holds a chain or a loop."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from audit.models import AuditEntry
from redirects.models import Redirect
from tests.factories import ArticleFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def redirect_of(old, new, edition="en"):
    redirect = Redirect(edition=edition, old_path=old, new_path=new)
    redirect.full_clean()
    redirect.save()
    return redirect


# --- recorded on save ------------------------------------------------------------------------------


def test_a_published_story_whose_slug_changes_answers_its_old_address_with_a_301(client):
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    article.slug = "new-slug"
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_the_query_string_follows_the_redirect(client):
    article = ArticleFactory(slug="old-slug")
    old = article.get_absolute_url()
    article.slug = "new-slug"
    article.save()
    assert client.get(old, {"utm_source": "mail"})["Location"] == f"{article.get_absolute_url()}?utm_source=mail"


def test_a_change_of_section_or_edition_is_recorded_too():
    article = ArticleFactory(slug="moving-story")
    first = article.get_absolute_url()
    article.section = SectionFactory(slug="economy", name="Economy")
    article.save()
    second = article.get_absolute_url()
    article.edition = "es"
    article.save()
    assert Redirect.objects.target_of(first) == article.get_absolute_url()  # collapsed, not first → second
    assert Redirect.objects.target_of(second) == article.get_absolute_url()
    assert Redirect.objects.get(old_path=second).edition == "en"


def test_a_story_readers_never_saw_leaves_no_redirect():
    article = ArticleFactory(slug="draft-slug", status=Article.Status.DRAFT, publish_at=None)
    article.slug = "better-slug"
    article.save()
    assert not Redirect.objects.exists()


def test_changing_the_slug_back_removes_the_redirect_from_the_live_address(client):
    article = ArticleFactory(slug="first")
    first = article.get_absolute_url()
    article.slug = "second"
    article.save()
    second = article.get_absolute_url()
    article.slug = "first"
    article.save()
    assert client.get(first).status_code == 200
    assert client.get(second)["Location"] == first
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [(second, first)]


def test_an_arabic_address_is_redirected(client):
    article = ArticleFactory(edition="ar", slug="سد-النهضة")
    old = article.get_absolute_url()
    article.slug = "محادثات-سد-النهضة"
    article.save()
    assert client.get(old)["Location"] == article.get_absolute_url()


def test_a_page_that_answers_costs_no_redirect_query(client, uncached):
    article = ArticleFactory()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert captured.captured_queries  # the page was built, not served from a cache
    assert not any("redirects_redirect" in query["sql"] for query in captured.captured_queries)


def test_an_unknown_address_is_still_a_404(client):
    assert client.get("/en/politics/never-was/").status_code == 404


# --- chains and loops ---------------------------------------------------------------------------------


def test_a_redirect_to_itself_is_refused():
    with pytest.raises(ValidationError, match="own address"):
        redirect_of("/en/a/", "/en/a/")


def test_a_loop_is_refused():
    redirect_of("/en/a/", "/en/b/")
    with pytest.raises(ValidationError, match="loop"):
        redirect_of("/en/b/", "/en/a/")


def test_a_loop_through_a_longer_chain_is_refused():
    redirect_of("/en/a/", "/en/b/")
    redirect_of("/en/b/", "/en/c/")  # a → c now
    with pytest.raises(ValidationError, match="loop"):
        redirect_of("/en/c/", "/en/a/")
    with pytest.raises(ValidationError, match="loop"):
        redirect_of("/en/c/", "/en/b/")


def test_a_chain_is_collapsed_both_ways():
    redirect_of("/en/a/", "/en/b/")
    redirect_of("/en/b/", "/en/c/")  # a → b now leads to c directly
    assert Redirect.objects.target_of("/en/a/") == "/en/c/"
    redirect_of("/en/z/", "/en/a/")  # z → a follows a to its end
    assert Redirect.objects.target_of("/en/z/") == "/en/c/"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("en/a/", "/en/b/", "old_path"),
        ("/en/a/", "https://elsewhere.example/", "new_path"),
        ("/en/a/", "//elsewhere.example/", "new_path"),
        ("/es/a/", "/en/b/", "old_path"),
    ],
)
def test_addresses_outside_the_site_or_the_edition_are_refused(old, new, field):
    with pytest.raises(ValidationError) as refused:
        redirect_of(old, new)
    assert field in refused.value.message_dict


def test_a_pasted_full_address_of_the_site_keeps_its_path():
    assert redirect_of("/en/a/?ref=x", "/en/b/").old_path == "/en/a/"


# --- the admin -------------------------------------------------------------------------------------------


def test_editors_add_search_change_and_delete_redirects(client):
    client.force_login(UserFactory(username="redirect-editor", role="Editor"))
    add = client.post(
        reverse("admin:redirects_redirect_add"), {"edition": "en", "old_path": "/en/a/", "new_path": "/en/b/"}
    )
    assert add.status_code == 302
    redirect = Redirect.objects.get(old_path="/en/a/")
    listing = client.get(reverse("admin:redirects_redirect_changelist"), {"q": "/en/a"})
    assert "/en/b/" in listing.content.decode()
    change = reverse("admin:redirects_redirect_change", args=[redirect.pk])
    assert client.post(change, {"edition": "en", "old_path": "/en/a/", "new_path": "/en/c/"}).status_code == 302
    assert Redirect.objects.target_of("/en/a/") == "/en/c/"
    delete = reverse("admin:redirects_redirect_delete", args=[redirect.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Redirect.objects.exists()
    assert AuditEntry.objects.filter(object_repr__contains="/en/a/").exists()


def test_the_admin_shows_a_loop_as_a_form_error(client):
    redirect_of("/en/a/", "/en/b/")
    client.force_login(UserFactory(username="redirect-editor", role="Editor"))
    response = client.post(
        reverse("admin:redirects_redirect_add"), {"edition": "en", "old_path": "/en/b/", "new_path": "/en/a/"}
    )
    assert response.status_code == 200
    assert "loop" in str(response.context["adminform"].form.errors["new_path"])


def test_reporters_cannot_manage_redirects(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("admin:redirects_redirect_changelist")).status_code == 403
