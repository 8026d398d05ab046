"""The one page the desk serves outside the admin: a story's preview through a shared link."""

from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import override

from articles.models import Article
from articles.views import article_context

from .models import PreviewLink

NOT_INDEXED = "noindex, nofollow"


def _private(response):
    """Nobody but the one reader keeps a copy, and no search engine lists it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = NOT_INDEXED
    return response


def shared_preview(request, token):
    """The story as readers will see it, in its edition's frame, for whoever holds a working link.

    A link that no longer works (withdrawn, expired, its story deleted) or never did (forged, altered)
    is a 410 with a page saying which. Not a 404: outside the editions, ``LocaleMiddleware`` would send
    a 404 on to an edition's address of the same path. Once the story is public the link leads to its page.
    """
    link = PreviewLink.from_token(token)
    ended = link.ended if link else "unknown"
    if ended:
        return _private(render(request, "desk/preview_link_gone.html", {"reason": ended}, status=410))
    article = link.article
    if article.is_public:
        return _private(redirect(article))
    article = Article.objects.for_page().get(pk=article.pk)
    with override(article.edition):
        context = {**article_context(request, article), "is_preview": True}
        response = render(request, "articles/article_detail.html", context)
    return _private(response)
