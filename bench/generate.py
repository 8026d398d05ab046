"""Fill a database with a large newsroom archive, fast: ``python -m bench.generate --articles 100000``.

Articles across the three editions with sections, tags, bylines, regions,
hero photos and search documents. Rows are written in batches without the ORM's
per-object work: ``COPY`` on PostgreSQL, ``executemany`` elsewhere. A few real
photos are made (with their renditions and crops, through the normal save) and
their rows reused by a few hundred library entries, as an archive reuses agency
pictures. The search index is built in SQL, one statement per edition.

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
        with self.connection.cursor() as cursor:
            if self.postgres:
                with cursor.connection.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                prepared = [
                    [field.get_db_prep_save(value, self.connection) for field, value in zip(fields, row, strict=True)]
                    for row in rows
                ]
                placeholders = ", ".join(["%s"] * len(names))
                cursor.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})", prepared)

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

    from articles.models import Photo, Rendition
    from discovery.models import SocialCrop

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

    from articles.models import Author, Region, Section, Source

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
    tags = list(Tag.objects.values_list("pk", flat=True))
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

    rng = random.Random(seed)
    writer = Writer(connection)
    started = time.monotonic()
    photos = make_photos(rng)
    sections, regions, tags, authors, source = make_taxonomy(rng)
    bodies = [paragraphs(rng, 6) for _ in range(200)]
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
            row = {
                **defaults,
                "edition": edition,
                "kind": (Article.Kind.OPINION if roll > 0.9 else Article.Kind.NEWS).value,
                "headline": headline,
                "slug": f"{headline.lower().replace(' ', '-')[:150]}-{pk}",
                "standfirst": sentence(rng, 22),
                "body": rng.choice(bodies),
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
            for tag in rng.sample(tags, rng.randint(2, 4)):
                article_tags.append([pk, tag, edition, published])
            for position, author in enumerate(rng.sample(authors[edition], rng.randint(1, 2))):
                bylines.append([pk, author, position])
            for region in rng.sample(regions, rng.randint(1, 2)):
                article_regions.append([pk, region])
        with transaction.atomic():
            writer.write(Article, article_columns, articles)
            writer.write(ArticleTag, ["content_object", "tag", "edition", "publish_at"], article_tags)
            writer.write(Byline, ["article", "author", "position"], bylines)
            writer.write(region_link, ["article", "region"], article_regions)
        done = min(start + BATCH, count)
        if done % 50_000 == 0 or done == count:
            print(f"{done} articles in {time.monotonic() - started:.1f}s", flush=True)
    writer.reset_sequences([Article, ArticleTag, Byline, region_link])
    index_for_search(connection, first_id)
    with connection.cursor() as cursor:
        # On PostgreSQL (outside a transaction) VACUUM also sets the visibility map and hint bits,
        # as autovacuum would soon after a bulk load: the benchmark then measures the steady state.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    print(f"search index and statistics in {time.monotonic() - started:.1f}s", flush=True)
    return time.monotonic() - started


def index_for_search(connection, first_id):
    """The search documents of the new articles, built in SQL (``discovery.search`` does one at a time)."""
    from articles.models import Article
    from discovery import search
    from discovery.models import SearchDocument

    articles, documents = Article._meta.db_table, SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for code in EDITIONS:
                config = search.search_config(code)
                cursor.execute(
                    f"INSERT INTO {documents} (article_id, text, vector, edition, publish_at, indexed_at) "
                    f"SELECT id, standfirst, setweight(to_tsvector(%s::regconfig, headline), 'A') "
                    f"|| setweight(to_tsvector(%s::regconfig, standfirst), 'B'), edition, publish_at, now() "
                    f"FROM {articles} WHERE id >= %s AND edition = %s",
                    [config, config, first_id, code],
                )
        else:
            cursor.execute(
                f"INSERT INTO {documents} (article_id, text, edition, publish_at, indexed_at) "
                f"SELECT id, standfirst, edition, publish_at, CURRENT_TIMESTAMP FROM {articles} WHERE id >= %s",
                [first_id],
            )
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"INSERT INTO {search.FTS_TABLE} (rowid, headline, tags, text) "
                    f"SELECT id, headline, '', standfirst FROM {articles} WHERE id >= %s",
                    [first_id],
                )


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
