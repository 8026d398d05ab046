"""The three language editions the newsroom publishes.

An edition is a language code from ``settings.LANGUAGES`` plus presentation
settings (time zone, digits) from ``settings.NEWSROOM_EDITIONS``. Editions are
configuration, not database rows: adding one is a settings change and a
translation catalogue, and every model stores the code.
"""

from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import get_language_info


@dataclass(frozen=True)
class Edition:
    code: str
    name: str
    time_zone: str
    digits: str
    script: str  # the Unicode script of its text, as in character names: "LATIN", "ARABIC"

    @property
    def bidi(self):
        return self.code in settings.LANGUAGES_BIDI

    @property
    def direction(self):
        return "rtl" if self.bidi else "ltr"

    @property
    def tzinfo(self):
        return ZoneInfo(self.time_zone)

    @property
    def english_name(self):
        return get_language_info(self.code)["name"]


@cache
def all_editions():
    return tuple(
        Edition(
            code=code,
            name=settings.NEWSROOM_EDITIONS[code]["name"],
            time_zone=settings.NEWSROOM_EDITIONS[code]["time_zone"],
            digits=settings.NEWSROOM_EDITIONS[code]["digits"],
            script=settings.NEWSROOM_EDITIONS[code].get("script", "LATIN"),
        )
        for code, _label in settings.LANGUAGES
    )


def get_edition(code):
    """The edition for ``code``; unknown codes fall back to the default language."""
    for edition in all_editions():
        if edition.code == code:
            return edition
    return get_edition(settings.LANGUAGE_CODE)


def edition_choices():
    return [(code, label) for code, label in settings.LANGUAGES]


def edition_codes():
    return [code for code, _label in settings.LANGUAGES]
