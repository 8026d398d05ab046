"""The Arabic and Spanish catalogues: complete, not fuzzy, not English, placeholders and plural forms right.

``test_every_marked_string_is_in_the_catalogues`` extracts the strings afresh
(``makemessages`` into a copy of the sources) so a string added to a template
or to Python code fails the build until it is translated; it needs GNU gettext
(``apt-get install gettext``, which ``.ci/run`` installs).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LANGUAGES = {"ar": 6, "es": 3}  # language -> number of plural forms
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd]|\{\{\s*\w+\s*\}\}")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
ENGLISH_WORD = re.compile(r"\b(?:the|and|of|to|is|are|for|with|from|your|this|that|not|no|by|in|on|at|or)\b")
# Words that stay as they are in any language: names, brands, formats, codes.
KEEP = {"LIVE", "The Meridian", "ninjs", "JSON", "RSS", "Atom", "API", "URL", "HTTP", "IPTC", "WebP", "JPEG"}
# Not shipped code: tests, tools and build output contribute no interface strings.
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "uploads", "bench", "test-artifacts", "locale", ".git", "tests"}


def catalogue(code):
    with open(ROOT / "locale" / code / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle, locale=code)


def entries(code):
    return [message for message in catalogue(code) if message.id]


def strings(message):
    return list(message.string) if message.pluralizable else [message.string]


def ids(message):
    return list(message.id) if message.pluralizable else [message.id]


def key(message):
    return (message.context, ids(message)[0])


@pytest.mark.parametrize("code", LANGUAGES)
def test_nothing_is_untranslated(code):
    missing = [ids(m)[0] for m in entries(code) if not all(strings(m))]
    assert missing == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_nothing_is_fuzzy(code):
    assert [ids(m)[0] for m in entries(code) if m.fuzzy] == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_plural_forms_are_declared_and_filled(code):
    po = catalogue(code)
    assert po.num_plurals == LANGUAGES[code]
    wrong = [ids(m)[0] for m in entries(code) if m.pluralizable and len(strings(m)) != LANGUAGES[code]]
    assert wrong == []


def test_arabic_plural_rule_has_six_forms():
    header = dict(catalogue("ar").mime_headers)["Plural-Forms"]
    assert header.startswith("nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3")


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_the_placeholders(code):
    broken = []
    for message in entries(code):
        expected = sorted(set(PLACEHOLDER.findall(ids(message)[-1])))
        for text in strings(message):
            found = sorted(set(PLACEHOLDER.findall(text)))
            # A form may spell a named number out ("an hour ago" -> "منذ ساعة"); a positional
            # one (%d) must stay, or ``ngettext(...) % count`` raises a TypeError.
            positional = {p for p in expected if not p.startswith(("%(", "{{"))}
            if found != expected and not (set(found) < set(expected) and positional <= set(found)):
                broken.append((ids(message)[0], text))
    assert broken == []


def test_arabic_translations_are_written_in_arabic():
    """Each Arabic string has Arabic words and no English sentence; codes and brand names may stay Latin."""
    english = []
    for message in entries("ar"):
        for text in strings(message):
            words = set(ENGLISH_WORD.findall(PLACEHOLDER.sub("", text).replace("The Meridian", "").lower()))
            if not ARABIC_LETTER.search(text) or words:
                english.append((ids(message)[0], text))
    assert english == []


def test_spanish_translations_are_not_english_copies():
    copies = [
        ids(m)[0]
        for m in entries("es")
        if any(text == ids(m)[0] for text in strings(m))
        and LATIN_WORD.search(ids(m)[0])
        and ids(m)[0] not in KEEP
        and not set(LATIN_WORD.findall(ids(m)[0])) <= {"IPTC", "ninjs", "JSON", "API", "URL", "Atom", "RSS"}
    ]
    # Words identical in both languages ("Error", "Video"…) are allowed; long sentences are not.
    assert [text for text in copies if len(text.split()) > 2] == []


def test_catalogues_compile_without_gnu_gettext(tmp_path):
    """Babel's pure-Python compiler (bin/setup's fallback) gives Arabic the right plural form."""
    po = catalogue("ar")
    with open(tmp_path / "django.mo", "wb") as handle:
        write_mo(handle, po)
    import gettext

    with open(tmp_path / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    plural = compiled.ngettext
    forms = {n: plural("an hour ago", "%(count)s hours ago", n) for n in (1, 2, 3, 11, 100)}
    assert len(set(forms.values())) >= 4


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (apt-get install gettext)")
def test_every_marked_string_is_in_the_catalogues(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: [n for n in names if n in SKIPPED_DIRS])
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "-l", "es", "--no-location", "-v", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for code in LANGUAGES:
        with open(copy / "locale" / code / "LC_MESSAGES" / "django.po", "rb") as handle:
            extracted = {key(message) for message in read_po(handle) if message.id}
        translated = {key(message) for message in entries(code) if all(strings(message)) and not message.fuzzy}
        assert sorted(extracted - translated, key=str) == [], f"untranslated in {code}"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ar", "es"])
def test_interface_shows_no_english_chrome(code):
    """No English sentence of the catalogue appears on the edition's front page or article page."""
    from tests.factories import ArticleFactory

    article = ArticleFactory(edition=code, slug=f"story-{code}", headline="—", standfirst="—", body="<p>—</p>")
    client = Client()
    english = {ids(m)[0] for m in entries(code) if len(ids(m)[0].split()) >= 2 and "%" not in ids(m)[0]}
    for path in (f"/{code}/", article.get_absolute_url(), f"/{code}/authors/", f"/{code}/nope/nope/"):
        html = client.get(path).content.decode()
        visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
        leftovers = sorted(text for text in english if f" {text} " in f" {' '.join(visible.split())} ")
        assert leftovers == [], path
    translation.activate("en")
