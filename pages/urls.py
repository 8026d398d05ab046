from django.urls import path, register_converter
from django.utils.translation import get_language

from . import views
from .cached import pages_of

app_name = "pages"


class FixedPageSlug:
    """Matches only the address of one of the current edition's pages, so other addresses of that shape
    (sections, the authors' index) go on to their own patterns. The edition is active before URLs are
    resolved (``LocaleMiddleware``); the pages are one cache read (``pages.cached``)."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value):
        if value not in pages_of(get_language()):
            raise ValueError(value)
        return value

    def to_url(self, value):
        return value


register_converter(FixedPageSlug, "fixed_page")

urlpatterns = [path("<fixed_page:slug>/", views.fixed_page, name="page")]
