"""Reader pages of live coverage: the edition's live page, a live story's posts, its updates and feed.

A live story's page is the article page with the posts under it (``story_page``, which
``articles`` calls for stories whose ``is_live_story`` is true: see ``apps``). Its posts come a page
at a time in the story's order, with the pinned post and the key events above them; each post's
permalink (``post_permalink``) finds the page it is on now. ``updates`` is the small JSON the
reader's browser polls: built once per change of the story and then answered from the cache.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language, ngettext

from articles.pagekeys import article as article_key
from articles.views import article_context, edition_articles
from breaking.models import BreakingItem
from editions.addresses import same_page_elsewhere
from media.renditions import responsive_body
from pagecache import shown
from pagecache.generations import list_key, path_key, tokens

from .models import LiveStory
from .signals import open_stories_key
from .structured_data import live_blog_posting

POSTS_PAGE_SIZE = 20
KEY_EVENTS_SIZE = 20
UPDATES_SIZE = 20
TIMELINE_SIZE = 20
OPEN_STORIES_SIZE = 12
# Keeps an updates answer between changes of its story; a post renews its key at once.
UPDATES_SECONDS = 60 * 60
# Sanitised bodies never hold comments (nh3 drops them), so this marks where one post ends.
BODY_SEPARATOR = "<!--live-post-->"


def with_pictures(posts):
    """Give each post ``body_html``: its body with library pictures as renditions, in one lookup for all."""
    if not posts:
        return posts
    bodies = responsive_body(BODY_SEPARATOR.join(post.body for post in posts)).split(BODY_SEPARATOR)
    for post, body in zip(posts, bodies, strict=True):
        post.body_html = body
    return posts


def story_in_edition(pk):
    return get_object_or_404(
        LiveStory.objects.public().select_related("article__section"), pk=pk, article__edition=get_language()
    )


def posts_page(request, story):
    paginator = Paginator(story.posts_for_readers().exclude(pinned=True), POSTS_PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", "1"))
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc


def story_page(request, article):
    """The live story: the article's page with its pinned post, key events and a page of posts."""
    story = article.live_story  # joined by the article's own query (``related`` in ``apps``)
    oldest_first = story.order == LiveStory.Order.OLDEST
    page = posts_page(request, story)
    # The pinned post and the key events in one query: pinned first, then the newest key events.
    marked = list(
        story.visible_posts()
        .filter(Q(pinned=True) | Q(key_event=True))
        .select_related("author")
        .order_by("-pinned", "-posted_at", "-pk")[: KEY_EVENTS_SIZE + 1]
    )
    pinned = next((post for post in marked if post.pinned), None)
    on_page = {post.pk for post in page.object_list}
    key_events = [post for post in marked if post.key_event][:KEY_EVENTS_SIZE]
    with_pictures([*page.object_list, *([pinned] if pinned and page.number == 1 else [])])
    # The social crops serve both the page's cards (``discovery.seo``) and the live blog's data.
    prefetch_related_objects([article], "hero_photo__social_crops")
    context = article_context(request, article)
    context.update(
        story=story,
        page=page,
        pinned=pinned if page.number == 1 else None,
        oldest_first=oldest_first,
        # Where new posts appear: the first page newest first, the last page oldest first.
        at_live_end=not (page.has_next() if oldest_first else page.has_previous()),
        key_events=[{"post": post, "here": post.pk in on_page or post.pinned} for post in key_events],
        article_data=live_blog_posting(request, story, context, page.object_list if page.number == 1 else []),
        new_update_labels=new_update_labels(),
    )
    return render(request, "live/story.html", context)


def new_update_labels():
    """ "N new updates" for each plural category the browser's ``Intl.PluralRules`` may name.

    Each category gets the catalogue's wording for a number that falls in it, with ``{n}`` for the number.
    """
    samples = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}
    return {
        category: ngettext("%(count)s new update", "%(count)s new updates", number) % {"count": "{n}"}
        for category, number in samples.items()
    }


def post_permalink(request, story_id, post_id):
    """Send the reader to the page the post is on now, at the post (it moves as posts are added)."""
    story = story_in_edition(story_id)
    post = get_object_or_404(story.posts.all(), pk=post_id)
    url = story.article.get_absolute_url()
    if post.deleted_at is not None:
        return redirect(url)
    if not post.pinned:
        earlier = story.visible_posts().exclude(pinned=True)
        if story.order == LiveStory.Order.OLDEST:
            earlier = earlier.filter(Q(posted_at__lt=post.posted_at) | Q(posted_at=post.posted_at, pk__lt=post.pk))
        else:
            earlier = earlier.filter(Q(posted_at__gt=post.posted_at) | Q(posted_at=post.posted_at, pk__gt=post.pk))
        number = earlier.count() // POSTS_PAGE_SIZE + 1
        if number > 1:
            url = f"{url}?page={number}"
    return redirect(f"{url}#{post.anchor}")


def updates(request, story_id):
    """The story's newest posts as JSON, for readers' browsers to poll.

    The answer is kept in the cache under the tokens of its address, which every post renews, and of
    the story, which any change to it renews (closed or unpublished, say); so polls between two
    changes cost no database query (and a 304 when the browser has it).
    """
    edition = get_language()
    current = tokens([path_key(request.path), article_key(story_id)])
    key = f"live:updates:{story_id}:{edition}:{':'.join(str(token) for token in current.values())}"
    entry = cache.get(key)
    if entry is None:
        body = json.dumps(updates_payload(request, story_in_edition(story_id)), ensure_ascii=False)
        entry = {"body": body, "etag": f'"{hashlib.blake2b(body.encode(), digest_size=16).hexdigest()}"'}
        cache.set(key, entry, UPDATES_SECONDS)
    response = HttpResponse(entry["body"], content_type="application/json")
    response["ETag"] = entry["etag"]
    patch_cache_control(response, public=True, max_age=0)
    return get_conditional_response(request, etag=entry["etag"], response=response)


def updates_payload(request, story):
    posts = with_pictures(list(story.posts_for_readers().order_by("-posted_at", "-pk")[:UPDATES_SIZE]))
    removed = story.posts.filter(deleted_at__isnull=False).order_by("-deleted_at")[:UPDATES_SIZE]
    return {
        "open": story.is_open,
        "order": story.order,
        "posts": [
            {
                "id": post.pk,
                "pinned": post.pinned,
                "updated": (post.edited_at or post.posted_at).isoformat(),
                "html": render_to_string("live/post.html", {"post": post, "story": story}, request=request),
            }
            for post in posts
        ],
        "removed": list(removed.values_list("pk", flat=True)),
    }


def live_index(request):
    """The edition's open live stories, its live broadcast, and a timeline of breaking items and new stories."""
    edition = get_language()
    shown.lists(list_key(edition), open_stories_key(edition))  # its timeline has the edition's newest stories
    open_stories = edition_articles().filter(live_story__in=LiveStory.objects.open())
    stories = list(open_stories.as_cards().latest()[:OPEN_STORIES_SIZE])
    breaking = BreakingItem.objects.live().in_edition(edition).select_related("article__section")[:TIMELINE_SIZE]
    articles = edition_articles().select_related("section").latest()[:TIMELINE_SIZE]
    timeline = sorted(
        [{"at": item.posted_at, "breaking": item} for item in breaking]
        + [{"at": article.publish_at, "article": article} for article in articles],
        key=lambda entry: entry["at"],
        reverse=True,
    )[:TIMELINE_SIZE]
    context = {
        "live_stories": stories,
        "stream_url": getattr(settings, "NEWSROOM_LIVE_STREAMS", {}).get(edition, ""),
        "timeline": timeline,
        "alternates": same_page_elsewhere(request),
    }
    return render(request, "live/index.html", context)
