"""The ticker feed readers' browsers poll, and the edition's LIVE page."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from articles.models import Article
from editions.addresses import same_page_elsewhere

from .models import BreakingItem
from .ticker import get_ticker

# Short enough that a poll every 10 s plus a shared cache's copy stays within 15 s.
MAX_AGE = 5
TIMELINE_SIZE = 20


@require_safe
def ticker_json(request):
    ticker = get_ticker(get_language())
    response = HttpResponse(ticker.body, content_type="application/json")
    response["ETag"] = ticker.etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    # Returns a 304 carrying the same ETag and Cache-Control when the reader is up to date.
    return get_conditional_response(request, etag=ticker.etag, response=response)


def live(request):
    """The edition's live stream and a timeline of breaking items and new articles."""
    edition = get_language()
    breaking = BreakingItem.objects.live().in_edition(edition).select_related("article__section")[:TIMELINE_SIZE]
    articles = Article.objects.public().in_edition(edition).select_related("section").latest()[:TIMELINE_SIZE]
    timeline = sorted(
        [{"at": item.posted_at, "breaking": item} for item in breaking]
        + [{"at": article.publish_at, "article": article} for article in articles],
        key=lambda entry: entry["at"],
        reverse=True,
    )[:TIMELINE_SIZE]
    context = {
        "stream_url": getattr(settings, "NEWSROOM_LIVE_STREAMS", {}).get(edition, ""),
        "timeline": timeline,
        "alternates": same_page_elsewhere(request),
    }
    return render(request, "breaking/live.html", context)
