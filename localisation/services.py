"""Starting a story's translation: a draft in another edition, filed like the original."""

import reversion
from django.db import transaction
from django.utils.translation import gettext, override

from articles.models import Article, Author, Byline, GalleryItem
from editions import all_editions

from .models import TranslationLink, text_digest


class TranslationExists(Exception):
    def __init__(self, existing):
        super().__init__(f"Article {existing.pk} is already this story in edition {existing.edition}.")
        self.existing = existing


def existing_translation(article, edition):
    return article.translations().active().filter(edition=edition).first()


def free_slug(slug, edition):
    """``slug`` if no article in ``edition`` uses it, else ``slug-2``, ``slug-3``…"""
    taken = set(Article.objects.filter(edition=edition, slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"[:200]
    return candidate


def translation_authors(article, edition):
    """The same people's bylines in ``edition`` (through their staff account), else the edition's desk byline."""
    users = [byline.author.user_id for byline in article.bylines.select_related("author") if byline.author.user_id]
    authors = list(Author.objects.filter(edition=edition, user_id__in=users)) if users else []
    if not authors:
        authors = list(Author.objects.filter(edition=edition, is_organisation=True)[:1])
    return authors


@transaction.atomic
def translate_article(article, edition, user=None):
    """A draft of ``article`` in ``edition`` for a translator to rewrite.

    The draft joins the story's translation group and keeps its photos, video,
    gallery, section, regions, tags and source; the text is the original's, with
    the headline marked so nobody publishes it untranslated by mistake. Related
    stories become their translations in ``edition`` where those exist.
    """
    if edition == article.edition:
        raise ValueError("An article cannot be translated into its own edition.")
    existing = existing_translation(article, edition)
    if existing is not None:
        raise TranslationExists(existing)
    with override(edition):
        headline = gettext("[To translate] %(headline)s") % {"headline": article.headline}
    with reversion.create_revision():
        draft = Article.objects.create(
            edition=edition,
            kind=article.kind,
            headline=headline[:255],
            slug=free_slug(article.slug, edition),
            standfirst=article.standfirst,
            body=article.body,
            summary_points=article.summary_points,
            section=article.section,
            source=article.source,
            hero_photo=article.hero_photo,
            video=article.video,
            translation_group=article.translation_group,
            embargo_until=article.embargo_until,  # the same story: the same embargo
            status=Article.Status.DRAFT,
            created_by=user,
        )
        TranslationLink.objects.create(translation=draft, source=article, source_digest=text_digest(article))
        draft.regions.set(article.regions.all())
        draft.tags.set(list(article.tags.all()))
        GalleryItem.objects.bulk_create(
            GalleryItem(article=draft, photo_id=item.photo_id, caption=item.caption, position=item.position)
            for item in article.gallery_items.all()
        )
        for position, author in enumerate(translation_authors(article, edition)):
            Byline.objects.create(article=draft, author=author, position=position)
        groups = article.related.values("translation_group")
        draft.related.set(Article.objects.active().filter(edition=edition, translation_group__in=groups))
        reversion.set_user(user)
        reversion.set_comment(f"Translation of article {article.pk} ({article.edition}) started")
    return draft


def translation_targets(article):
    """For the admin's "Translate into…" buttons: each other edition and the story's version there, if any."""
    existing = {other.edition: other for other in article.translations().active().only("pk", "edition", "headline")}
    return [
        {"edition": edition, "existing": existing.get(edition.code)}
        for edition in all_editions()
        if edition.code != article.edition
    ]
