"""Full-text search over articles, on PostgreSQL and on the embedded SQLite default.

PostgreSQL: each article's ``SearchDocument.vector`` is a weighted tsvector made
with its edition's text-search configuration (english, spanish, arabic),
GIN-indexed; queries use ``websearch_to_tsquery`` (which never fails on
syntax) and are ranked with ``ts_rank``.

SQLite: the same words live in the FTS5 table ``discovery_fts`` (rowid = article
id); user words are quoted one by one, so FTS5 operators typed by a reader are
plain words; results are ranked with ``bm25``.

Either way a result's passage comes from the story's own text (``passage``): the index holds
folded words, good for finding and useless for reading.

Either way the index is refreshed whenever an article or its tags are saved,
and every search starts from ``Article.objects.public()``.
"""

import re
import unicodedata
from bisect import bisect_left
from datetime import datetime, time, timedelta
from functools import cache
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles import paginators
from editions import edition_codes, get_edition
from editions.text import normalise_arabic

from .models import SearchDocument

MAX_QUERY_LENGTH = 200
MAX_TERMS = 16
RESULTS_PER_PAGE = 20
# Results go back this many pages of the edition's newest matches; dates reach further back.
RESULT_PAGES = 25
FTS_TABLE = "discovery_fts"
# The desk's search box lists the newest this many matches (older ones: add words, or filter).
DESK_DEPTH = 1000
# How long a result's passage is, and how many words it shows before the first match.
PASSAGE_WORDS = 30
PASSAGE_LEAD_WORDS = 4

# Edition code -> PostgreSQL text-search configuration; "simple" when missing on the server.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "ar": "arabic"}

WORD = re.compile(r"\w+")
# Tags that end a run of words: the text on either side is two words, not one.
BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|tr|td|th|figure|figcaption|section|aside)\b[^>]*>",
    re.IGNORECASE,
)


def using_postgresql():
    return connection.vendor == "postgresql"


@cache
def installed_configs():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


def search_config(edition):
    """The PostgreSQL text-search configuration for ``edition``'s language."""
    name = TEXT_SEARCH_CONFIGS.get(edition, "simple")
    return name if name in installed_configs() else "simple"


def normalise(text, edition):
    """Fold spelling variants that readers type interchangeably (Arabic diacritics, hamza forms, ة/ه).

    Runs on the indexed words and on the query alike (see ``editions.text``).
    """
    if edition == "ar":
        text = normalise_arabic(text)
    return text


def clean_query(raw):
    """The reader's query made safe to store, show and send: no control characters, bounded length."""
    return " ".join(without_controls(raw or "").split())[:MAX_QUERY_LENGTH].strip()


def has_terms(query):
    return bool(WORD.search(query))


def without_controls(text):
    return "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)


def plain_text(html):
    """Readable words of stored HTML, without markup or control characters (they mark snippets)."""
    return " ".join(without_controls(unescape(strip_tags(BLOCK_TAG.sub(" ", html or "")))).split())


def fts_query(query, edition):
    """An FTS5 MATCH expression: every word of ``query`` quoted, all required.

    Quoting each word turns FTS5 syntax (AND, NEAR, ``*``, ``:``, parentheses)
    typed by a reader into plain words, so no query can be a syntax error.
    """
    words = WORD.findall(normalise(query, edition))[:MAX_TERMS]
    return " ".join('"{}"'.format(word.replace('"', '""')) for word in words)


# --- Indexing -----------------------------------------------------------------------------


def index_article(article):
    """Store ``article``'s current words in the search index (either database).

    One upsert of its search document (with the tsvector on PostgreSQL), and on SQLite
    its FTS5 row replaced; no savepoint of its own: a failure fails the caller's save.
    """
    tags = " ".join(sorted(tag.name for tag in article.tags.all()))  # read once for many when prefetched
    body = plain_text(article.body)
    text = " ".join(part for part in (plain_text(article.standfirst), body) if part)
    edition = article.edition
    document = SearchDocument(article=article, text=text, edition=edition, publish_at=article.publish_at)
    written = ["text", "edition", "publish_at", "indexed_at"]
    if using_postgresql():
        config = search_config(edition)
        document.vector = (
            SearchVector(Value(normalise(without_controls(article.headline), edition)), config=config, weight="A")
            + SearchVector(Value(normalise(tags, edition)), config=config, weight="B")
            + SearchVector(Value(normalise(plain_text(article.standfirst), edition)), config=config, weight="B")
            + SearchVector(Value(normalise(body, edition)), config=config, weight="C")
        )
        written.append("vector")
    with transaction.atomic(savepoint=False):
        SearchDocument.objects.bulk_create(
            [document], update_conflicts=True, unique_fields=["article"], update_fields=written
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, headline, tags, text) VALUES (%s, %s, %s, %s)",
                    [article.pk, *(normalise(part, edition) for part in (article.headline, tags, text))],
                )


def forget_article(article_id):
    """Drop an article from the FTS5 table (PostgreSQL rows go with the article by cascade)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article_id])


# --- Searching ----------------------------------------------------------------------------


def start_of_day(day, edition):
    """Midnight opening ``day`` where the edition's readers are: the dates they see on results."""
    return datetime.combine(day, time.min, tzinfo=get_edition(edition).tzinfo)


def within_days(queryset, edition, after=None, before=None):
    """``queryset`` narrowed to what was published from the start of ``after`` to the end of ``before``."""
    if after:
        queryset = queryset.filter(publish_at__gte=start_of_day(after, edition))
    if before:
        queryset = queryset.filter(publish_at__lt=start_of_day(before + timedelta(days=1), edition))
    return queryset


def results_depth():
    return paginators.depth(RESULTS_PER_PAGE, RESULT_PAGES)


def matching(queryset, query, edition, published=(None, None)):
    """Articles of ``queryset`` matching ``query``, annotated with ``rank`` (higher is better).

    Only as many of the edition's newest matches as the result pages show
    (between the dates of ``published``, when given) are ranked: taking them
    costs the same with a hundred matches or a million, where ranking every
    match would not. Readers reach further back by giving dates.
    """
    candidates = SearchDocument.objects.filter(edition=edition, publish_at__lte=timezone.now())
    after, before = published
    # Whole days of the edition's time zone, compared as times so the index serves the range.
    candidates = within_days(candidates, edition, after, before)
    if using_postgresql():
        search_query = SearchQuery(normalise(query, edition), search_type="websearch", config=search_config(edition))
        candidates = candidates.filter(vector=search_query)
        rank = SearchRank(F("search_document__vector"), search_query)
    else:
        match = fts_query(query, edition)
        if not match:
            return queryset.none()
        candidates = candidates.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        )
        table = queryset.model._meta.db_table
        # bm25 is lower for better matches; weights favour the headline, then tags, then text.
        rank = RawSQL(
            f"SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE} "
            f'WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = "{table}"."id"',
            [match],
            output_field=FloatField(),
        )
    # As many as the pages show, and one more, so the search page can tell readers there are more.
    newest = candidates.order_by("-publish_at", "-article").values("article")[: results_depth()]
    return queryset.filter(pk__in=newest).annotate(rank=rank)


def desk_matches(queryset, words):
    """The stories of ``queryset`` (drafts too, every edition) whose words match: the newest ``DESK_DEPTH``.

    Read from the search index the public search uses, with each edition's own language rules,
    so searching a million stories costs what searching a thousand does. A slug, typed or pasted,
    finds its story too.
    """
    documents = SearchDocument.objects.all()
    if using_postgresql():
        found = Q()
        for code in edition_codes():
            query = SearchQuery(normalise(words, code), search_type="websearch", config=search_config(code))
            found |= Q(edition=code, vector=query)
        documents = documents.filter(found)
    else:
        match = " OR ".join(
            f"({each})" for each in sorted({fts_query(words, code) for code in edition_codes()}) if each
        )
        fts = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        documents = documents.filter(pk__in=RawSQL(fts, [match])) if match else documents.none()
    ids = list(documents.order_by("-article").values_list("article", flat=True)[:DESK_DEPTH])
    ids += queryset.filter(edition__in=edition_codes(), slug=words.strip()).values_list("pk", flat=True)
    return queryset.filter(pk__in=ids)


def passage(article, query, edition):
    """Safe HTML: the part of the article's own text around the query's words, marked; None without them.

    The words are shown as the story writes them. Normalisation (folded Arabic spellings, case) is
    used only to find them: "بحيره" in a query marks "البحيرة" in the story, never the index's
    folded copy of it. Built here from the article's standfirst and body, so a passage can only
    ever be the story's own.
    """
    text = " ".join(part for part in (plain_text(article.standfirst), plain_text(article.body)) if part)
    terms = [folded(term, edition) for term in WORD.findall(query)[:MAX_TERMS]]
    words = list(WORD.finditer(text))
    hits = [n for n, word in enumerate(words) if any(matches(folded(word.group(), edition), t) for t in terms)]
    if not hits:
        return None
    # The stretch of PASSAGE_WORDS words holding the most of them, from a few words before its first.
    best = max(hits, key=lambda first: bisect_left(hits, first + PASSAGE_WORDS) - bisect_left(hits, first))
    # A short text is shown whole; a long one from a few words before the best stretch's first match.
    first = max(0, min(best - PASSAGE_LEAD_WORDS, len(words) - PASSAGE_WORDS))
    last = min(len(words), first + PASSAGE_WORDS) - 1
    parts = ["… " if first else ""]
    position = words[first].start()
    for n in hits:
        if first <= n <= last:
            word = words[n]
            parts += [escape(text[position : word.start()]), "<mark>", escape(word.group()), "</mark>"]
            position = word.end()
    more = last < len(words) - 1
    parts += [escape(text[position : words[last].end()] if more else text[position:]), " …" if more else ""]
    return mark_safe("".join(parts))  # the story's text escaped, and our marks


def folded(word, edition):
    return normalise(word, edition).casefold()


def matches(word, term):
    """Whether a (folded) word of the story is one the reader asked for, give or take an ending or prefix.

    Arabic attaches the article and conjunctions to the front (والبحيرة); other languages vary the end.
    """
    if len(term) < 3:
        return word == term
    return term in word or (len(word) >= 4 and term.startswith(word))
