"""Search page, sitemaps and robots.txt. Search logic lives in ``search``; filters in ``filters``."""

from urllib.parse import urlencode

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.editions import edition_codes
from articles.menus import section_label
from articles.models import Article
from articles.paginators import BoundedPaginator

from . import search
from .filters import ArticleSearchFilter
from .sitemaps import NEWS_PREFIX, sitemaps


def cleaned_params(request):
    """The query string with control characters removed and every value bounded in length."""
    return {key[:50]: search.clean_query(value) for key, value in list(request.GET.items())[:20]}


@require_GET
def search_page(request):
    edition = get_language()
    params = cleaned_params(request)
    query = params.get("q", "")
    has_query = search.has_terms(query)
    filterset = ArticleSearchFilter(
        params, queryset=Article.objects.public().in_edition(edition), edition=edition, has_query=has_query
    )
    if has_query:
        filterset.queryset = search.matching(filterset.queryset, query, edition, filterset.published_between())
    filtered = any(params.get(name) for name in filterset.filters if name != "sort")
    results = None
    if has_query or filtered:
        results = filterset.ordered(filterset.qs).for_cards()
        results = BoundedPaginator(results, search.RESULTS_PER_PAGE).get_page(params.get("page"))
        found = search.snippets([article.pk for article in results], query, edition) if has_query else {}
        for article in results:
            article.snippet = found.get(article.pk)
            article.section_label = section_label(article.section, edition)
    keep = {key: value for key, value in params.items() if key != "page" and value}
    context = {
        "query": query,
        "has_query": has_query,
        "ignored_query": bool(query) and not has_query,
        "filter": filterset,
        "page": results,
        "querystring": urlencode(keep),
    }
    return render(request, "discovery/search.html", context)


def sitemap_section(request, section):
    """One sitemap of the index; Google News sections use the news-sitemap format."""
    template = "discovery/sitemap_news.xml" if section.startswith(NEWS_PREFIX) else "discovery/sitemap.xml"
    return sitemap_views.sitemap(
        request, sitemaps(), section=section, template_name=template, content_type="application/xml"
    )


def sitemap_index(request):
    return sitemap_views.index(
        request,
        sitemaps(),
        template_name="discovery/sitemap_index.xml",
        content_type="application/xml",
        sitemap_url_name="discovery-sitemap-section",
    )


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    origin = f"{request.scheme}://{request.get_host()}"
    context = {
        "sitemap_index": origin + reverse("discovery-sitemap-index"),
        "news_sitemaps": [
            origin + reverse("discovery-sitemap-section", kwargs={"section": f"{NEWS_PREFIX}{code}"})
            for code in edition_codes()
        ],
        "search_paths": [f"/{code}/search/" for code in edition_codes()],
    }
    return HttpResponse(render_to_string("discovery/robots.txt", context), content_type="text/plain; charset=utf-8")
