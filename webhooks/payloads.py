"""What deliveries about stories and breaking news carry: the API's representation, or ninjs.

Article data is what ``GET /api/v1/articles/<id>/`` (format ``api``) or ``.ninjs`` (format
``ninjs``) answers for the story at the time of delivery, with whole addresses on the site's
public origin (``NEWSROOM_SITE_URL``). An unpublished story is no longer public: its delivery
carries what identified it (id, edition, headline, former address).
"""

from api.serializers import ArticleDetailSerializer, BreakingItemSerializer, LivePostSerializer
from api.views import with_detail_extras
from articles.models import Article, prefetch_regions
from breaking.models import BreakingItem
from live.models import LivePost
from media.models import prefetch_renditions
from tasks.site import OFFLINE_REQUEST
from wire.export import article_to_ninjs, live_post_to_ninjs

from .events import payload
from .models import Event, PayloadFormat


def public_article(pk):
    article = (
        Article.objects.public()
        .for_detail()
        .prefetch_related(prefetch_regions(), prefetch_renditions("hero_photo"), "tags")
        .filter(pk=pk)
        .first()
    )
    return with_detail_extras(article) if article is not None else None


def article_reference(article):
    """What identifies a story once it is gone from the API: sent with ``article.unpublished``."""
    return {
        "id": article.pk,
        "edition": article.edition,
        "headline": article.headline,
        "url": OFFLINE_REQUEST.build_absolute_uri(article.get_absolute_url()),
    }


@payload("article")
def article_payload(event, pk, format, expect):
    if event == Event.UNPUBLISHED:
        return expect
    article = public_article(pk)
    if article is None:
        return None  # unpublished (or trashed) before the worker got to it
    if event == Event.PUBLISHED and expect and article.publish_at.isoformat() != expect:
        return None  # a scheduled story moved to another time: that time's event announces it
    if format == PayloadFormat.NINJS:
        return article_to_ninjs(article, request=OFFLINE_REQUEST)
    return ArticleDetailSerializer(article, context={"request": OFFLINE_REQUEST}).data


def breaking_to_ninjs(item):
    return {
        "uri": f"urn:newsroom:breaking:{item.pk}",
        "type": "text",
        "language": item.edition,
        "versioncreated": item.posted_at.isoformat().replace("+00:00", "Z"),
        "pubstatus": "usable" if item.is_live else "canceled",
        "urgency": 1 if item.priority else 3,
        "headlines": [{"role": "main", "value": item.text}],
    }


@payload("breaking")
def breaking_payload(event, pk, format, expect):
    item = BreakingItem.objects.select_related("article__section").filter(pk=pk).first()
    if item is None:
        return None
    if event == Event.BREAKING_EXPIRED and expect and (item.expires_at.isoformat() != expect or not item.is_active):
        return None  # its expiry moved (that time's event announces it) or it was taken off already
    if format == PayloadFormat.NINJS:
        return breaking_to_ninjs(item)
    return BreakingItemSerializer(item, context={"request": OFFLINE_REQUEST}).data


@payload("live_post")
def live_post_payload(event, pk, format, expect):
    """A new post on a live story: the post, and the story it belongs to."""
    post = LivePost.objects.visible().select_related("author", "story__article__section").filter(pk=pk).first()
    if post is None or not post.story.article.is_public:
        return None  # deleted, or the story taken down, before the worker got to it
    if format == PayloadFormat.NINJS:
        return live_post_to_ninjs(post, "3", OFFLINE_REQUEST, "livepost")
    data = LivePostSerializer(post, context={"request": OFFLINE_REQUEST}).data
    return {**data, "story": article_reference(post.story.article)}


@payload("ping")
def ping_payload(event, pk, format, expect):
    return {"message": "ping", "endpoint": pk}
