"""``manage.py seed_demo``: the demo content a fresh site starts with.

The command runs once for the whole module (it draws and saves about eighty
pictures); the data lives in a transaction that is rolled back at the end, so
other test modules never see it. Each test also runs inside its own savepoint.
"""

import io
import re
from collections import defaultdict
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Correction, GalleryItem
from breaking.models import BreakingItem
from media.models import Photo
from taxonomy.models import Region, Section

EDITIONS = ("en", "ar", "es")
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Author, Photo, GalleryItem, BreakingItem, Tag, User)
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            media_root = tmp_path_factory.mktemp("seed-media")
            with override_settings(MEDIA_ROOT=media_root):
                output = io.StringIO()
                call_command("seed_demo", stdout=output)
            yield output.getvalue(), media_root
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded_db(seeded, db, settings):
    """The seeded database, with the seeded pictures as this test's media folder."""
    output, settings.MEDIA_ROOT = seeded
    return output


def public(code):
    return Article.objects.public().in_edition(code)


@pytest.mark.parametrize("code", EDITIONS)
def test_every_section_and_subsection_has_public_articles(seeded_db, code):
    empty = [
        section.slug
        for section in Section.objects.all()
        if not public(code).filter(section__in=[section, *section.children.all()]).exists()
    ]
    assert empty == []


@pytest.mark.parametrize("code", EDITIONS)
def test_every_subsection_has_articles_of_its_own(seeded_db, code):
    leaves = Section.objects.filter(children__isnull=True)
    empty = [section.slug for section in leaves if not public(code).filter(section=section).exists()]
    assert empty == []


@pytest.mark.parametrize("code", EDITIONS)
def test_every_region_has_public_articles(seeded_db, code):
    empty = [region.slug for region in Region.objects.all() if not public(code).filter(regions=region).exists()]
    assert empty == []


@pytest.mark.parametrize("code", EDITIONS)
def test_each_edition_has_about_sixty_public_articles(seeded_db, code):
    assert 55 <= public(code).count() <= 65


@pytest.mark.parametrize("code", EDITIONS)
def test_each_edition_shows_every_workflow_state(seeded_db, code):
    articles = Article.objects.in_edition(code)
    assert articles.filter(status=Article.Status.DRAFT).count() >= 2
    assert articles.filter(status=Article.Status.REVIEW).count() == 1
    scheduled = articles.get(status=Article.Status.SCHEDULED)
    assert scheduled.publish_at > timezone.now()
    assert not public(code).filter(pk=scheduled.pk).exists()


@pytest.mark.parametrize("code", EDITIONS)
def test_publish_times_spread_over_the_last_month(seeded_db, code):
    times = list(public(code).values_list("publish_at", flat=True))
    now = timezone.now()
    assert min(times) > now - timedelta(days=31)
    assert max(times) - min(times) > timedelta(days=14)
    assert public(code).filter(updated_at__isnull=False).exists()


def test_kinds_follow_their_sections(seeded_db):
    expected = {
        "opinion": Article.Kind.OPINION,
        "analysis": Article.Kind.ANALYSIS,
        "in-pictures": Article.Kind.GALLERY,
        "infographs": Article.Kind.INFOGRAPH,
    }
    for slug, kind in expected.items():
        assert set(Article.objects.filter(section__slug=slug).values_list("kind", flat=True)) == {kind}
    video_kinds = Article.objects.filter(section__parent__slug="videos").values_list("kind", flat=True)
    assert set(video_kinds) == {Article.Kind.VIDEO}


def test_shared_stories_are_linked_across_all_three_editions(seeded_db):
    editions = defaultdict(set)
    for group, edition in Article.objects.values_list("translation_group", "edition"):
        editions[group].add(edition)
    complete = [group for group, codes in editions.items() if codes == set(EDITIONS)]
    assert 12 <= len(complete) <= 20
    assert all(len(codes) in {1, 3} for codes in editions.values())


def test_galleries_have_four_to_eight_ordered_captioned_items(seeded_db):
    galleries = Article.objects.filter(kind=Article.Kind.GALLERY)
    assert galleries.count() >= 3 * len(EDITIONS)
    for gallery in galleries:
        items = list(gallery.gallery_items.all())
        assert 4 <= len(items) <= 8
        assert [item.position for item in items] == list(range(len(items)))
        assert all(item.caption for item in items)
        assert len({item.photo_id for item in items}) == len(items)


def test_video_articles_have_an_embed_a_duration_and_a_poster(seeded_db):
    for article in Article.objects.filter(kind=Article.Kind.VIDEO).select_related("video"):
        assert article.video.embed_url.startswith("https://www.youtube-nocookie.com/embed/")
        assert article.video.duration.total_seconds() > 60
        assert article.video.poster_id


def test_infographs_have_a_tall_chart(seeded_db):
    for article in Article.objects.filter(kind=Article.Kind.INFOGRAPH).select_related("hero_photo"):
        assert article.hero_photo.height > article.hero_photo.width


@pytest.mark.parametrize("code", EDITIONS)
def test_bodies_embed_a_library_photo_and_link_to_the_same_edition(seeded_db, code):
    for article in Article.objects.in_edition(code):
        photo_id = re.search(r'<img [^>]*data-photo-id="(\d+)"', article.body).group(1)
        assert Photo.objects.filter(pk=photo_id).exists()
        assert "<figcaption>" in article.body
        assert f'href="/{code}/' in article.body
        assert 4 <= article.body.count("<p>") <= 12


def test_news_bodies_have_a_subheading_and_a_quote(seeded_db):
    for article in Article.objects.public().filter(kind=Article.Kind.NEWS):
        assert "<h2>" in article.body
        assert "<blockquote>" in article.body


def test_every_article_has_two_or_three_related_public_articles(seeded_db):
    for article in Article.objects.prefetch_related("related"):
        related = list(article.related.all())
        assert 2 <= len(related) <= 3
        assert all(other.edition == article.edition and other.is_public for other in related)


def test_about_a_third_of_articles_have_five_summary_points(seeded_db):
    with_points = Article.objects.exclude(summary_points="")
    assert Article.objects.count() / 4 <= with_points.count() <= Article.objects.count() / 2
    assert all(len(article.summary_list) == 5 for article in with_points)


@pytest.mark.parametrize("code", EDITIONS)
def test_each_edition_has_a_public_story_with_a_correction_note(seeded_db, code):
    corrected = Correction.objects.filter(article__edition=code).select_related("article")
    assert corrected.count() == 1
    note = corrected.get()
    assert note.article.is_public and note.article.publish_at < note.created_at <= timezone.now()


def test_the_demo_invents_no_share_counts(seeded_db):
    assert not Article.objects.filter(share_count__gt=0).exists()


def test_arabic_tags_have_arabic_slugs(seeded_db):
    arabic = Tag.objects.filter(articles_articletag_items__content_object__edition="ar").distinct()
    assert arabic.exists()
    assert all(ARABIC_LETTER.search(tag.slug) for tag in arabic)


def test_photos_have_alt_text_caption_and_credit(seeded_db):
    assert Photo.objects.count() >= 60
    assert not Photo.objects.filter(alt_text="").exists()
    assert not Photo.objects.filter(caption="").exists()
    assert not Photo.objects.filter(credit="").exists()


@pytest.mark.parametrize("code", EDITIONS)
def test_each_edition_has_authors_with_photos_and_a_newsroom_byline(seeded_db, code):
    people = Author.objects.filter(edition=code, is_organisation=False)
    assert 6 <= people.count() <= 8
    assert not people.filter(photo__isnull=True).exists()
    assert not people.filter(bio="").exists()
    assert Author.objects.filter(edition=code, is_organisation=True).count() == 1
    assert not Article.objects.in_edition(code).annotate(n=Count("bylines")).filter(n=0).exists()


@pytest.mark.parametrize("code", EDITIONS)
def test_each_edition_has_live_breaking_news_some_urgent(seeded_db, code):
    live = BreakingItem.objects.live().in_edition(code)
    assert 5 <= live.count() <= 8
    assert live.filter(priority=BreakingItem.Priority.URGENT).exists()
    assert any(":" in item.text for item in live)


def test_demo_logins_have_their_roles(seeded_db):
    editor = User.objects.get(username="editor")
    reporter = User.objects.get(username="reporter")
    assert editor.groups.filter(name="Editor").exists() and editor.check_password("newsroom-demo")
    assert reporter.groups.filter(name="Reporter").exists() and reporter.is_staff
    assert "newsroom-demo" in seeded_db


def test_running_again_creates_nothing(seeded_db, settings):
    before = table_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert table_counts() == before


def test_if_empty_does_nothing_on_a_site_with_articles(seeded_db):
    before = table_counts()
    output = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=output)
    assert table_counts() == before
    assert "already has articles" in output.getvalue()


def test_existing_demo_login_passwords_are_left_alone(seeded_db):
    editor = User.objects.get(username="editor")
    editor.set_password("a-changed-password")
    editor.save()
    call_command("seed_demo", stdout=io.StringIO())
    editor.refresh_from_db()
    assert editor.check_password("a-changed-password")


@pytest.mark.parametrize("code", EDITIONS)
def test_seeded_pages_render(seeded_db, client, code):
    urls = [f"/{code}/", f"/{code}/in-pictures/", f"/{code}/region/palestine/"]
    for kind in (Article.Kind.GALLERY, Article.Kind.VIDEO, Article.Kind.INFOGRAPH, Article.Kind.OPINION):
        urls.append(public(code).filter(kind=kind).first().get_absolute_url())
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_missing_region_is_a_clear_error_and_changes_nothing(seeded_db):
    Region.objects.filter(slug="palestine").update(slug="occupied-territories")
    before = table_counts()
    with pytest.raises(CommandError, match="palestine"):
        call_command("seed_demo", stdout=io.StringIO())
    assert table_counts() == before
