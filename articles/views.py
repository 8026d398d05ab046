"""Public pages. Thin views over ``Article.objects.public()``.

The queries are the ``ArticleQuerySet``'s: every card comes through ``cards_by_id``/``as_cards``
so photos arrive with their renditions prefetched and a page costs a fixed number of queries,
whatever the number of tags, authors, photos or related stories.
"""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import get_language, override
from taggit.models import Tag

from editions import all_editions, edition_codes, get_edition
from editions.addresses import same_page_elsewhere
from editions.text import name_sort_key
from fragments.cards import drawn_cards
from media.models import prefetch_renditions
from pagecache import shown
from pagecache.generations import list_key
from readership.popularity import TOP_SIZE, most_read_ids, record_view
from taxonomy.menus import menus_for, section_family
from taxonomy.models import Region, Section

from . import archives, extensions, pagekeys
from .models import Article, ArticleTag, Author, prefetch_bylines, prefetch_gallery
from .paginators import BoundedPaginator, depth, in_order
from .templatetags.site import draw_card

PAGE_SIZE = 20
AUTHORS_PAGE_SIZE = 60
SECTION_BLOCK_SIZE = 4
STRIP_SIZE = 4
COVERAGE_SIZE = 6
READ_NEXT_SIZE = 4
# How many of the newest articles the home page's section blocks are chosen from.
HOME_RECENT_WINDOW = 1000
# Top-level sections whose listings have their own layout.
LAYOUTS = {"in-pictures": "pictures", "videos": "videos", "infographs": "infographs"}
# Sections the home page shows as their own strips rather than as section blocks.
STRIP_SECTIONS = {"in-pictures", "videos"}


def edition_articles(edition=None):
    return Article.objects.public().in_edition(edition or get_language())


def paginate(request, queryset, per_page=PAGE_SIZE, paginator_class=BoundedPaginator):
    """One page of ``queryset``; junk page numbers give 404, never an error."""
    paginator = paginator_class(queryset, per_page)
    page_number = request.GET.get("page", "1")
    if page_number == "last":
        page_number = paginator.num_pages
    try:
        return paginator.page(page_number)
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc


def home(request):
    edition = get_language()
    shown.lists(list_key(edition))  # every block on it is of the edition's newest
    public = edition_articles(edition)
    top = public.exclude(kind__in=[Article.Kind.GALLERY, Article.Kind.VIDEO]).newest_ids(5)
    blocks = public.section_block_ids(exclude=top, size=SECTION_BLOCK_SIZE, window=HOME_RECENT_WINDOW)
    cards = public.cards_by_id(
        {
            **blocks,
            "top": top,
            "most_read": most_read_ids(edition),
            "pictures": public.filter(kind=Article.Kind.GALLERY).newest_ids(STRIP_SIZE),
            "videos": public.filter(kind=Article.Kind.VIDEO).newest_ids(STRIP_SIZE),
            "opinion": public.filter(kind__in=[Article.Kind.OPINION, Article.Kind.ANALYSIS]).newest_ids(STRIP_SIZE),
        },
    )
    prefetch_related_objects(cards["opinion"], prefetch_bylines())
    latest = cards["top"]
    context = {
        "lead": latest[0] if latest else None,
        "top_stories": latest[1:],
        "section_blocks": [
            {"section": section, "articles": cards[section["id"]]}
            for section in menus_for(edition)["sections"]
            if cards.get(section["id"]) and section["slug"] not in STRIP_SECTIONS
        ],
        "most_read": cards["most_read"][:TOP_SIZE],
        "pictures": cards["pictures"],
        "videos": cards["videos"],
        "opinion": cards["opinion"],
        "alternates": same_page_elsewhere(request),
    }
    return render(request, "articles/home.html", context)


def article_context(request, article):
    """Everything the article page shows; also used by the admin's preview.

    In a fixed number of queries whatever the story carries: the ids of its coverage, Read Next,
    read-more links and translations in one, all their cards (with Most Read's) in another, and
    every picture's renditions, the story's own and its cards', in a third.
    """
    edition = article.edition
    public = Article.objects.public().exclude(pk=article.pk)
    in_edition = public.in_edition(edition)
    main_tag = article.main_tag
    shown.lists(
        pagekeys.section_list(edition, article.section_id),  # read next
        pagekeys.translations(article.translation_group),  # the edition switcher
        *([pagekeys.tag_list(main_tag.pk)] if main_tag is not None else []),  # coverage
    )
    if article.kind == Article.Kind.GALLERY:  # no other kind shows its gallery
        prefetch_related_objects([article], prefetch_gallery())
    gallery = article.gallery_items.all() if article.kind == Article.Kind.GALLERY else []
    ranking = most_read_ids(edition)
    ids = Article.objects.ids_by_place(
        {
            # Room for a few unpublished stories among the newest carrying the tag.
            "coverage": in_edition.tagged(main_tag, edition, newest=COVERAGE_SIZE * 2).latest()[:COVERAGE_SIZE]
            if main_tag is not None
            else None,
            "read_next": in_edition.filter(section=article.section_id).latest()[:READ_NEXT_SIZE],
            "read_more": public.filter(
                pk__in=Article.related.through.objects.filter(from_article=article).values("to_article")
            ),
            "translations": public.filter(translation_group=article.translation_group),
            "most_read": public.filter(pk__in=ranking) if ranking else None,
        }
    )
    ids["most_read"] = sorted(ids["most_read"], key=ranking.index)
    video = article.video if article.video_id else None
    photos = [article.hero_photo, video and video.poster, *(item.photo for item in gallery)]
    cards = drawn_cards(public, ids, draw_card, photos=photos)
    return {
        "article": article,
        "edition": get_edition(edition),
        "bylines": article.byline_list,
        "tags": article.tag_list,
        "main_tag": main_tag,
        "gallery": gallery,
        "read_more": cards["read_more"],
        "coverage": cards["coverage"],
        "summary": article.summary_list,
        "most_read": cards["most_read"][:TOP_SIZE],
        "read_next": cards["read_next"],
        "share_url": request.build_absolute_uri(article.get_absolute_url()),
        "alternates": {translation.edition: translation.get_absolute_url() for translation in cards["translations"]},
    }


def article_preview(request, article):
    """The article page for staff, whatever its status, in its edition's frame (menus, labels, digits).

    The admin runs in the editor's language; the page is drawn, links and all, as its edition's
    readers will get it.
    """
    with override(article.edition):
        context = {**article_context(request, article), "is_preview": True}
        response = render(request, "articles/article_detail.html", context)
    response["Content-Language"] = article.edition
    return response


def article_detail(request, section, slug):
    article = get_object_or_404(edition_articles().for_page(), slug=slug)
    if article.section.slug != section:
        return redirect(article, permanent=True)
    record_view(article, request=request)
    story_view = extensions.story_view(article)
    if story_view is not None:  # a page another app serves for this story (a live story's posts)
        return story_view(request, article)
    return render(request, "articles/article_detail.html", article_context(request, article))


def paginate_cards(request, queryset, whole=False):
    """A page of ``queryset``'s cards, newest first.

    The ids are read as deep as the pages go in one narrow query, which also
    counts them; then only the page's cards are fetched, by id, however deep
    the page. ``whole``: every page, for lists bounded by nature (a month's
    archive), counted and sliced by the database.
    """
    if whole:
        page = paginate(request, queryset.latest().values_list("pk", flat=True), paginator_class=Paginator)
    else:
        page = paginate(request, queryset.newest_ids(depth(PAGE_SIZE)))
    page.object_list = edition_articles().cards_by_id({"page": page.object_list})["page"]
    return page


def _listing(request, queryset, heading, extra=None, whole=False):
    page = paginate_cards(request, queryset, whole)
    context = {"page": page, "heading": heading, "alternates": same_page_elsewhere(request), **(extra or {})}
    return render(request, "articles/listing.html", context)


def _archived_listing(request, kind, subject, heading, extra, *, newest, everything, dated, date_parts):
    """A subject's listing with links to its months, or (with ``date_parts``) its archive of a month or day.

    ``newest`` feeds the plain listing, ``everything`` says when the subject's oldest story came
    out, and ``dated(start, end)`` gives its stories of a period (``archives``).
    """
    edition = get_language()
    current = archives.period(edition, *date_parts) if date_parts[0] else None
    first = archives.oldest(f"archive:oldest:{kind}:{edition}:{subject.pk}", everything)
    archive = archives.navigation(edition, kind, [subject.slug], first, current)
    if current is None:
        return _listing(request, newest, heading, {**extra, "archive": archive})
    archive.update(period=current, listing_url=reverse(f"articles:{kind}", args=[subject.slug]))
    heading = f"{heading}: {current.label}"
    # A period is bounded by nature: all its pages, so a busy month or day loses nothing.
    return _listing(request, dated(current.start, current.end), heading, {**extra, "archive": archive}, whole=True)


def published_within(queryset):
    return lambda start, end: queryset.filter(publish_at__gte=start, publish_at__lt=end)


def section_list(request, slug, year=None, month=None, day=None):
    section = get_object_or_404(Section.objects.labelled(get_language()).select_related("parent"), slug=slug)
    root = section.parent or section
    menu = next((entry for entry in menus_for(get_language())["sections"] if entry["id"] == root.pk), None)
    family = section_family(section.slug, get_language())
    shown.lists(*(pagekeys.section_list(get_language(), pk) for pk in family))
    articles = edition_articles().filter(section__in=family)
    return _archived_listing(
        request,
        "section",
        section,
        section.label,
        {"section": section, "menu_section": menu, "layout": LAYOUTS.get(root.slug, "cards")},
        newest=articles,
        everything=articles,
        dated=published_within(articles),
        date_parts=(year, month, day),
    )


def region_list(request, slug, year=None, month=None, day=None):
    region = get_object_or_404(Region.objects.labelled(get_language()), slug=slug)
    shown.lists(pagekeys.region_list(get_language(), region.pk))
    articles = edition_articles().filter(regions=region)
    return _archived_listing(
        request,
        "region",
        region,
        region.label,
        {"region": region},
        newest=articles,
        everything=articles,
        dated=published_within(articles),
        date_parts=(year, month, day),
    )


def tag_alternates(tag):
    """The tag's listing in the other editions that have public stories with it.

    Tags are shared by all editions, but a listing with nothing in it is no counterpart: search
    engines are not sent there, and the edition switch goes home.
    """
    others = [code for code in edition_codes() if code != get_language()]
    alternates = {}
    for code in ArticleTag.objects.editions_with_stories(tag, others):
        with override(code):
            alternates[code] = reverse("articles:tag", kwargs={"slug": tag.slug})
    return alternates


def tag_list(request, slug, year=None, month=None, day=None):
    tag = get_object_or_404(Tag, slug=slug)
    shown.lists(pagekeys.tag_list(tag.pk))
    edition = get_language()
    # The tag's own index (edition, publication time) finds its stories, as ``tagged`` does.
    links = ArticleTag.objects.published().filter(tag=tag, edition=edition)

    def dated(start, end):
        return edition_articles().filter(pk__in=published_within(links)(start, end).values("content_object"))

    return _archived_listing(
        request,
        "tag",
        tag,
        tag.name,
        {"tag": tag, "alternates": tag_alternates(tag)},
        newest=edition_articles().tagged(tag, edition, newest=depth(PAGE_SIZE)),
        everything=links,
        dated=dated,
        date_parts=(year, month, day),
    )


def author_list(request, slug):
    author = get_object_or_404(
        Author.objects.select_related("photo").prefetch_related(prefetch_renditions("photo")),
        edition=get_language(),
        slug=slug,
    )
    shown.lists(pagekeys.author_list(author.pk))
    page = paginate_cards(request, edition_articles().filter(authors=author))
    context = {"author": author, "page": page, "alternates": author.counterpart_urls()}
    return render(request, "articles/author_detail.html", context)


def authors_index(request):
    """The edition's authors, the newsroom first, then by name as the language files them (ال ignored)."""
    shown.lists(pagekeys.authors_index(get_language()))
    names = Author.objects.filter(edition=get_language()).values_list("pk", "is_organisation", "name")
    order = [pk for pk, _newsroom, _name in sorted(names, key=lambda row: (not row[1], name_sort_key(row[2])))]
    # Sorted here as the language files names, so already all read: every page is reachable.
    page = paginate(request, order, per_page=AUTHORS_PAGE_SIZE, paginator_class=Paginator)
    authors = Author.objects.select_related("photo").prefetch_related(prefetch_renditions("photo"))
    page.object_list = in_order(authors, page.object_list)
    return render(request, "articles/authors.html", {"page": page, "alternates": same_page_elsewhere(request)})


def page_not_found(request, exception=None):
    return render(request, "404.html", {"alternates": {}}, status=404)


def server_error(request):
    """The error page, rendered without the database or context processors.

    Whatever broke may be the database itself, so only settings and the
    active language feed it.
    """
    edition = get_edition(get_language())
    context = {"edition": edition, "editions": all_editions(), "site_name": settings.NEWSROOM_SITE_NAME}
    return HttpResponseServerError(loader.get_template("500.html").render(context))
