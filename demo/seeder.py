"""Turn the demo content files into rows: photos, authors, articles, breaking items and demo logins.

Everything is looked up by a natural key before it is created (article and
author slugs, photo file names, breaking-item text, usernames), so a second
run adds nothing. Random choices come from a generator seeded per edition, so
two fresh sites get the same content; only the times move with the clock.
"""

import hashlib
import random
import tomllib
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import override

from articles.models import Article, Author, Byline, Correction, GalleryItem, Source
from breaking.models import BreakingItem
from editions import edition_codes
from media.models import Photo, Video
from taxonomy.models import Region, Section

from . import images

CONTENT_DIR = Path(__file__).parent / "content"
PHOTO_DIR = "photos/demo"
DEMO_PASSWORD = "newsroom-demo"
DEMO_USERS = [("editor", "Editor"), ("reporter", "Reporter")]
SOURCES = ["Agencies", "AP", "Reuters", "AFP"]
# Fixed, so a story keeps its translation group from one fresh site to the next.
TRANSLATION_NAMESPACE = uuid.UUID("6b0c9e52-3a51-4d0f-9d43-5f7f1c2e8a10")
PUBLISH_WINDOW = timedelta(days=30)
# Breaking items normally leave the ticker after six hours; demo ones stay two days
# so a site started tomorrow still shows a ticker.
BREAKING_LIFETIME = timedelta(days=2)

KIND_BY_SECTION = {
    "opinion": Article.Kind.OPINION,
    "analysis": Article.Kind.ANALYSIS,
    "blog": Article.Kind.BLOG,
    "features": Article.Kind.FEATURE,
    "infographs": Article.Kind.INFOGRAPH,
    "in-pictures": Article.Kind.GALLERY,
}
# Which pool of background paragraphs and pictures suits a section.
FAMILY_BY_SECTION = {
    "politics": "politics",
    "economy": "economy",
    "sports": "sports",
    "arts-culture": "culture",
    "miscellaneous": "culture",
    "health": "health",
    "technology": "technology",
    "environment": "environment",
    "opinion": "commentary",
    "analysis": "commentary",
    "blog": "commentary",
    "features": "commentary",
    "infographs": "infograph",
    "in-pictures": "gallery",
}
SCENES_BY_FAMILY = {
    "politics": ["gathering", "skyline"],
    "economy": ["skyline", "network", "coast"],
    "sports": ["stadium"],
    "culture": ["gathering", "skyline", "coast"],
    "health": ["skyline", "fields"],
    "technology": ["network"],
    "environment": ["mountains", "coast", "desert", "fields"],
    "commentary": ["skyline", "gathering", "mountains", "desert"],
    "video": ["skyline", "gathering", "coast", "network"],
    "infograph": ["network"],
    "gallery": ["coast", "mountains", "fields", "desert"],
}
# Arabic name of the newsroom for the default site name; other names are used as they are.
ARABIC_SITE_NAMES = {"The Meridian": "ذا ميريديان"}


class SeedError(Exception):
    """The site is not in a state the demo content can be loaded into."""


def load_content(code):
    with open(CONTENT_DIR / f"{code}.toml", "rb") as handle:
        return tomllib.load(handle)


def organisation_name(code):
    site = settings.NEWSROOM_SITE_NAME
    if code == "ar":
        return ARABIC_SITE_NAMES.get(site, site)
    suffix = {"en": "English", "es": "Español"}.get(code)
    return f"{site} {suffix}" if suffix else site


def stable_int(text):
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def youtube_id(text):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    number = stable_int(text)
    return "".join(alphabet[(number >> (6 * i)) % 64] for i in range(11))


def parse_duration(text):
    minutes, seconds = text.split(":")
    return timedelta(minutes=int(minutes), seconds=int(seconds))


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    users: list = field(default_factory=list)

    def count(self, label, created):
        (self.created if created else self.existing)[label] += 1


@dataclass
class Story:
    """One entry of a content file, with what the seeder decides about it."""

    data: dict
    section: Section
    slug: str
    translation_group: uuid.UUID
    status: str
    publish_at: object = None
    related: list = field(default_factory=list)

    @property
    def key(self):
        return self.data["key"]

    @property
    def family(self):
        if self.section.parent_id and self.section.parent.slug == "videos":
            return "video"
        return FAMILY_BY_SECTION.get(self.section.slug, "politics")

    @property
    def kind(self):
        if self.family == "video":
            return Article.Kind.VIDEO
        return KIND_BY_SECTION.get(self.section.slug, Article.Kind.NEWS)

    @property
    def is_public(self):
        return self.status == Article.Status.PUBLISHED

    def url(self, code):
        with override(code):
            return reverse("articles:article", kwargs={"section": self.section.slug, "slug": self.slug})


class Seeder:
    def __init__(self, editions=None, now=None):
        self.now = now or timezone.now()
        available = {path.stem for path in CONTENT_DIR.glob("*.toml")}
        self.editions = [code for code in (editions or edition_codes()) if code in available]
        self.contents = {code: load_content(code) for code in self.editions}
        self.sections = {section.slug: section for section in Section.objects.select_related("parent")}
        self.regions = {region.slug: region for region in Region.objects.all()}
        self.report = Report()
        # Stories in every seeded edition are one story in several languages.
        keys = [{story["key"] for story in content["story"]} for content in self.contents.values()]
        self.shared_keys = set.intersection(*keys) if len(keys) > 1 else set()
        self.check_taxonomy()

    def check_taxonomy(self):
        """Refuse to start when the menu no longer has what the stories are filed under."""
        stories = [story for content in self.contents.values() for story in content["story"]]
        missing_sections = sorted({story["section"] for story in stories} - set(self.sections))
        missing_regions = sorted({slug for story in stories for slug in story["regions"]} - set(self.regions))
        if missing_sections or missing_regions:
            raise SeedError(
                "The demo stories are filed under sections and regions of the starting menu "
                "(taxonomy/defaults.py) that this site does not have: " + ", ".join(missing_sections + missing_regions)
            )

    def run(self):
        self.seed_users()
        self.sources = {name: self.seed_source(name) for name in SOURCES}
        for code in self.editions:
            EditionSeeder(self, code).run()
        return self.report

    def seed_users(self):
        for username, group_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                raise SeedError(f"The “{group_name}” group is missing; run migrations, which create the roles.")
            user = User.objects.create_user(
                username, email=f"{username}@example.org", password=DEMO_PASSWORD, is_staff=True
            )
            user.groups.add(group)
            self.report.users.append((username, group_name))
        self.users = {user.username: user for user in User.objects.filter(username__in=[u for u, _ in DEMO_USERS])}

    def seed_source(self, name):
        source, created = Source.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
        self.report.count("sources", created)
        return source


class EditionSeeder:
    def __init__(self, seeder, code):
        self.seeder = seeder
        self.code = code
        self.content = seeder.contents[code]
        self.now = seeder.now
        self.report = seeder.report
        self.rng = random.Random(f"seed-demo-{code}")

    def run(self):
        self.photos = self.seed_photos()
        self.authors, self.organisation = self.seed_authors()
        stories = self.plan_stories()
        articles = {}
        for story in stories:
            articles[story.key] = self.seed_article(story)
        for story in stories:
            article, created = articles[story.key]
            if created:
                article.related.set([articles[other.key][0] for other in story.related])
        self.seed_breaking({key: article for key, (article, _created) in articles.items()})

    # --- Pictures and people -------------------------------------------------------------

    def seed_photo(self, key, render, size, caption, alt_text, credit):
        """The library photo for ``key``; its picture is drawn and written only the first time.

        The size is part of the file name, so a file left by an older seed drawn at
        another size is never taken for this one.
        """
        name = f"{PHOTO_DIR}/{key}-{size[0]}x{size[1]}.jpg"
        photo = Photo.objects.filter(image=name).first()
        if photo:
            self.report.count("photos", False)
            return photo
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(render()))
        # Width and height are read from the file itself by the image field.
        photo = Photo.objects.create(image=name, caption=caption, alt_text=alt_text, credit=credit)
        self.report.count("photos", True)
        return photo

    def seed_photos(self):
        """A picture for each caption listed under a scene, in this edition's language."""
        photos = defaultdict(list)
        for scene, variants in self.content["scenes"].items():
            for index, (caption, alt_text) in enumerate(variants):
                key = f"{self.code}-{scene}-{index}"
                photos[scene].append(
                    self.seed_photo(
                        key,
                        lambda scene=scene, key=key: images.scene(scene, stable_int(key)),
                        images.LANDSCAPE,
                        caption,
                        alt_text,
                        self.rng.choice(self.content["credits"]),
                    )
                )
        return photos

    def seed_authors(self):
        authors = []
        for entry in self.content["author"]:
            slug = slugify(entry["name"], allow_unicode=True)
            key = f"{self.code}-author-{slug}"
            photo = self.seed_photo(
                key,
                lambda key=key: images.portrait(stable_int(key)),
                images.PORTRAIT,
                entry["name"],
                self.content["portrait_alt"].format(name=entry["name"]),
                self.content["staff_credit"],
            )
            author, created = Author.objects.get_or_create(
                edition=self.code,
                slug=slug,
                defaults={"name": entry["name"], "bio": entry["bio"], "photo": photo},
            )
            self.report.count("authors", created)
            authors.append((author, set(entry.get("beats", [])), entry.get("columnist", False)))
        name = organisation_name(self.code)
        organisation, created = Author.objects.get_or_create(
            edition=self.code,
            slug=slugify(name, allow_unicode=True),
            defaults={
                "name": name,
                "bio": self.content["organisation_bio"].format(name=name),
                "is_organisation": True,
            },
        )
        self.report.count("authors", created)
        return authors, organisation

    # --- Articles ------------------------------------------------------------------------

    def plan_stories(self):
        stories = []
        for entry in self.content["story"]:
            key = entry["key"]
            group_key = key if key in self.seeder.shared_keys else f"{self.code}:{key}"
            stories.append(
                Story(
                    data=entry,
                    section=self.seeder.sections[entry["section"]],
                    slug=slugify(entry["headline"], allow_unicode=True)[:200].strip("-"),
                    translation_group=uuid.uuid5(TRANSLATION_NAMESPACE, group_key),
                    status=entry.get("status", Article.Status.PUBLISHED),
                )
            )
        self.plan_times(stories)
        self.plan_related(stories)
        return stories

    def plan_times(self, stories):
        """Spread publish times over the window; the first stories in the file are the newest."""
        public = [story for story in stories if story.is_public]
        window = PUBLISH_WINDOW.total_seconds()
        # Skewed towards the present, as a live front page is.
        offsets = sorted(window * self.rng.random() ** 1.7 + 600 for _ in public)
        order = public[:3] + self.rng.sample(public[3:], len(public) - 3)
        for story, offset in zip(order, offsets, strict=True):
            story.publish_at = self.now - timedelta(seconds=offset)
        for hours, story in enumerate((s for s in stories if s.status == Article.Status.SCHEDULED), start=3):
            story.publish_at = self.now + timedelta(hours=hours)

    def plan_related(self, stories):
        """Two or three public stories each, from the same family where possible."""
        public = [story for story in stories if story.is_public]
        for story in stories:
            others = [other for other in public if other is not story]
            close = [other for other in others if other.family == story.family]
            wanted = self.rng.randint(2, 3)
            picked = self.rng.sample(close, min(len(close), wanted))
            rest = [other for other in others if other not in picked]
            story.related = picked + self.rng.sample(rest, wanted - len(picked))

    def hero_photo(self, story, index):
        scenes = [story.data["scene"]] if "scene" in story.data else SCENES_BY_FAMILY[story.family]
        scene = scenes[index % len(scenes)]
        return self.photos[scene][index % len(self.photos[scene])]

    def chart_photo(self, story):
        key = f"{self.code}-chart-{story.key}"
        return self.seed_photo(
            key,
            lambda: images.chart(stable_int(key)),
            images.CHART,
            story.data["headline"],
            self.content["chart_alt"].format(headline=story.data["headline"]),
            self.content["staff_credit"],
        )

    def figure_html(self, photo):
        return (
            f'<figure class="image"><img src="{escape(photo.image.url)}" alt="{escape(photo.alt_text)}" '
            f'width="{photo.width}" height="{photo.height}" data-photo-id="{photo.pk}">'
            f"<figcaption>{escape(photo.caption)} ({escape(photo.credit)})</figcaption></figure>"
        )

    def compose_body(self, story, figure_photo):
        """Story paragraphs, the quote, background from the family pool, a picture and a link."""
        family = self.content["families"][story.family]
        parts = [f"<p>{escape(text)}</p>" for text in story.data["paragraphs"]]
        if story.data.get("quote"):
            parts.append(
                f"<blockquote><p>{escape(story.data['quote'])}</p><p>{escape(story.data['speaker'])}</p></blockquote>"
            )
        background = self.rng.sample(family["paragraphs"], min(len(family["paragraphs"]), self.rng.randint(2, 4)))
        parts.append(f"<p>{escape(background[0])}</p>")
        parts.append(f"<h2>{escape(self.rng.choice(family['headings']))}</h2>")
        parts.append(self.figure_html(figure_photo))
        parts += [f"<p>{escape(text)}</p>" for text in background[1:]]
        target = story.related[0]
        parts.append(
            f"<p><strong>{escape(self.content['read_more'])}</strong> "
            f'<a href="{escape(target.url(self.code))}">{escape(target.data["headline"])}</a></p>'
        )
        return "\n".join(parts)

    def pick_authors(self, story):
        """Columnists sign commentary; agency copy goes out under the newsroom's name."""
        staff = [author for author, _beats, columnist in self.authors if not columnist]
        if story.kind in {Article.Kind.OPINION, Article.Kind.BLOG}:
            pool = [author for author, _beats, columnist in self.authors if columnist] or staff
            return [self.rng.choice(pool)], None
        if story.kind == Article.Kind.NEWS and self.rng.random() < 0.35:
            return [self.organisation], self.seeder.sources[self.rng.choice(SOURCES)]
        if story.kind in {Article.Kind.VIDEO, Article.Kind.INFOGRAPH, Article.Kind.GALLERY}:
            return [self.organisation], None
        beat = [author for author, beats, columnist in self.authors if story.family in beats and not columnist]
        first = self.rng.choice(beat or staff)
        if self.rng.random() < 0.15:
            second = self.rng.choice([author for author in staff if author != first])
            return [first, second], None
        return [first], None

    def seed_article(self, story):
        existing = Article.objects.filter(edition=self.code, slug=story.slug).first()
        if existing:
            self.report.count("articles", False)
            return existing, False
        index = stable_int(f"{self.code}-{story.key}")
        if story.kind == Article.Kind.INFOGRAPH:
            hero = figure = self.chart_photo(story)
        else:
            hero = self.hero_photo(story, index)
            figure = self.hero_photo(story, index + 1)
            if figure == hero:
                figure = self.photos["skyline"][(index + 1) % 3]
        authors, source = self.pick_authors(story)
        user = self.seeder.users.get("editor" if story.is_public else "reporter")
        article = Article.objects.create(
            edition=self.code,
            slug=story.slug,
            kind=story.kind,
            headline=story.data["headline"],
            standfirst=story.data["standfirst"],
            body=self.compose_body(story, figure),
            summary_points="\n".join(story.data.get("points", [])),
            section=story.section,
            source=source,
            hero_photo=hero,
            video=self.seed_video(story, hero),
            translation_group=story.translation_group,
            status=story.status,
            publish_at=story.publish_at,
            updated_at=self.update_time(story),
            created_by=user,
        )
        article.regions.set([self.seeder.regions[slug] for slug in story.data["regions"]])
        article.tags.add(*story.data.get("tags", []))
        for position, author in enumerate(authors):
            Byline.objects.create(article=article, author=author, position=position)
        used = Counter()
        for position, (scene, caption) in enumerate(story.data.get("items", [])):
            # Each picture once per gallery: the n-th item of a scene takes its n-th variant.
            photo = self.photos[scene][(index + used[scene]) % len(self.photos[scene])]
            used[scene] += 1
            GalleryItem.objects.create(article=article, photo=photo, caption=caption, position=position)
        if story.is_public and "correction" in story.data:
            note = story.data["correction"]
            Correction.objects.create(
                article=article,
                kind=note.get("kind", Correction.Kind.CORRECTION),
                text=note["text"],
                created_at=min(story.publish_at + timedelta(hours=5), self.now - timedelta(minutes=5)),
            )
        self.report.count("articles", True)
        return article, True

    def seed_video(self, story, poster):
        if story.kind != Article.Kind.VIDEO:
            return None
        video, created = Video.objects.get_or_create(
            embed_url=f"https://www.youtube-nocookie.com/embed/{youtube_id(f'{self.code}-{story.key}')}",
            defaults={
                "title": story.data["headline"],
                "duration": parse_duration(story.data.get("duration", "3:30")),
                "poster": poster,
            },
        )
        self.report.count("videos", created)
        return video

    def update_time(self, story):
        """About a quarter of public stories were updated some hours after going out."""
        if not story.is_public or self.rng.random() > 0.25:
            return None
        updated = story.publish_at + timedelta(minutes=self.rng.randint(40, 20 * 60))
        return min(updated, self.now - timedelta(minutes=5))

    # --- Ticker --------------------------------------------------------------------------

    def seed_breaking(self, articles):
        for minutes, entry in enumerate(self.content["breaking"]):
            article = articles.get(entry.get("story"))
            _item, created = BreakingItem.objects.get_or_create(
                edition=self.code,
                text=entry["text"],
                defaults={
                    "priority": BreakingItem.Priority.URGENT if entry.get("urgent") else BreakingItem.Priority.NORMAL,
                    "article": article if article and article.is_public else None,
                    "posted_at": self.now - timedelta(minutes=7 + minutes * 23),
                    "expires_at": self.now + BREAKING_LIFETIME,
                },
            )
            self.report.count("breaking items", created)
