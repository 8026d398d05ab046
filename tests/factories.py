"""factory-boy factories for the newsroom's models."""

import io
from datetime import timedelta

import factory
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Byline, GalleryItem, Source
from breaking.models import BreakingItem
from live.models import LivePost, LiveStory
from media.models import Photo, Video
from taxonomy.models import Region, Section


def image_file(name="photo.jpg", size=(64, 48), color=(200, 40, 40), format="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=format)
    return ContentFile(buffer.getvalue(), name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = "Agencies"
    slug = factory.LazyAttribute(lambda s: s.name.lower())


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    edition = "en"
    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    bio = "Covers politics and the economy."


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    image = factory.LazyFunction(image_file)
    caption = "Delegates arrive for the summit."
    credit = "AP"
    alt_text = "Delegates walking into a conference hall"


class VideoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Video

    title = "Explainer: the river treaty"
    embed_url = "https://www.youtube-nocookie.com/embed/abc123"
    duration = timedelta(minutes=3, seconds=12)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    edition = "en"
    headline = factory.Sequence(lambda n: f"Ministers agree on river treaty, round {n}")
    slug = factory.Sequence(lambda n: f"ministers-agree-on-river-treaty-{n}")
    standfirst = "The agreement ends a decade of talks."
    body = "<p>Negotiators signed the treaty on Tuesday.</p>"
    section = factory.LazyFunction(lambda: Section.objects.get(slug="politics"))
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted or [AuthorFactory(edition=self.edition)]):
            Byline.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class GalleryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GalleryItem

    article = factory.SubFactory(ArticleFactory, kind=Article.Kind.GALLERY)
    photo = factory.SubFactory(PhotoFactory)
    position = factory.Sequence(int)


class BreakingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakingItem

    edition = "en"
    text = factory.Sequence(lambda n: f"Minister: talks resume on Monday ({n})")


class LiveStoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveStory

    article = factory.SubFactory(ArticleFactory)


class LivePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivePost

    story = factory.SubFactory(LiveStoryFactory)
    body = factory.Sequence(lambda n: f"<p>Update {n}: the count goes on.</p>")
