"""A small but complete edition for public-page tests: every page type has content.

``build_edition("ar", size=...)`` returns the URLs of one page of each type;
``size`` scales tags, authors, photos and related stories so query-count tests
can compare a small and a large page.
"""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Correction
from taxonomy.models import Region, Section
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    GalleryItemFactory,
    LivePostFactory,
    LiveStoryFactory,
    PhotoFactory,
    SourceFactory,
    VideoFactory,
    image_file,
)

HEADLINES = {
    "en": "Ministers agree on river treaty after a decade of talks",
    "ar": "الوزراء يتفقون على معاهدة النهر بعد عقد من المفاوضات",
    "es": "Los ministros acuerdan el tratado del río tras una década de negociaciones",
}
SUMMARY = [
    "The treaty was signed.",
    "It shares the river.",
    "Talks took ten years.",
    "Parliaments must ratify.",
    "A commission oversees it.",
]


def big_photo(**kwargs):
    return PhotoFactory(image=image_file(size=(1000, 650)), **kwargs)


def build_edition(edition="en", size=1):
    now = timezone.now()
    asia = Region.objects.get(slug="asia")
    authors = [AuthorFactory(edition=edition) for _ in range(size)]
    tags = [f"treaty-{edition}", *[f"topic-{edition}-{n}" for n in range(size)]]
    related = [
        ArticleFactory(
            edition=edition, hero_photo=PhotoFactory(), tags=tags[:1], publish_at=now - timedelta(hours=3 + n)
        )
        for n in range(size)
    ]
    for n in range(size):
        related[n].regions.add(asia)
    body = "".join(
        f"<p>Paragraph {n} of the story, with enough words to read.</p>"
        + (
            f'<figure class="image"><img src="{related[0].hero_photo.image.url}" alt="A harbour"'
            ' width="64" height="48"></figure>'
            if n == 1
            else ""
        )
        for n in range(6)
    )
    article = ArticleFactory(
        edition=edition,
        headline=HEADLINES[edition],
        body=body,
        hero_photo=big_photo(caption="Delegates arrive for the signing.", credit="AP"),
        source=SourceFactory(),
        authors=authors,
        tags=tags,
        summary_points="\n".join(SUMMARY),
        updated_at=now - timedelta(minutes=10),
        publish_at=now - timedelta(hours=1),
    )
    article.related.add(*related)
    article.regions.add(asia)
    Correction.objects.create(article=article, text="An earlier version misnamed the river.")
    gallery = ArticleFactory(
        edition=edition,
        kind=Article.Kind.GALLERY,
        headline=f"In pictures {edition}",
        section=Section.objects.get(slug="in-pictures"),
    )
    for _ in range(max(3, size)):
        GalleryItemFactory(article=gallery, photo=PhotoFactory())
    video = ArticleFactory(
        edition=edition,
        kind=Article.Kind.VIDEO,
        headline=f"Video explainer {edition}",
        section=Section.objects.get(slug="newsfeed"),
        video=VideoFactory(poster=PhotoFactory()),
    )
    opinion = ArticleFactory(edition=edition, kind=Article.Kind.OPINION, headline=f"Opinion {edition}")
    infograph = ArticleFactory(
        edition=edition,
        kind=Article.Kind.INFOGRAPH,
        headline=f"Infograph {edition}",
        hero_photo=PhotoFactory(),
        section=Section.objects.get(slug="infographs"),
    )
    BreakingItemFactory(edition=edition)
    live = LiveStoryFactory(article=ArticleFactory(edition=edition, headline=f"Live: election night {edition}"))
    LivePostFactory(story=live, title="Polls open", key_event=True, posted_at=now - timedelta(minutes=30))
    LivePostFactory(story=live, pinned=True, posted_at=now - timedelta(minutes=20))
    edited = LivePostFactory(story=live, posted_at=now - timedelta(minutes=10))
    edited.body = "<p>Turnout is 61%, not 60%.</p>"
    edited.save()
    return {
        "article": article,
        "gallery": gallery,
        "video": video,
        "urls": {
            "home": f"/{edition}/",
            "article": article.get_absolute_url(),
            "gallery": gallery.get_absolute_url(),
            "video": video.get_absolute_url(),
            "opinion": opinion.get_absolute_url(),
            "infograph": infograph.get_absolute_url(),
            "section": f"/{edition}/politics/",
            "parent_section": f"/{edition}/news/",
            "pictures": f"/{edition}/in-pictures/",
            "videos": f"/{edition}/videos/",
            "infographs": f"/{edition}/infographs/",
            "region": f"/{edition}/region/asia/",
            "tag": f"/{edition}/tag/{tags[0]}/",
            "author": authors[0].get_absolute_url(),
            "authors": f"/{edition}/authors/",
            "live": f"/{edition}/live/",
            "live_story": live.article.get_absolute_url(),
            "search": f"/{edition}/search/?q={HEADLINES[edition].split()[1]}",
            "about": f"/{edition}/about/",
            "privacy": f"/{edition}/privacy/",
            "contact": f"/{edition}/contact/",
            "not_found": f"/{edition}/no-such-section/",
        },
    }
