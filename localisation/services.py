"""Starting a story's translation: a draft in another edition, filed like the original."""

from collections import Counter, defaultdict

import reversion
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext, override
from taggit.models import Tag

from articles import workflow
from articles.models import Article, ArticleTag, Author, Byline, GalleryItem
from desk.models import StoryNote
from editions import all_editions

from .models import TranslationSource

# How many earlier stories with a tag are asked what their translations were tagged with.
COUNTERPART_SAMPLE = 200


class TranslationExists(Exception):
    def __init__(self, existing):
        super().__init__(f"Article {existing.pk} is already this story in edition {existing.edition}.")
        self.existing = existing


def existing_translation(article, edition):
    return article.translations().active().filter(edition=edition).first()


def free_slug(slug, edition, exclude=None):
    """``slug`` if no article in ``edition`` (other than ``exclude``) uses it, else ``slug-2``, ``slug-3``…"""
    others = Article.objects.filter(edition=edition, slug__startswith=slug).exclude(pk=getattr(exclude, "pk", None))
    taken = set(others.values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"[:200]
    return candidate


def counterpart_tags(tags, source_edition, edition):
    """``{tag: its counterpart in edition}`` for those of ``tags`` that have one.

    A tag the edition's stories carry already is its own counterpart ("Gaza" in English and
    Spanish). Otherwise it is the tag the edition's translations of earlier stories with it
    carry most often in its place (the same position among their tags).
    """
    own = set(ArticleTag.objects.filter(tag__in=tags, edition=edition).values_list("tag_id", flat=True).distinct())
    found = {tag: tag for tag in tags if tag.pk in own}
    missing = [tag for tag in tags if tag.pk not in own]
    if not missing:
        return found
    placed = (
        ArticleTag.objects.filter(tag__in=missing, edition=source_edition)
        .order_by("-publish_at")
        .values_list("content_object__translation_group", "position", "tag_id")[:COUNTERPART_SAMPLE]
    )
    wanted = defaultdict(list)  # (group, position) -> tags of the source edition placed there
    for group, position, tag_id in placed:
        wanted[group, position].append(tag_id)
    votes = defaultdict(Counter)  # source tag id -> counterpart tag id -> times seen in its place
    translated = ArticleTag.objects.filter(
        edition=edition, content_object__translation_group__in={group for group, _position in wanted}
    ).values_list("content_object__translation_group", "position", "tag_id")
    for group, position, tag_id in translated:
        for source_tag in wanted.get((group, position), []):
            votes[source_tag][tag_id] += 1
    chosen = {tag: votes[tag.pk].most_common(1)[0][0] for tag in missing if votes[tag.pk]}
    by_id = Tag.objects.in_bulk(chosen.values())
    return {**found, **{tag: by_id[tag_id] for tag, tag_id in chosen.items()}}


def slug_from_headline(draft):
    """A translation's address from its translated headline, while it has never been out (then it stays)."""
    if not hasattr(draft, "translation_source") or draft.status not in workflow.ON_THE_DESK:
        return draft.slug
    if Article.objects.filter(pk=draft.pk, publish_at__isnull=False).exists():
        return draft.slug
    slug = slugify(draft.headline, allow_unicode=True)[:190].strip("-")
    return free_slug(slug, draft.edition, exclude=draft) if slug else draft.slug


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
    gallery, section, regions and source; the text is the original's, with the
    headline and gallery captions marked so nobody publishes them untranslated by
    mistake. Tags become their counterparts in ``edition`` (``counterpart_tags``);
    those without one are named in a note to the translator. Related stories
    become their translations in ``edition`` where those exist. The draft follows
    the source's current version (``TranslationSource``).
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
        draft.regions.set(article.regions.all())
        tags = list(article.tags.all())
        counterparts = counterpart_tags(tags, article.edition, edition)
        draft.tags.set([counterparts[tag] for tag in tags if tag in counterparts])
        with override(edition):
            GalleryItem.objects.bulk_create(
                GalleryItem(
                    article=draft,
                    photo_id=item.photo_id,
                    caption=gettext("[To translate] %(caption)s") % {"caption": item.display_caption},
                    position=item.position,
                )
                for item in article.gallery_items.select_related("photo")
            )
            note = translator_note(article, [tag for tag in tags if tag not in counterparts])
        StoryNote.objects.create(article=draft, author_name=gettext("Translation desk"), text=note)
        TranslationSource(translation=draft, source=article).follow(user)
        for position, author in enumerate(translation_authors(article, edition)):
            Byline.objects.create(article=draft, author=author, position=position)
        groups = article.related.values("translation_group")
        draft.related.set(Article.objects.active().filter(edition=edition, translation_group__in=groups))
        reversion.set_user(user)
        reversion.set_comment(f"Translation of article {article.pk} ({article.edition}) started")
    return draft


def translator_note(article, uncounterparted):
    """What the translator has to see to besides the text: tags without a counterpart, captions, the main photo."""
    lines = [gettext("Translated from article %(id)s.") % {"id": article.pk}]
    if uncounterparted:
        lines.append(
            gettext("These tags have no counterpart in this edition and were left out; add this edition's: %(tags)s.")
            % {"tags": ", ".join(tag.name for tag in uncounterparted)}
        )
    if article.gallery_items.exists():
        lines.append(gettext("The gallery captions are marked [To translate]."))
    if article.hero_photo_id:
        lines.append(gettext("The main photo's caption is the photo's own: check it reads well in this edition."))
    return "\n".join(lines)


def translation_targets(article):
    """For the admin's "Translate into…" buttons: each other edition and the story's version there, if any."""
    existing = {other.edition: other for other in article.translations().active().only("pk", "edition", "headline")}
    return [
        {"edition": edition, "existing": existing.get(edition.code)}
        for edition in all_editions()
        if edition.code != article.edition
    ]
