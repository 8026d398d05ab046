"""A photo's focal point: crops are cut around it, cards keep it in view, moving it cuts the crops again."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from media.crops import RATIOS, crop_box
from media.models import Photo, prefetch_renditions
from media.renditions import picture_html
from tests.factories import PhotoFactory

pytestmark = pytest.mark.django_db

MARK = (255, 0, 0)
MARK_SIZE = 40


def marked_image(size, at):
    """A grey PNG with a red square centred on ``at`` (fractions of width and height)."""
    image = Image.new("RGB", size, (128, 128, 128))
    x, y = round(at[0] * size[0]), round(at[1] * size[1])
    half = MARK_SIZE // 2
    image.paste(MARK, (max(x - half, 0), max(y - half, 0), min(x + half, size[0]), min(y + half, size[1])))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="marked.png")


def mark_position(file):
    """Where the red square is in a stored picture, as fractions; None when it is not in it."""
    with file.open("rb") as handle:
        image = Image.open(handle).convert("RGB")
    red = [
        (x, y)
        for x in range(0, image.width, 2)
        for y in range(0, image.height, 2)
        if (pixel := image.getpixel((x, y)))[0] > 200 and pixel[1] < 60 and pixel[2] < 60
    ]
    if not red:
        return None
    xs, ys = [x for x, _ in red], [y for _, y in red]
    return (sum(xs) / len(xs) / image.width, sum(ys) / len(ys) / image.height)


@pytest.mark.parametrize("focus", [(0.5, 0.5), (0.0, 0.0), (0.93, 0.2), (0.1, 0.97), (1.0, 1.0)])
@pytest.mark.parametrize("size", [(1600, 600), (500, 1400), (800, 800)])
def test_every_crop_box_holds_the_focal_point_inside_the_picture(size, focus):
    width, height = size
    for ratio in RATIOS.values():
        left, top, right, bottom = crop_box(width, height, ratio, focus)
        assert 0 <= left < right <= width and 0 <= top < bottom <= height
        assert left <= focus[0] * width <= right and top <= focus[1] * height <= bottom
        assert abs((right - left) * ratio[1] - (bottom - top) * ratio[0]) <= max(ratio)


def test_the_crop_is_centred_on_the_focal_point_where_the_edges_allow():
    # A 16:9 cut of a square photo, around a point a third of the way down: centred on it.
    assert crop_box(900, 900, (16, 9), (0.5, 1 / 3)) == (0, 47, 899, 553)
    # Near the bottom edge it stops at the edge rather than leaving the picture.
    assert crop_box(900, 900, (16, 9), (0.5, 0.95)) == (0, 394, 899, 900)


def test_the_stored_crops_of_a_real_photo_show_its_subject_off_centre():
    photo = PhotoFactory(image=marked_image((1600, 600), (0.92, 0.5)), focal_x=0.92, focal_y=0.5)
    crops = {crop.ratio: crop for crop in photo.social_crops.all()}
    assert len(crops) == 3
    for crop in crops.values():
        assert crop.focus == "0.920,0.500"
        assert mark_position(crop.image) is not None, crop.ratio
    # The square crop (600 × 600) could not centre a point so near the right edge: it ends at the edge.
    across, down = mark_position(crops["1x1"].image)
    assert across == pytest.approx(1 - (1 - 0.92) * 1600 / 600, abs=0.05)
    assert down == pytest.approx(0.5, abs=0.05)


def test_without_a_focal_point_the_centred_crop_loses_a_subject_at_the_edge():
    photo = PhotoFactory(image=marked_image((1600, 600), (0.92, 0.5)))
    assert mark_position(photo.social_crops.get(ratio="1x1").image) is None


def test_every_rendition_keeps_the_whole_picture_and_so_the_focal_point():
    photo = PhotoFactory(image=marked_image((1400, 700), (0.1, 0.85)), focal_x=0.1, focal_y=0.85)
    for rendition in photo.renditions.all():
        across, down = mark_position(rendition.file)
        assert across == pytest.approx(0.1, abs=0.03) and down == pytest.approx(0.85, abs=0.03)


def test_moving_the_focal_point_cuts_the_crops_again_and_keeps_the_renditions():
    photo = PhotoFactory(image=marked_image((1600, 600), (0.08, 0.5)))
    first_crops = set(photo.social_crops.values_list("pk", flat=True))
    renditions = set(photo.renditions.values_list("pk", flat=True))
    assert mark_position(photo.social_crops.get(ratio="1x1").image) is None

    photo.focal_x = 0.08
    photo.save()

    assert not first_crops & set(photo.social_crops.values_list("pk", flat=True))
    assert set(photo.renditions.values_list("pk", flat=True)) == renditions
    assert mark_position(photo.social_crops.get(ratio="1x1").image) is not None


def test_saving_without_moving_it_keeps_the_crops():
    photo = PhotoFactory(focal_x=0.3, focal_y=0.3)
    crops = set(photo.social_crops.values_list("pk", flat=True))
    photo.caption = "Another caption"
    photo.save()
    assert set(photo.social_crops.values_list("pk", flat=True)) == crops


def test_cards_keep_the_focal_point_in_view_with_classes_not_styles():
    centred = PhotoFactory()
    off_centre = PhotoFactory(focal_x=0.83, focal_y=0.12)
    photos = {p.pk: p for p in Photo.objects.prefetch_related(prefetch_renditions())}
    assert "focus-" not in picture_html(photos[centred.pk])
    html = picture_html(photos[off_centre.pk])
    assert 'class="focus-x80 focus-y10"' in html and "style=" not in html


def test_the_photo_admin_sets_the_focal_point_and_refuses_one_outside_the_picture(client, editor):
    photo = PhotoFactory(image=marked_image((1200, 600), (0.9, 0.9)))
    client.force_login(editor)
    url = reverse("admin:media_photo_change", args=[photo.pk])
    page = client.get(url).content.decode()
    assert "data-focal-picker" in page and "admin/js/focal_point." in page
    fields = {"alt_text": photo.alt_text, "caption": photo.caption, "credit": photo.credit}

    refused = client.post(url, {**fields, "focal_x": "1.5", "focal_y": "0.9"})
    assert refused.status_code == 200
    assert "focal_x" in refused.context["adminform"].form.errors

    assert client.post(url, {**fields, "focal_x": "0.9", "focal_y": "0.9"}).status_code == 302
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.9, 0.9)
    assert all(mark_position(crop.image) for crop in photo.social_crops.all())
