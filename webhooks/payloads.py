"""What deliveries about stories and breaking news carry: the API's representation, or ninjs.

Article data is what ``GET /api/v1/articles/<id>/`` (format ``api``) or ``.ninjs`` (format
``ninjs``) answers for the story at the time of delivery, with whole addresses on the site's
public origin (``NEWSROOM_SITE_URL``). An unpublished story is no longer public: its delivery
carries what identified it (id, edition, headline, former address).
"""

from api.serializers import ArticleDetailSerializer, BreakingItemSerializer
from articles.models import Article, prefetch_regions, prefetch_renditions
from breaking.models import BreakingItem
from tasks.site import OFFLINE_REQUEST
from wire.export import article_to_ninjs

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
    if article is not None:
        public = Article.objects.public().select_related("section")
        article.public_translations = list(
            public.filter(translation_group=article.translation_group).exclude(pk=article.pk).order_by("edition")
        )
        article.public_related = list(article.related.public().select_related("section").latest())
    return article


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


@payload("ping")
def ping_payload(event, pk, format, expect):
    return {"message": "ping", "endpoint": pk}
