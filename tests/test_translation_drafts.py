"""A translation draft gets its edition's address, tags and marked captions, and hears of its source's changes."""

import pytest
import reversion
from django.urls import reverse

from articles.models import Article
from desk.models import StoryNote
from localisation.models import TranslationSource, word_changes
from localisation.services import translate_article
from tests.factories import ArticleFactory, AuthorFactory, GalleryItemFactory, PhotoFactory
from tests.test_admin_workflow import change_url, errors_of, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]


@pytest.fixture
def source():
    with reversion.create_revision():
        story = ArticleFactory(
            edition="en",
            slug="fishing-fleet-returns",
            headline="Fishing fleet returns",
            body="<p>The boats came back at dawn with a full catch.</p>",
            hero_photo=PhotoFactory(),
            tags=["Fishing", "Gaza"],
        )
    GalleryItemFactory(article=story, caption="Boats at the quay", position=0)
    return story


def revise(story, **changes):
    with reversion.create_revision():
        for name, value in changes.items():
            setattr(story, name, value)
        story.save()


def test_tags_become_the_editions_counterparts_and_the_rest_are_named_to_the_translator(source):
    ArticleFactory(edition="es", tags=["Gaza"])  # Spanish stories carry "Gaza" too
    earlier = ArticleFactory(edition="en", tags=["Fishing"])
    ArticleFactory(edition="es", translation_group=earlier.translation_group, tags=["Pesca"])
    arabic = translate_article(source, "ar")
    spanish = translate_article(source, "es")
    assert list(spanish.tags.names()) == ["Pesca", "Gaza"]
    assert list(arabic.tags.names()) == []
    note = StoryNote.objects.get(article=arabic).text
    assert "Fishing, Gaza" in note
    assert "[للترجمة]" in note  # in the language of the edition translated into
    assert "Fishing" not in StoryNote.objects.get(article=spanish).text


def test_gallery_captions_are_marked_to_translate(source):
    draft = translate_article(source, "ar")
    assert [item.caption for item in draft.gallery_items.all()] == ["[للترجمة] Boats at the quay"]


def test_the_address_follows_the_translated_headline_until_the_story_is_out(client, editor, source):
    AuthorFactory(edition="es", is_organisation=True)  # the draft's byline
    draft = translate_article(source, "es")
    assert draft.slug == "fishing-fleet-returns"
    client.force_login(editor)
    response = client.post(change_url(draft), form_data(draft, headline="Vuelve la flota pesquera"))
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.slug == "vuelve-la-flota-pesquera"

    draft.status = Article.Status.PUBLISHED
    draft.save()
    response = client.post(change_url(draft), form_data(draft, headline="La flota pesquera vuelve al puerto"))
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.slug == "vuelve-la-flota-pesquera"  # out: the address stays


def test_an_unchanged_source_raises_no_flag(client, editor, source):
    draft = translate_article(source, "ar")
    client.force_login(editor)
    assert "Source updated since" not in client.get(change_url(draft)).content.decode()
    assert not TranslationSource.objects.behind().exists()


def test_a_changed_source_is_flagged_in_the_list_and_the_form_with_its_changes(client, editor, source):
    draft = translate_article(source, "ar")
    revise(
        source, headline="Fishing fleet returns to Gaza", body="<p>The boats came back at noon with a full catch.</p>"
    )
    client.force_login(editor)
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert listing.count('class="row-flag"') == 1
    html = client.get(change_url(draft)).content.decode()
    assert "Source updated since" in html
    assert "<ins>to Gaza</ins>" in html
    assert "<del>dawn</del>" in html and "<ins>noon</ins>" in html

    response = client.post(reverse("admin:articles_article_translation_caught_up", args=[draft.pk]), follow=True)
    assert "Marked as caught up with the source." in response.content.decode()
    assert "<ins>to Gaza</ins>" not in response.content.decode()
    assert not TranslationSource.objects.behind().exists()


def test_a_save_of_the_source_that_changes_no_words_leaves_the_translation_current(source):
    draft = translate_article(source, "ar")
    revise(
        source,
        status=Article.Status.DRAFT,
        publish_at=None,
        body="<p>The boats came back at <b>dawn</b> with a full catch.</p>",
    )
    assert not TranslationSource.objects.behind().exists()  # status, time and markup only
    revise(source, headline="Fishing fleet returns home")
    assert TranslationSource.objects.behind().get().translation == draft
    revise(source, headline="Fishing fleet returns")  # the change undone
    assert not TranslationSource.objects.behind().exists()


def test_marking_caught_up_is_a_post_by_someone_who_may_change_the_translation(client, reporter, source):
    draft = translate_article(source, "ar")
    url = reverse("admin:articles_article_translation_caught_up", args=[draft.pk])
    client.force_login(reporter)
    assert client.get(url).status_code == 405
    revise(source, headline="Changed")
    assert client.post(url).status_code == 403
    assert TranslationSource.objects.behind().exists()


def test_a_long_unchanged_stretch_is_shortened_around_the_change():
    old = " ".join(f"w{n}" for n in range(40))
    new = old.replace("w20", "changed")
    runs = word_changes(old, new)
    assert ("removed", "w20") in runs and ("added", "changed") in runs
    assert runs[0][1].startswith("…") and runs[-1][1].endswith("…")
