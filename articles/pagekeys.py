"""The surrogate keys of articles and of the lists they appear in (``pagecache.shown``).

A page carries ``article-<id>`` for every story it loaded (``apps`` registers the model), and a
list page names the lists it shows the newest of: ``list-section-<edition>-<id>`` and
``list-region-<edition>-<id>`` (sections and regions are shared by the editions),
``list-tag-<id>`` (every edition's tag page: each links to the others that have stories),
``list-author-<id>``, ``translations-<group>`` (the edition switcher of a story) and
``generations.list_key(edition)`` for the edition's newest everywhere (front page, feeds,
sitemaps, API lists). ``changed`` says which of them a change of one story renews.
"""

from pagecache.generations import list_key

from .models import ArticleTag, Byline

# Every sitemap: their dates are the latest change of what they list (a correction, an edit).
SITEMAPS = "sitemaps"


def article(pk):
    return f"article-{pk}"


def section_list(edition, pk):
    return f"list-section-{edition}-{pk}"


def region_list(edition, pk):
    return f"list-region-{edition}-{pk}"


def tag_list(pk):
    return f"list-tag-{pk}"


def author_list(pk):
    return f"list-author-{pk}"


def authors_index(edition):
    return f"list-authors-{edition}"


def translations(group):
    return f"translations-{group}"


def changed(article_, before, after, part):
    """The keys a change of ``article_`` renews (``article_changed``'s arguments).

    Its own key reaches every page that showed it (a headline fixed, or a story gone from a list it
    was on). The lists it belongs to are renewed when it may have joined, left or moved in them:
    its state changed (published, unpublished, rescheduled, trashed, moved to another edition), its
    tags, regions or bylines changed. Any change renews its section's list, which a move to another
    section joins, and the sitemaps, which date each file by its latest change.
    """
    editions = {state.edition for state in (before, after) if state is not None}
    keys = {article(article_.pk), SITEMAPS, *(section_list(edition, article_.section_id) for edition in editions)}
    moved = part is None and before != after
    if moved:
        keys.update(list_key(edition) for edition in editions)
        keys.add(translations(article_.translation_group))
    if moved or part == "tags":
        tags = ArticleTag.objects.filter(content_object=article_.pk).values_list("tag_id", flat=True)
        keys.update(tag_list(pk) for pk in tags)
    if moved or part == "regions":
        regions = article_.regions.values_list("pk", flat=True)
        keys.update(region_list(edition, pk) for pk in regions for edition in editions)
    if moved or part == "bylines":
        authors = Byline.objects.filter(article=article_.pk).values_list("author_id", flat=True)
        keys.update(author_list(pk) for pk in authors)
    return keys
