"""Search page, sitemaps and robots.txt. Search logic lives in ``search``; filters in ``filters``."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.paginators import BoundedPaginator, in_order
from editions import edition_codes
from taxonomy.menus import section_label

from . import search, sitemaps
from .filters import ArticleSearchFilter
from .seo import origin


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
        # Ranked (or dated) as ids only, as deep as the pages go: one narrow query both counts
        # and orders the results; then only the page's articles are fetched whole.
        ranked = filterset.ordered(filterset.qs).values_list("pk", flat=True)[: search.results_depth()]
        paginator = BoundedPaginator(list(ranked), search.RESULTS_PER_PAGE, max_pages=search.RESULT_PAGES)
        results = paginator.get_page(params.get("page"))
        shown = Article.objects.public().select_related("section").defer("summary_points")
        results.object_list = in_order(shown, results.object_list)
        for article in results.object_list:
            article.snippet = search.passage(article, query, edition) if has_query else None
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


def page_number(request):
    """``?p=``: a page of a sitemap that continues past one file; anything but a page number is a 404."""
    value = request.GET.get("p", "1")
    if not (value.isdecimal() and len(value) <= 6 and int(value) >= 1):
        raise Http404("No such sitemap page.")
    return int(value)


def xml_response(body, entries):
    response = HttpResponse(body, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    dates = [entry.lastmod for entry in entries if entry.lastmod]
    if dates:
        response.headers["Last-Modified"] = http_date(max(dates).timestamp())
    return response


def urlset_response(request, entries, news_language=None):
    return xml_response(sitemaps.urlset(origin(request), entries, news_language), entries)


@require_GET
def sitemap_index(request):
    entries = sitemaps.index_entries()
    return xml_response(sitemaps.sitemapindex(origin(request), entries), entries)


@require_GET
def article_sitemap(request, edition, year, month):
    return urlset_response(request, sitemaps.month_file(edition, int(year), int(month), page_number(request)))


@require_GET
def news_sitemap(request, edition):
    return urlset_response(request, sitemaps.news_file(edition), news_language=edition)


@require_GET
def listing_sitemap(request, listing):
    return urlset_response(request, sitemaps.LISTINGS[listing].entries())


@require_GET
def tag_sitemap(request, edition):
    return urlset_response(request, sitemaps.tag_file(edition, page_number(request)))


@require_GET
def author_sitemap(request):
    return urlset_response(request, sitemaps.author_entries())


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    context = {
        "sitemap_index": origin(request) + reverse("discovery-sitemap-index"),
        "news_sitemaps": [origin(request) + reverse("discovery-sitemap-news", args=[code]) for code in edition_codes()],
        "search_paths": [f"/{code}/search/" for code in edition_codes()],
    }
    return HttpResponse(render_to_string("discovery/robots.txt", context), content_type="text/plain; charset=utf-8")
