"""``/share/<network>/<article id>/``: count a share and send the reader on to the network.

Open-redirect safe: the destination is built here from a fixed list of networks and the
public article's own address; nothing from the request is copied into it.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Article

from .shares import count_share

# Each network's share page, given the story's address and headline.
NETWORKS = {
    "x": lambda url, text: "https://x.com/intent/post?" + urlencode({"url": url, "text": text}),
    "facebook": lambda url, text: "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
    "whatsapp": lambda url, text: "https://wa.me/?" + urlencode({"text": f"{text} {url}"}),
    "telegram": lambda url, text: "https://t.me/share/url?" + urlencode({"url": url, "text": text}),
}


@never_cache
@require_GET
def share(request, network, article_id):
    if network not in NETWORKS:
        raise Http404("No such network.")
    article = get_object_or_404(Article.objects.public().select_related("section"), pk=article_id)
    count_share(article.pk)
    response = HttpResponseRedirect(
        NETWORKS[network](request.build_absolute_uri(article.get_absolute_url()), article.headline)
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
