"""Fill a database with a large newsroom archive, fast: ``python -m bench.generate --articles 100000``.

Articles across the three editions with sections, tags, bylines, regions,
hero photos and search documents. Rows are written in batches without the ORM's
per-object work: ``COPY`` on PostgreSQL, ``executemany`` elsewhere. A few real
photos are made (with their renditions and crops, through the normal save) and
their rows reused by a few hundred library entries, as an archive reuses agency
pictures. The search documents are the ones the site would make (``SearchIndex``),
on PostgreSQL in one statement that parses each shared body once per edition.

Only for benchmark databases: it adds to whatever is there and does not call
``save()``, so run it on an empty database of its own (``bench/run`` does).
"""

import argparse
import io
import os
import random
import sys
import time
import uuid
from datetime import timedelta

import django

TEXT = (
    "minister talks border river treaty election budget court protest ceasefire summit harbour ferry storm "
    "drought harvest market inflation central bank strike union parliament coalition vote refugees aid "
    "hospital vaccine school university climate flood wildfire pipeline energy oil gas grid solar wind "
    "port shipping trade tariff export import football final league coach stadium festival museum film "
    "novel artist concert archive investigation report leak scandal reform census capital province city"
)
WORDS = TEXT.split()
EDITIONS = ("en", "ar", "es")
BATCH = 5000
PHOTO_FILES = 6
PHOTO_ROWS = 300
TAGS = 3000
AUTHORS_PER_EDITION = 300
REGIONS = 24


def sentence(rng, words=14):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraphs(rng, count):
    return "".join(f"<p>{' '.join(sentence(rng) for _ in range(4))}</p>" for _ in range(count))


class Writer:
    """Bulk rows into a table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def write(self, model, columns, rows):
        table = model._meta.db_table
        fields = [model._meta.get_field(name) for name in columns]
        names = [field.column for field in fields]
        if self.postgres:
            self.copy(table, names, rows)
            return
        prepared = [
            [field.get_db_prep_save(value, self.connection) for field, value in zip(fields, row, strict=True)]
            for row in rows
        ]
        placeholders = ", ".join(["%s"] * len(names))
        with self.connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})", prepared)

    def copy(self, table, columns, rows):
        """``COPY`` rows into any table (PostgreSQL only)."""
        with (
            self.connection.cursor() as cursor,
            cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def next_id(self, model):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def reset_sequences(self, models):
        if not self.postgres:
            return
        from django.core.management.color import no_style

        with self.connection.cursor() as cursor:
            for statement in self.connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def make_photos(rng):
    """A few real photos (renditions and crops made by the normal save), their rows reused."""
    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    from media.models import Photo, Rendition, SocialCrop

    originals = []
    for number in range(PHOTO_FILES):
        image = Image.new("RGB", (1600, 1067), tuple(rng.randrange(40, 220) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(1400), rng.randrange(900)
            draw.rectangle([x, y, x + 200, y + 160], fill=tuple(rng.randrange(256) for _ in range(3)))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        photo = Photo(caption=sentence(rng, 10), credit="Bench", alt_text=sentence(rng, 8))
        photo.image.save(f"bench-{number}.jpg", ContentFile(buffer.getvalue()), save=True)
        originals.append(photo)
    clones = Photo.objects.bulk_create(
        Photo(
            image=original.image.name,
            width=original.width,
            height=original.height,
            caption=sentence(rng, 10),
            credit="Bench",
            alt_text=sentence(rng, 8),
        )
        for original in (originals[n % PHOTO_FILES] for n in range(PHOTO_ROWS))
    )
    for model in (Rendition, SocialCrop):
        templates = {}
        for row in model.objects.filter(photo__in=originals):
            templates.setdefault(row.photo_id, []).append(row)
        copies = []
        for index, clone in enumerate(clones):
            for row in templates.get(originals[index % PHOTO_FILES].pk, []):
                copy = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
                copy.pk = None
                copy.photo_id = clone.pk
                copies.append(copy)
        model.objects.bulk_create(copies, batch_size=1000)
    return [photo.pk for photo in [*originals, *clones]]


def make_taxonomy(rng):
    from taggit.models import Tag

    from articles.models import Author, Source
    from taxonomy.models import Region, Section

    sections = list(Section.objects.filter(parent__isnull=False).values_list("pk", flat=True)) or list(
        Section.objects.values_list("pk", flat=True)
    )
    if not sections:
        sections = [Section.objects.create(name="News", slug="news").pk]
    Region.objects.bulk_create(
        [Region(name=f"Region {n}", slug=f"bench-region-{n}", position=n) for n in range(REGIONS)],
        ignore_conflicts=True,
    )
    regions = list(Region.objects.values_list("pk", flat=True))
    Tag.objects.bulk_create(
        [Tag(name=f"{rng.choice(WORDS)} {n}", slug=f"bench-tag-{n}") for n in range(TAGS)], ignore_conflicts=True
    )
    tags = dict(Tag.objects.values_list("pk", "name"))
    Author.objects.bulk_create(
        [
            Author(edition=code, name=f"Reporter {code} {n}", slug=f"bench-reporter-{n}", bio=sentence(rng))
            for code in EDITIONS
            for n in range(AUTHORS_PER_EDITION)
        ],
        ignore_conflicts=True,
    )
    authors = {code: list(Author.objects.filter(edition=code).values_list("pk", flat=True)) for code in EDITIONS}
    source, _created = Source.objects.get_or_create(name="Agencies", defaults={"slug": "agencies"})
    return sections, regions, tags, authors, source.pk


def generate(count, seed=1):
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, ArticleTag, Byline
    from discovery.sitemaps import rebuild_months

    rng = random.Random(seed)
    writer = Writer(connection)
    started = time.monotonic()
    photos = make_photos(rng)
    sections, regions, tags, authors, source = make_taxonomy(rng)
    bodies = [paragraphs(rng, 6) for _ in range(200)]
    tag_ids = list(tags)
    search_index = SearchIndex(connection, writer, bodies)
    now = timezone.now()
    span = timedelta(days=5 * 365).total_seconds()
    first_id = writer.next_id(Article)
    region_link = Article.regions.through
    article_fields = [f for f in Article._meta.concrete_fields if f.name != "id"]
    defaults = {f.name: f.get_default() for f in article_fields}
    article_columns = ["id", *[f.name for f in article_fields]]

    print(f"photos and taxonomy in {time.monotonic() - started:.1f}s", flush=True)
    for start in range(0, count, BATCH):
        articles, article_tags, bylines, article_regions = [], [], [], []
        for offset in range(start, min(start + BATCH, count)):
            pk = first_id + offset
            edition = EDITIONS[offset % len(EDITIONS)]
            roll = rng.random()
            status = Article.Status.DRAFT.value if roll < 0.02 else Article.Status.PUBLISHED.value
            publish_at = now - timedelta(seconds=span * (1 - offset / count) + 60)
            if roll > 0.995:
                status, publish_at = Article.Status.SCHEDULED.value, now + timedelta(days=rng.randrange(1, 30))
            published = None if status == Article.Status.DRAFT.value else publish_at
            headline = sentence(rng, 9)[:-1]
            standfirst = sentence(rng, 22)
            body = rng.randrange(len(bodies))
            row = {
                **defaults,
                "edition": edition,
                "kind": (Article.Kind.OPINION if roll > 0.9 else Article.Kind.NEWS).value,
                "headline": headline,
                "slug": f"{headline.lower().replace(' ', '-')[:150]}-{pk}",
                "standfirst": standfirst,
                "body": bodies[body],
                "section": rng.choice(sections),
                "source": source if roll < 0.3 else None,
                "hero_photo": rng.choice(photos) if roll < 0.8 else None,
                "translation_group": uuid.UUID(int=rng.getrandbits(128)),
                "status": status,
                "publish_at": published,
                "read_minutes": 2,
                "created_at": publish_at,
                "modified_at": publish_at,
            }
            articles.append([pk, *[row[f.name] for f in article_fields]])
            article_tag_ids = rng.sample(tag_ids, rng.randint(2, 4))
            for position, tag in enumerate(article_tag_ids):
                article_tags.append([pk, tag, edition, published, position])
            for position, author in enumerate(rng.sample(authors[edition], rng.randint(1, 2))):
                bylines.append([pk, author, position])
            for region in rng.sample(regions, rng.randint(1, 2)):
                article_regions.append([pk, region])
            search_index.add(pk, edition, published, headline, [tags[tag] for tag in article_tag_ids], standfirst, body)
        with transaction.atomic():
            writer.write(Article, article_columns, articles)
            writer.write(ArticleTag, ["content_object", "tag", "edition", "publish_at", "position"], article_tags)
            writer.write(Byline, ["article", "author", "position"], bylines)
            writer.write(region_link, ["article", "region"], article_regions)
            search_index.write()
        done = min(start + BATCH, count)
        if done % 50_000 == 0 or done == count:
            print(f"{done} articles in {time.monotonic() - started:.1f}s", flush=True)
    writer.reset_sequences([Article, ArticleTag, Byline, region_link])
    search_index.finish()
    print(f"search documents in {time.monotonic() - started:.1f}s", flush=True)
    rebuild_months()  # the sitemap index's tally, which saves would have kept
    with connection.cursor() as cursor:
        # On PostgreSQL (outside a transaction) VACUUM also sets the visibility map and hint bits,
        # as autovacuum would soon after a bulk load: the benchmark then measures the steady state.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    print(f"sitemap months, search index and statistics in {time.monotonic() - started:.1f}s", flush=True)
    return time.monotonic() - started


class SearchIndex:
    """The new articles' search documents, as ``discovery.search.index_article`` makes them.

    The same words, weights and order: headline (A), tag names sorted (B),
    standfirst (B) and body (C) as plain text, each through ``normalise`` and
    parsed with the edition's configuration; the snippet text is the plain
    standfirst and body. Each batch's articles are prepared with the site's
    own functions as they are written (``add``, then ``write``).

    SQLite (and other databases) get their rows with each batch: the document,
    and on SQLite the FTS5 row.

    On PostgreSQL the words have to be parsed by ``to_tsvector``, and parsing
    every article's body took over four minutes per edition at 1,000,000
    articles. The articles share a few hundred bodies, though, so each body's
    plain text and weighted vector are made once per edition (``BODY_WORDS``),
    and each batch copies only its articles' short parts and the number of
    their body into ``ARTICLE_WORDS``. ``finish`` then makes every document in
    one ``INSERT ... SELECT``: the short parts parsed and the body's vector
    appended in the site's order (``||`` moves the right-hand positions past
    the left-hand ones, so the vector is the site's exactly), the body's text
    after the standfirst's, joined on the edition and the body's number (a
    hash join: both tables are analysed first).
    """

    ARTICLE_WORDS = "bench_article_words"
    BODY_WORDS = "bench_body_words"

    def __init__(self, connection, writer, bodies):
        from discovery import search

        self.connection, self.writer = connection, writer
        self.bodies = [search.plain_text(body) for body in bodies]
        self.queued = []
        if not writer.postgres:
            return
        configs = {code: search.search_config(code) for code in EDITIONS}
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE {self.ARTICLE_WORDS} (article_id bigint, edition text, publish_at timestamptz, "
                "body integer, headline text, tags text, standfirst text, standfirst_text text)"
            )
            cursor.execute(
                f"CREATE TEMP TABLE {self.BODY_WORDS} (edition text, body integer, config regconfig, text text, "
                "vector tsvector)"
            )
            cursor.executemany(
                f"INSERT INTO {self.BODY_WORDS} VALUES (%s, %s, %s, %s, "
                "setweight(to_tsvector(%s::regconfig, %s), 'C'))",
                [
                    (code, number, configs[code], text or None, configs[code], search.normalise(text, code))
                    for code in EDITIONS
                    for number, text in enumerate(self.bodies)
                ],
            )

    def add(self, pk, edition, publish_at, headline, tags, standfirst, body):
        """Queue an article for the next ``write``: ``tags`` are its tag names, ``body`` the number of its body."""
        self.queued.append((pk, edition, publish_at, headline, tags, standfirst, body))

    def write(self):
        """Write the queued articles' rows (in the batch's transaction)."""
        from django.utils import timezone

        from discovery.models import SearchDocument
        from discovery.search import FTS_TABLE, normalise, plain_text, without_controls

        now = timezone.now()
        documents, words = [], []
        for pk, edition, publish_at, headline, tags, standfirst, body in self.queued:
            tags = normalise(" ".join(sorted(tags)), edition)
            standfirst = plain_text(standfirst)
            if self.writer.postgres:
                headline = normalise(without_controls(headline), edition)
                # An empty standfirst as NULL, which concat_ws leaves out of the text, as index_article does.
                words.append(
                    (pk, edition, publish_at, body, headline, tags, normalise(standfirst, edition), standfirst or None)
                )
            else:
                text = " ".join(part for part in (standfirst, self.bodies[body]) if part)
                documents.append((pk, text, edition, publish_at, now))
                words.append((pk, normalise(headline, edition), tags, normalise(text, edition)))
        self.queued = []
        if self.writer.postgres:
            self.writer.copy(
                self.ARTICLE_WORDS,
                ["article_id", "edition", "publish_at", "body", "headline", "tags", "standfirst", "standfirst_text"],
                words,
            )
            return
        self.writer.write(SearchDocument, ["article", "text", "edition", "publish_at", "indexed_at"], documents)
        if self.connection.vendor == "sqlite":
            with self.connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, headline, tags, text) VALUES (%s, %s, %s, %s)", words
                )

    def finish(self):
        """On PostgreSQL, make the documents from the words the batches wrote."""
        from discovery.models import SearchDocument

        if not self.writer.postgres:
            return
        documents = SearchDocument._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {self.ARTICLE_WORDS}, {self.BODY_WORDS}")
            cursor.execute(
                f"INSERT INTO {documents} (article_id, text, vector, edition, publish_at, indexed_at) "
                "SELECT a.article_id, concat_ws(' ', a.standfirst_text, b.text), "
                "setweight(to_tsvector(b.config, a.headline), 'A') || setweight(to_tsvector(b.config, a.tags), 'B') "
                "|| setweight(to_tsvector(b.config, a.standfirst), 'B') || b.vector, a.edition, a.publish_at, now() "
                f"FROM {self.ARTICLE_WORDS} a JOIN {self.BODY_WORDS} b ON b.edition = a.edition AND b.body = a.body"
            )
            cursor.execute(f"DROP TABLE {self.ARTICLE_WORDS}, {self.BODY_WORDS}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="how many articles (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--if-fewer", action="store_true", help="do nothing when the database already holds this many articles"
    )
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from articles.models import Article

    existing = Article.objects.count()
    if options.if_fewer and existing >= options.articles:
        print(f"{existing} articles already there; nothing to do")
        return 0
    seconds = generate(options.articles - existing if options.if_fewer else options.articles, options.seed)
    print(f"generated in {seconds:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
