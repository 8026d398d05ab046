"""The main photo picker's two JSON endpoints, on the photo admin: a photo's card, and an upload in place.

The upload goes through the photo admin's own form (``PhotoUploadField``: content-sniffed type,
size and pixel limits; the required alt text), so a picture dropped onto an article is checked
exactly like one added in the library, and refused with the same words.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .widgets import THUMBNAIL_SIZE


def photo_card(photo):
    """What the picker shows of a photo: its thumbnail, caption and credit."""
    return {
        "id": photo.pk,
        "thumbnail": photo.image.url,
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "size": THUMBNAIL_SIZE,
    }


def forbidden():
    return JsonResponse({"errors": {"__all__": [_("You may not do this.")]}}, status=403)


def card_view(model_admin, request, object_id):
    photo = model_admin.get_object(request, str(object_id))
    if photo is None:
        return JsonResponse({"errors": {"__all__": [_("This photo is not in the library.")]}}, status=404)
    if not model_admin.has_view_permission(request, photo):
        return forbidden()
    return JsonResponse(photo_card(photo))


def upload_view(model_admin, request):
    """POST an ``image`` with ``alt_text`` (and ``caption``, ``credit``): the new photo's card, or the form's errors."""
    if request.method != "POST":
        return JsonResponse({"errors": {"__all__": [_("Send the picture with POST.")]}}, status=405)
    if not model_admin.has_add_permission(request):
        return forbidden()
    form = model_admin.get_form(request, None, change=False)(request.POST, request.FILES)
    if not form.is_valid():
        errors = {field: [error["message"] for error in found] for field, found in form.errors.get_json_data().items()}
        return JsonResponse({"errors": errors}, status=400)
    photo = form.save(commit=False)
    model_admin.save_model(request, photo, form, change=False)
    model_admin.log_addition(request, photo, [{"added": {}}])
    return JsonResponse(photo_card(photo), status=201)
