"""What a page tells search engines and social networks: description, canonical address, cards,
feeds and schema.org structured data (JSON-LD).

``page_metadata`` reads the template context a page already has (``article``,
``section``, ``region``, ``tag``, ``author``, ``page``) so views need no changes.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article
from taxonomy.menus import section_label

from .lastmod import last_modified

DESCRIPTION_CHARS = 300
# Published next to the logo so consumers can lay it out without fetching it first.
LOGO_PATH = "discovery/publisher-logo.png"
LOGO_SIZE = (600, 60)
RATIO_ORDER = ("16x9", "4x3", "1x1")
# Shared links to pages without a picture of their own (an empty listing) show this.
SITE_CARD_PATH = "discovery/site-card.png"
SITE_CARD_SIZE = (1200, 630)
# Open Graph wants language_TERRITORY.
OG_LOCALES = {"en": "en_GB", "ar": "ar_AR", "es": "es_ES"}


def origin(request):
    """``https://host``: where this request was sent, for addresses written out whole."""
    return f"{request.scheme}://{request.get_host()}"


def absolute(request, path):
    return request.build_absolute_uri(path)


def organisation(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, static(LOGO_PATH)),
            "width": LOGO_SIZE[0],
            "height": LOGO_SIZE[1],
        },
    }


def article_images(request, article):
    """The 16:9, 4:3 and 1:1 crops of the main photo, or the photo itself while they are missing."""
    photo = article.hero_photo
    if not photo or not photo.image:
        return []
    crops = {crop.ratio: crop for crop in photo.social_crops.all()}
    if all(ratio in crops for ratio in RATIO_ORDER):
        return [
            {"url": absolute(request, crops[r].image.url), "width": crops[r].width, "height": crops[r].height}
            for r in RATIO_ORDER
        ]
    return [{"url": absolute(request, photo.image.url), "width": photo.width, "height": photo.height}]


def person(request, author):
    return {
        "@type": "Organization" if author.is_organisation else "Person",
        "name": author.name,
        "url": absolute(request, author.get_absolute_url()),
    }


def breadcrumbs(request, edition, article=None, section=None):
    trail = [(settings.NEWSROOM_SITE_NAME, reverse("articles:home"))]
    section = section or (article.section if article else None)
    if section is not None:
        if section.parent_id:
            trail.append((section_label(section.parent, edition), section.parent.get_absolute_url()))
        trail.append((section_label(section, edition), section.get_absolute_url()))
    if article is not None:
        trail.append((article.headline, article.get_absolute_url()))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(request, url)}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def news_article(request, article, bylines, tags, images):
    url = absolute(request, article.get_absolute_url())
    modified = last_modified(article)
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.standfirst,
        "image": [image["url"] for image in images],
        "datePublished": article.publish_at.isoformat() if article.publish_at else None,
        "dateModified": modified.isoformat() if modified else None,
        "author": [person(request, byline.author) for byline in bylines],
        "publisher": organisation(request),
        "articleSection": section_label(article.section, article.edition),
        "keywords": [tag.name for tag in tags],
        "inLanguage": article.edition,
        "isAccessibleForFree": True,
    }


def home_data(request, edition):
    home = absolute(request, reverse("articles:home"))
    search = absolute(request, reverse("discovery:search"))
    return [
        {"@context": "https://schema.org", **organisation(request)},
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": home,
            "inLanguage": edition,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
                "query-input": "required name=search_term_string",
            },
        },
    ]


def feed_links(context):
    """The feeds of the edition and, on a listing page, of its subject (rel="alternate")."""
    site = settings.NEWSROOM_SITE_NAME
    links = [
        (site, "application/rss+xml", reverse("discovery:feed-rss")),
        (site, "application/atom+xml", reverse("discovery:feed-atom")),
    ]
    for scope in ("section", "region", "tag", "author"):
        subject = context.get(scope)
        slug = getattr(subject, "slug", None)
        if not slug or context.get("article"):
            continue
        name = getattr(subject, "label", None) or getattr(subject, "name", slug)
        try:
            links += [
                (f"{name} | {site}", "application/rss+xml", reverse(f"discovery:{scope}-feed-rss", args=[slug])),
                (f"{name} | {site}", "application/atom+xml", reverse(f"discovery:{scope}-feed-atom", args=[slug])),
            ]
        except NoReverseMatch:
            continue
    return [{"title": title, "type": kind, "href": href} for title, kind, href in links]


def listing_description(context):
    site = settings.NEWSROOM_SITE_NAME
    for scope in ("section", "region", "tag"):
        subject = context.get(scope)
        if subject is not None:
            name = getattr(subject, "label", None) or subject.name
            return _("The latest news, analysis and opinion on %(name)s from %(site)s.") % {"name": name, "site": site}
    author = context.get("author")
    if author is not None:
        return Truncator(author.bio).chars(DESCRIPTION_CHARS) or _("Articles by %(name)s at %(site)s.") % {
            "name": author.name,
            "site": site,
        }
    return _("News, analysis and opinion from %(site)s.") % {"site": site}


def listing_image(request, context):
    """A listing's picture for shared links: its lead story's crop, else the site's card."""
    page = context.get("page")
    lead = context.get("lead") or next(iter(getattr(page, "object_list", None) or []), None)
    images = article_images(request, lead) if isinstance(lead, Article) else []
    if images:
        return {"image": images[0], "image_alt": lead.hero_photo.alt_text, "card": "summary_large_image"}
    card = {"url": absolute(request, static(SITE_CARD_PATH)), "width": SITE_CARD_SIZE[0], "height": SITE_CARD_SIZE[1]}
    return {"image": card, "image_alt": settings.NEWSROOM_SITE_NAME, "card": "summary_large_image"}


def canonical(request, context):
    page = context.get("page")
    path = request.path
    number = getattr(page, "number", 1)
    if isinstance(number, int) and number > 1 and context.get("article") is None:
        return absolute(request, f"{path}?page={number}")
    return absolute(request, path)


def page_metadata(context):
    """Everything ``includes/seo_head.html`` prints, from the page's own context."""
    request = context["request"]
    edition = context["edition"].code
    article = context.get("article")
    match = request.resolver_match
    view_name = match.view_name if match else ""
    meta = {
        "robots": "noindex, follow" if context.get("is_preview") or view_name == "discovery:search" else "",
        "feeds": feed_links(context),
        "json_ld": [],
        "site_name": settings.NEWSROOM_SITE_NAME,
        "locale": OG_LOCALES.get(edition, edition),
        "card": "summary",
    }
    if article is not None:
        bylines = list(context.get("bylines") or article.byline_list)
        tags = context.get("tags") or article.tag_list
        images = article_images(request, article)
        meta.update(
            title=article.headline,
            description=Truncator(article.standfirst).chars(DESCRIPTION_CHARS),
            canonical=absolute(request, article.get_absolute_url()),
            type="article",
            image=images[0] if images else None,
            image_alt=article.hero_photo.alt_text if images else "",
            card="summary_large_image" if images else "summary",
            published=article.publish_at,
            modified=last_modified(article),
            section=section_label(article.section, edition),
            tags=[tag.name for tag in tags],
            has_corrections=bool(article.corrections.all()),
        )
        # A page may describe its story itself (a live story: ``LiveBlogPosting``).
        meta["json_ld"] = context.get("article_data") or [
            news_article(request, article, bylines, tags, images),
            breadcrumbs(request, edition, article),
        ]
        return meta
    meta.update(description=listing_description(context), canonical=canonical(request, context), type="website")
    meta.update(listing_image(request, context))
    meta["title"] = context.get("heading") or settings.NEWSROOM_SITE_NAME
    if view_name == "articles:home":
        meta["json_ld"] = home_data(request, edition)
    elif context.get("section") is not None:
        meta["json_ld"] = [breadcrumbs(request, edition, section=context["section"])]
    return meta
