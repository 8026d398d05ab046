"""The ticker feed readers' browsers poll: small, cached, and answered with 304 when unchanged."""

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .ticker import get_ticker

# Short enough that a poll every 10 s plus a shared cache's copy stays within 15 s.
MAX_AGE = 5


@require_safe
def ticker_json(request):
    ticker = get_ticker(get_language())
    response = HttpResponse(ticker.body, content_type="application/json")
    response["ETag"] = ticker.etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    # Returns a 304 carrying the same ETag and Cache-Control when the reader is up to date.
    return get_conditional_response(request, etag=ticker.etag, response=response)
