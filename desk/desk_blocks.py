"""The desk page's story blocks: my drafts, waiting for review, scheduled today, just published, under embargo.

Each is one sliced query on an indexed column; ``desk.page`` shows them.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import Article

from .filters import mine
from .page import Block, Row, admin_list, change_url, register

# "Published in the last hours": a shift's worth.
RECENT_HOURS = 6
STORY_FIELDS = ["headline", "edition", "status", "publish_at", "modified_at"]


def story_rows(stories, time_field):
    return [
        Row(story.headline, change_url(story), story.edition.upper(), getattr(story, time_field)) for story in stories
    ]


def today():
    """Midnight to midnight in the desk's time zone."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def recent_since():
    return (timezone.now() - timedelta(hours=RECENT_HOURS)).replace(microsecond=0)


def my_drafts(request, limit):
    drafts = mine(Article.objects.active().filter(status=Article.Status.DRAFT), request.user)
    return story_rows(drafts.only(*STORY_FIELDS).order_by("-modified_at", "-pk")[:limit], "modified_at")


def in_review(request, limit):
    waiting = Article.objects.active().filter(status=Article.Status.REVIEW).only(*STORY_FIELDS)
    return story_rows(waiting.order_by("modified_at", "pk")[:limit], "modified_at")  # who waited longest first


def scheduled_today(request, limit):
    start, end = today()
    scheduled = Article.objects.active().filter(
        status=Article.Status.SCHEDULED, publish_at__gte=start, publish_at__lt=end
    )
    return story_rows(scheduled.only(*STORY_FIELDS).order_by("publish_at", "pk")[:limit], "publish_at")


def published_recently(request, limit):
    published = Article.objects.public().filter(publish_at__gte=recent_since()).only(*STORY_FIELDS)
    return story_rows(published.order_by("-publish_at", "-pk")[:limit], "publish_at")


def under_embargo(request, limit):
    """What nobody may publish yet, the embargo lifting soonest first."""
    held = Article.objects.under_embargo().only(*STORY_FIELDS, "embargo_until")
    return story_rows(held.order_by("embargo_until", "pk")[:limit], "embargo_until")


def story_list(**filters):
    return admin_list("articles_article", **filters)


def can_view(user):
    return user.has_perm("articles.view_article")


def register_blocks():
    register(
        Block(
            key="my_drafts",
            title=_("My drafts"),
            rows=my_drafts,
            list_url=lambda request: story_list(status__exact=Article.Status.DRAFT, mine=1),
            visible=lambda user: user.has_perm("articles.change_article"),
            empty=_("No drafts of yours."),
            order=10,
        )
    )
    register(
        Block(
            key="in_review",
            title=_("Waiting for review"),
            rows=in_review,
            list_url=lambda request: story_list(status__exact=Article.Status.REVIEW),
            visible=workflow.can_publish,
            empty=_("Nothing is waiting for review."),
            order=20,
        )
    )
    register(
        Block(
            key="scheduled_today",
            title=_("Scheduled today"),
            rows=scheduled_today,
            list_url=lambda request: story_list(
                status__exact=Article.Status.SCHEDULED, publish_at__gte=str(today()[0]), publish_at__lt=str(today()[1])
            ),
            visible=can_view,
            empty=_("Nothing is scheduled for today."),
            order=30,
        )
    )
    register(
        Block(
            key="published_recently",
            title=lazy(lambda: gettext("Published in the last %(hours)d hours") % {"hours": RECENT_HOURS}, str)(),
            rows=published_recently,
            list_url=lambda request: story_list(
                status__exact=Article.Status.PUBLISHED, publish_at__gte=str(recent_since())
            ),
            visible=can_view,
            empty=_("Nothing was published in the last hours."),
            order=40,
        )
    )
    register(
        Block(
            key="under_embargo",
            title=_("Under embargo"),
            rows=under_embargo,
            list_url=lambda request: story_list(embargo="under"),
            visible=can_view,
            empty=_("Nothing is under embargo."),
            order=50,
        )
    )
