"""Starting a translation from the article admin: a draft in the other edition, filed like the original."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from localisation.services import TranslationExists, translate_article
from taxonomy.models import Region
from tests.factories import ArticleFactory, AuthorFactory, GalleryItemFactory, PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db


def translate_url(article, edition):
    return reverse("admin:articles_article_translate", args=[article.pk, edition])


@pytest.fixture
def original():
    region = Region.objects.create(name="Middle East", slug="middle-east")
    article = ArticleFactory(
        edition="en",
        slug="river-treaty",
        headline="Ministers agree on river treaty",
        hero_photo=PhotoFactory(),
        tags=["Water", "Diplomacy"],
        summary_points="One\nTwo",
    )
    article.regions.add(region)
    GalleryItemFactory(article=article, caption="Signing ceremony", position=0)
    return article


def test_button_creates_a_draft_in_the_target_edition_and_opens_it(client, editor, original):
    client.force_login(editor)
    response = client.post(translate_url(original, "ar"))
    draft = Article.objects.get(edition="ar")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[draft.pk])
    assert draft.status == Article.Status.DRAFT
    assert draft.translation_group == original.translation_group
    assert draft.created_by == editor


def test_draft_keeps_photos_and_filing_with_captions_marked_to_translate(original):
    draft = translate_article(original, "es")
    assert draft.hero_photo_id == original.hero_photo_id
    assert draft.section_id == original.section_id
    assert list(draft.regions.values_list("slug", flat=True)) == ["middle-east"]
    assert [(item.photo_id, item.caption) for item in draft.gallery_items.all()] == [
        (item.photo_id, f"[Por traducir] {item.caption}") for item in original.gallery_items.all()
    ]
    assert draft.body == original.body
    assert draft.summary_points == original.summary_points


def test_draft_headline_is_marked_for_rewriting_in_the_target_language(original):
    with_marker = translate_article(original, "es").headline
    assert with_marker.endswith("Ministers agree on river treaty")
    assert with_marker != "Ministers agree on river treaty"


def test_draft_is_not_public_until_published(client, original):
    translate_article(original, "ar")
    html = client.get(original.get_absolute_url()).content.decode()
    assert 'hreflang="ar" href' not in html


def test_draft_gets_the_same_reporters_byline_in_that_edition(original):
    user = UserFactory(username="rania")
    english = AuthorFactory(edition="en", user=user)
    arabic = AuthorFactory(edition="ar", user=user, name="رانيا", slug="رانيا")
    original.bylines.all().delete()
    original.bylines.create(author=english, position=0)
    draft = translate_article(original, "ar")
    assert [byline.author for byline in draft.bylines.all()] == [arabic]


def test_draft_falls_back_to_the_editions_desk_byline(original):
    desk = AuthorFactory(edition="es", is_organisation=True, name="Redacción", slug="redaccion")
    draft = translate_article(original, "es")
    assert [byline.author for byline in draft.bylines.all()] == [desk]


def test_related_stories_become_their_translations(original):
    other = ArticleFactory(edition="en")
    other_in_spanish = ArticleFactory(edition="es", translation_group=other.translation_group)
    original.related.add(other)
    assert list(translate_article(original, "es").related.all()) == [other_in_spanish]


def test_slug_already_taken_in_the_edition_gets_a_suffix(original):
    ArticleFactory(edition="es", slug="river-treaty")
    assert translate_article(original, "es").slug == "river-treaty-2"


def test_draft_starts_with_a_revision(original, editor):
    draft = translate_article(original, "ar", editor)
    assert Version.objects.get_for_object(draft).count() == 1


def test_second_translation_into_the_same_edition_opens_the_existing_one(client, editor, original):
    client.force_login(editor)
    existing = translate_article(original, "ar")
    response = client.post(translate_url(original, "ar"))
    assert response["Location"] == reverse("admin:articles_article_change", args=[existing.pk])
    assert Article.objects.filter(edition="ar").count() == 1


def test_service_refuses_a_duplicate(original):
    translate_article(original, "ar")
    with pytest.raises(TranslationExists):
        translate_article(original, "ar")


def test_translating_into_its_own_edition_is_not_found(client, editor, original):
    client.force_login(editor)
    assert client.post(translate_url(original, "en")).status_code == 404
    assert client.post(translate_url(original, "fr")).status_code == 404


def test_get_does_not_create_anything(client, editor, original):
    client.force_login(editor)
    assert client.get(translate_url(original, "ar")).status_code == 405
    assert not Article.objects.filter(edition="ar").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, original):
    response = client.post(translate_url(original, "ar"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not Article.objects.filter(edition="ar").exists()


def test_change_form_offers_the_missing_editions_and_links_the_existing(client, editor, original):
    client.force_login(editor)
    arabic = translate_article(original, "ar")
    html = client.get(reverse("admin:articles_article_change", args=[original.pk])).content.decode()
    assert translate_url(original, "es") in html
    assert translate_url(original, "ar") not in html
    assert reverse("admin:articles_article_change", args=[arabic.pk]) in html


def test_changelist_shows_the_new_edition_of_the_story(client, editor, original):
    client.force_login(editor)
    translate_article(original, "es")
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert html.count('<span class="edition-code">es</span>') == 1  # in the English story's row
    assert html.count('<span class="edition-code edition-code--own">es</span>') == 1  # the draft's own


@pytest.mark.parametrize(
    ("language", "button"),
    [("en", "Translate into Spanish"), ("es", "Traducir al árabe"), ("ar", "ترجمة إلى الإسبانية")],
)
def test_translate_buttons_speak_the_admin_language(client, editor, original, language, button):
    client.force_login(editor)
    client.cookies["admin_language"] = language
    html = client.get(reverse("admin:articles_article_change", args=[original.pk])).content.decode()
    assert button in html.replace("\u0651", "")  # Django's Arabic language names carry a shadda
