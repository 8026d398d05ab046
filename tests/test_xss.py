"""No script survives: a corpus of XSS vectors through every input path and every output.

Each vector from ``tests/data/xss_vectors.txt`` goes into an article's body,
headline, standfirst and In Five points, its photo's caption, alt text and
credit, a gallery caption, an author's name and biography, a tag, a
correction and a breaking news line; it is also searched for. Then the
article page, listings, search, feeds, the API, the ticker feed and the
admin are read back, parsed like a browser would (html5lib, lxml for feeds)
and checked: no ``<script>`` but our own (JSON-LD and files from /static/),
no ``on*`` handler, no ``javascript:``/``vbscript:``/``data:`` address, no
plugin, frame, base or refresh element, and JSON-LD that still parses.
"""

import json
import re
from pathlib import Path

import html5lib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override
from lxml import etree

from articles.models import Article, Correction, GalleryItem
from articles.sanitize import EMBED_HOSTS, sanitize_html
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, PhotoFactory, UserFactory
from wire.services import WireIngester

VECTORS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_vectors.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]
BATCH = 12
BATCHES = [VECTORS[start : start + BATCH] for start in range(0, len(VECTORS), BATCH)]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset", "lowsrc"}
STATIC_PREFIX = "/" + settings.STATIC_URL.lstrip("/")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
FORBIDDEN_ELEMENTS = {"object", "embed", "applet", "base", "frame", "frameset", "isindex", "keygen", "plaintext"}
# Feed elements whose text is HTML for the reader's feed app.
FEED_HTML_ELEMENTS = {"description", "encoded", "summary", "content"}


def test_the_corpus_has_at_least_a_hundred_vectors():
    assert len(VECTORS) >= 100


# --- what "executable" means ---------------------------------------------------------


def local(name):
    return name.rsplit("}", 1)[-1].lower()


def compact(value):
    """An address as a browser reads it: without whitespace and control characters, lower case."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def is_our_script(source):
    """A file from our static folder, or (in the admin) one of Django's own same-origin views."""
    return source.startswith(STATIC_PREFIX) or (source.startswith("/") and not source.startswith("//"))


def problems_in(tree, where, nonce=None):
    """What in ``tree`` could run or load something.

    ``nonce`` is the response's CSP nonce, which our own inline scripts carry.
    """
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        name = local(element.tag)
        attributes = {local(key): value for key, value in element.attrib.items()}
        snippet = f"{where}: <{name} {attributes}>"
        if name == "script":
            kind = attributes.get("type", "")
            if kind in {"application/ld+json", "application/json"}:
                if kind == "application/ld+json":
                    text = element.text or ""
                    if "<" in text:
                        found.append(f"{snippet} JSON-LD contains '<'")
                    try:
                        json.loads(text)
                    except ValueError:
                        found.append(f"{snippet} JSON-LD does not parse: {text[:200]!r}")
            elif nonce and attributes.get("nonce") == nonce and "src" not in attributes:
                continue  # ours: only the server knows this response's nonce, so injected markup cannot carry it
            elif not is_our_script(attributes.get("src", "")) or (element.text or "").strip():
                found.append(f"{snippet} script that is not ours: {(element.text or '')[:80]!r}")
        if name in FORBIDDEN_ELEMENTS:
            found.append(f"{snippet} forbidden element")
        if name == "style" and "nonce" not in attributes:
            found.append(f"{snippet} style element without our nonce")
        if name == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            found.append(f"{snippet} meta refresh")
        if name == "iframe":
            source = attributes.get("src", "")
            if "srcdoc" in attributes or not any(source.startswith(f"https://{host}/") for host in EMBED_HOSTS):
                found.append(f"{snippet} iframe from an unknown host")
        for attribute, value in attributes.items():
            if attribute.startswith("on"):
                found.append(f"{snippet} event handler {attribute}")
            if attribute == "srcdoc":
                found.append(f"{snippet} srcdoc")
            if attribute in URL_ATTRIBUTES and any(compact(part).startswith(BAD_SCHEMES) for part in value.split(",")):
                found.append(f"{snippet} dangerous address in {attribute}")
            if attribute == "style" and re.search(r"expression\(|javascript:|url\(|behavior", value, re.I):
                found.append(f"{snippet} active style")
    return found


def html_problems(html, where, nonce=None):
    return problems_in(html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=True), where, nonce)


def fragment_problems(html, where):
    return problems_in(html5lib.parseFragment(html, treebuilder="etree"), where)


def json_problems(data, where, key=""):
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in json_problems(v, where, k)]
    if isinstance(data, list):
        return [p for v in data for p in json_problems(v, where, key)]
    if isinstance(data, str) and (key == "body" or key.endswith("_html")):
        return fragment_problems(data, f"{where} [{key}]")
    return []


def feed_problems(content, where):
    tree = etree.fromstring(content)  # must be well-formed XML whatever the content
    found = []
    for element in tree.iter():
        if element.get("type") in {"plain", "text"}:
            continue  # plain text by declaration, e.g. <media:description type="plain">
        if isinstance(element.tag, str) and local(element.tag) in FEED_HTML_ELEMENTS and element.text:
            found += fragment_problems(element.text, f"{where} <{local(element.tag)}>")
    return found


def read(client, url, where=None):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def page_problems(client, url):
    response = read(client, url)
    nonce = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return html_problems(response.content.decode(), url, nonce.group(1) if nonce else None)


def api_problems(client, url):
    response = read(client, url)
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    return json_problems(response.json(), url)


# --- the sanitiser on its own -----------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS)
def test_sanitised_body_keeps_nothing_executable(vector):
    assert fragment_problems(sanitize_html(vector), "sanitised body") == []


@pytest.mark.parametrize("vector", VECTORS)
def test_sanitising_twice_changes_nothing(vector):
    once = sanitize_html(vector)

    assert sanitize_html(once) == once


# --- every input, every output ----------------------------------------------------------


def publish_everywhere(vector, number):
    photo = PhotoFactory(caption=vector[:500], alt_text=vector[:300], credit=vector[:120])
    author = AuthorFactory(name=vector[:120], bio=vector)
    article = ArticleFactory(
        headline=vector[:255],
        slug=f"vector-{number}",
        standfirst=vector,
        body=f"<p>{vector}</p>{vector}",
        summary_points=f"{vector}\n{vector}",
        hero_photo=photo,
        authors=[author],
        tags=[f"Tag {number} {vector[:80]}"],
    )
    GalleryItem.objects.create(article=article, photo=PhotoFactory(), caption=vector[:500])
    Correction.objects.create(article=article, text=vector)
    BreakingItemFactory(text=f"{number} {vector}"[:280])
    return Article.objects.get(pk=article.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("batch", BATCHES, ids=[f"vectors-{i * BATCH + 1}-" for i in range(len(BATCHES))])
def test_no_vector_executes_on_any_public_page_feed_or_api(client, batch):
    articles = [publish_everywhere(vector, number) for number, vector in enumerate(batch)]
    found = []
    for article, vector in zip(articles, batch, strict=True):
        tag = article.tags.first()
        with override("en"):
            found += page_problems(client, article.get_absolute_url())
            found += page_problems(client, article.bylines.first().author.get_absolute_url())
            found += page_problems(client, reverse("articles:tag", kwargs={"slug": tag.slug}))
        found += page_problems(client, f"/en/search/?q={vector}")
        found += api_problems(client, f"/api/v1/articles/{article.pk}/")
    for url in ("/en/", "/en/politics/", "/en/live/"):
        found += page_problems(client, url)
    for url in ("/en/feeds/rss.xml", "/en/feeds/atom.xml", "/en/feeds/section/politics/rss.xml"):
        found += feed_problems(read(client, url).content, url)
    for url in ("/api/v1/articles/", "/api/v1/authors/", "/api/v1/tags/", "/api/v1/breaking/", "/en/breaking.json"):
        found += api_problems(client, url)

    assert found == []


@pytest.mark.django_db
def test_json_ld_stays_one_valid_script_whatever_the_headline(client):
    article = publish_everywhere("</script><script>alert(1)</script><!--", 0)

    html = read(client, article.get_absolute_url()).content.decode()

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks
    for block in blocks:
        data = json.loads(block)
        assert "<" not in block
        assert data


@pytest.mark.django_db
def test_headline_is_shown_as_text_not_markup(client):
    article = ArticleFactory(headline="<b>Bold</b> claim <script>alert(1)</script>")

    html = read(client, article.get_absolute_url()).content.decode()

    assert "&lt;b&gt;Bold&lt;/b&gt; claim" in html


@pytest.mark.django_db
@pytest.mark.parametrize("batch", BATCHES[:3], ids=["first", "second", "third"])
def test_no_vector_executes_in_the_admin(client, batch):
    editor = UserFactory(username="xss-editor", role="Editor")
    client.force_login(editor)
    articles = [publish_everywhere(vector, number) for number, vector in enumerate(batch)]
    found = page_problems(client, reverse("admin:articles_article_changelist"))
    found += page_problems(client, reverse("admin:media_photo_changelist"))
    for article in articles:
        found += page_problems(client, reverse("admin:articles_article_change", args=[article.pk]))
        found += page_problems(client, reverse("admin:articles_article_preview", args=[article.pk]))

    assert found == []


# --- the wire ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("batch", BATCHES, ids=[f"vectors-{i * BATCH + 1}-" for i in range(len(BATCHES))])
def test_ingested_agency_copy_is_sanitised(client, batch):
    item = {
        "uri": "urn:test:xss",
        "type": "text",
        "headline": batch[0][:200] or "x",
        "description_text": batch[-1],
        "body_html": "".join(f"<p>{vector}</p>" for vector in batch),
        "language": "en",
        "subject": [{"name": vector[:90]} for vector in batch[:5]],
    }

    outcome = WireIngester().ingest(item)

    assert outcome.status == "created", outcome.message
    article = outcome.article
    assert fragment_problems(article.body, "ingested body") == []
    editor = UserFactory(username="wire-editor", role="Editor")
    client.force_login(editor)
    assert page_problems(client, reverse("admin:articles_article_preview", args=[article.pk])) == []
