"""Addresses of the same page in the other editions, for pages that exist in every edition."""

from django.urls import translate_url
from django.utils.translation import get_language

from . import all_editions


def same_page_elsewhere(request):
    """This page in the other editions, where the address means the same there (edition code -> path)."""
    return {e.code: translate_url(request.path, e.code) for e in all_editions() if e.code != get_language()}
