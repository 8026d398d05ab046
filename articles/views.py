"""Public pages. Thin views over ``Article.objects.public()``."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from taggit.models import Tag

from .models import Article, Author, Region, Section

PAGE_SIZE = 20


def edition_articles():
    return Article.objects.public().in_edition(get_language())


def paginate(request, queryset):
    """One page of ``queryset``; junk page numbers give 404, never an error."""
    paginator = Paginator(queryset, PAGE_SIZE)
    page_number = request.GET.get("page", "1")
    if page_number == "last":
        page_number = paginator.num_pages
    try:
        return paginator.page(page_number)
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc


def home(request):
    articles = edition_articles().for_cards().latest()[:PAGE_SIZE]
    return render(request, "articles/home.html", {"articles": articles})


def article_context(request, article):
    return {
        "article": article,
        "bylines": article.bylines.all(),
        "tags": article.tags.all(),
        "gallery": article.gallery_items.all(),
    }


def article_detail(request, section, slug):
    article = get_object_or_404(edition_articles().for_detail(), slug=slug)
    if article.section.slug != section:
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", article_context(request, article))


def _listing(request, queryset, heading, extra=None):
    page = paginate(request, queryset.for_cards().latest())
    return render(
        request,
        "articles/listing.html",
        {"page": page, "heading": heading, **(extra or {})},
    )


def section_list(request, slug):
    section = get_object_or_404(Section.objects.labelled(get_language()), slug=slug)
    articles = edition_articles().filter(section__in=[section, *section.children.all()])
    return _listing(request, articles, section.label, {"section": section})


def region_list(request, slug):
    region = get_object_or_404(Region.objects.labelled(get_language()), slug=slug)
    return _listing(
        request,
        edition_articles().filter(regions=region),
        region.label,
        {"region": region},
    )


def tag_list(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(request, edition_articles().filter(tags=tag), tag.name, {"tag": tag})


def author_list(request, slug):
    author = get_object_or_404(Author, edition=get_language(), slug=slug)
    return _listing(
        request,
        edition_articles().filter(authors=author),
        author.name,
        {"author": author},
    )
