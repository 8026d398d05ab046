"""Photo renditions: made once with Pillow when a photo is saved, never upscaled."""

import pytest
from django.template import Context, Template

from media.derivatives import ensure_derivatives
from media.models import Photo, Rendition, prefetch_renditions
from media.renditions import target_widths
from tests.factories import PhotoFactory, image_file

pytestmark = pytest.mark.django_db


def sizes(photo):
    return sorted({(r.width, r.height) for r in photo.renditions.all()})


def test_saving_a_photo_makes_webp_and_jpeg_renditions_below_its_width():
    photo = PhotoFactory(image=image_file(size=(1000, 500)))
    assert sizes(photo) == [(320, 160), (640, 320), (960, 480), (1000, 500)]
    assert photo.renditions.filter(format=Rendition.Format.WEBP).count() == 4
    assert photo.renditions.filter(format=Rendition.Format.JPEG).count() == 4


def test_a_wide_photo_stops_at_the_largest_width():
    assert target_widths(4000) == [320, 640, 960, 1280, 1600]


def test_a_small_photo_gets_one_size_and_is_never_upscaled():
    photo = PhotoFactory(image=image_file(size=(200, 100)))
    assert sizes(photo) == [(200, 100)]


def test_rendition_files_are_real_images_of_their_format():
    from PIL import Image

    photo = PhotoFactory(image=image_file(size=(700, 350)))
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as handle:
            assert Image.open(handle).format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]


def test_saving_again_without_a_new_file_keeps_the_renditions():
    photo = PhotoFactory(image=image_file(size=(700, 350)))
    before = set(photo.renditions.values_list("pk", flat=True))
    photo.caption = "New caption"
    photo.save()
    assert set(photo.renditions.values_list("pk", flat=True)) == before


def test_a_new_file_replaces_the_renditions():
    photo = PhotoFactory(image=image_file(size=(700, 350)))
    photo.image = image_file(name="other.jpg", size=(400, 400))
    photo.save()
    assert sizes(photo) == [(320, 320), (400, 400)]


def test_an_unreadable_file_makes_no_renditions_and_no_error():
    photo = Photo.objects.get(pk=PhotoFactory().pk)
    photo.renditions.all().delete()
    with open(photo.image.path, "wb") as handle:
        handle.write(b"not an image any more")
    assert ensure_derivatives(photo)["renditions"] == []
    assert photo.renditions.count() == 0


def test_picture_tag_uses_prefetched_renditions_without_queries(django_assert_num_queries):
    PhotoFactory(image=image_file(size=(700, 350)))
    photo = Photo.objects.prefetch_related(prefetch_renditions()).get()
    template = Template('{% load site %}{% picture photo sizes="50vw" %}')
    with django_assert_num_queries(0):
        html = template.render(Context({"photo": photo}))
    assert '<source type="image/webp" srcset="' in html
    assert "320w" in html and "700w" in html
    assert 'sizes="50vw"' in html
    assert 'width="700" height="350"' in html  # fallback <img>: the widest up to 960 px
    assert 'loading="lazy"' in html


def test_a_photo_fetched_without_the_prefetch_reads_its_renditions_once_narrowest_first(django_assert_num_queries):
    PhotoFactory(image=image_file(size=(700, 350)))
    photo = Photo.objects.get()
    with django_assert_num_queries(1):
        sizes = [(r.width, r.format) for r in photo.rendition_list]
        assert photo.rendition_list is photo.rendition_list
    assert sizes == sorted(sizes)
    assert sizes[0] == (320, "jpeg") and sizes[-1] == (700, "webp")


def test_make_derivatives_command_catches_up_photos_without_renditions_or_crops():
    from io import StringIO

    from django.core.management import call_command

    photo = PhotoFactory(image=image_file(size=(700, 350)))
    photo.renditions.all().delete()
    photo.social_crops.all().delete()
    out = StringIO()
    call_command("make_derivatives", stdout=out)
    assert sizes(photo) == [(320, 160), (640, 320), (700, 350)]
    assert photo.social_crops.count() == 3
    assert "Renditions and social crops made for 1 photo(s)" in out.getvalue()


def test_derivatives_read_the_photo_file_once_for_renditions_and_crops(monkeypatch):
    from media import derivatives

    photo = PhotoFactory(image=image_file(size=(700, 350)))
    photo.renditions.all().delete()
    photo.social_crops.all().delete()
    opened = []
    real_open = derivatives.open_upright
    monkeypatch.setattr(derivatives, "open_upright", lambda *args: opened.append(args) or real_open(*args))
    found = ensure_derivatives(photo)
    assert len(opened) == 1
    assert len(found["renditions"]) == 6 and len(found["social_crops"]) == 3


def body_with_pictures(photos, by_id):
    figures = []
    for photo in photos:
        marker = f' data-photo-id="{photo.pk}"' if by_id else ""
        figures.append(f'<figure class="image"><img src="{photo.image.url}" alt="editor words"{marker}></figure>')
    return "<p>Opening.</p>" + "".join(figures) + "<p>Closing.</p>"


@pytest.mark.parametrize("by_id", [True, False], ids=["by-library-id", "by-file-address"])
def test_body_pictures_are_served_as_responsive_renditions(client, by_id):
    from tests.factories import ArticleFactory

    photo = PhotoFactory(image=image_file(size=(1000, 500)), alt_text="Fishing boats in the harbour")
    article = ArticleFactory(body=body_with_pictures([photo], by_id))
    html = client.get(article.get_absolute_url()).content.decode()
    body = html[html.index('class="article-body"') :]
    assert '<source type="image/webp" srcset="' in body
    assert "-640.webp 640w" in body
    assert 'alt="Fishing boats in the harbour"' in body
    assert 'width="960" height="480"' in body
    assert 'loading="lazy"' in body


def test_body_pictures_cost_the_same_queries_however_many_there_are(client, uncached):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from tests.factories import ArticleFactory

    article = ArticleFactory(body=body_with_pictures([PhotoFactory()], by_id=False))

    def queries_with_body(body):
        Article.objects.filter(pk=article.pk).update(body=body)
        client.get(article.get_absolute_url())  # warm the menus and other cached pieces
        with CaptureQueriesContext(connection) as captured:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(captured)

    one = queries_with_body(body_with_pictures([PhotoFactory()], by_id=False))
    four = queries_with_body(body_with_pictures(PhotoFactory.create_batch(4), by_id=True))
    assert one == four
    assert one > 0


def test_a_body_picture_no_longer_in_the_library_is_left_as_written(client):
    from tests.factories import ArticleFactory

    article = ArticleFactory(body='<p>Text.</p><img src="/media/photos/gone.jpg" alt="Old picture">')
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<img loading="lazy" decoding="async" src="/media/photos/gone.jpg" alt="Old picture">' in html
