"""Template helpers for the public site: menus, pictures, numbers, article bodies."""

import re
from datetime import datetime

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, gettext_lazy

from editions import get_edition
from media.renditions import picture_html, responsive_body
from taxonomy import menus

from .. import extensions

register = template.Library()

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DATE_STYLES = {
    "date": "DATE_FORMAT",
    "datetime": "DATETIME_FORMAT",
    "short": "SHORT_DATE_FORMAT",
    "time": "TIME_FORMAT",
}
# "Read more" links go after these paragraphs (1-based), one related story each.
READ_MORE_AFTER = (3, 7, 11, 15)
# Paragraph ends, and the containers whose paragraphs are not the article's own.
BLOCK_TAG = re.compile(r"</p>|<(/?)(blockquote|figure|ul|ol|li)\b[^>]*>", re.IGNORECASE)


@register.simple_tag
def site_menus():
    """The edition's sections and regions, from the menu cache."""
    return menus.menus_for(get_language())


@register.filter
def digits(value):
    """A number (or a formatted date) in the edition's digits, grouped by locale.

    Integers get thousands separators; strings are only transliterated, so
    ``{{ when|date:"j F Y"|digits }}`` works too.
    """
    if isinstance(value, int):
        value = number_format(value, force_grouping=True)
    text = str(value)
    if get_edition(get_language()).digits == "arab":
        text = text.translate(ARABIC_INDIC)
    return text


@register.filter
def edition_date(value, style="date"):
    """A date as the edition writes it, in its time zone and digits: ``{{ when|edition_date:"datetime" }}``.

    ``style`` is ``date`` ("26 de marzo de 2024"), ``datetime``, ``short`` or
    ``time``; the formats are in ``localisation/formats/<edition>/``.
    """
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, get_edition(get_language()).tzinfo)
    return digits(date_format(value, DATE_STYLES.get(style, "DATE_FORMAT")))


@register.filter
def ago(value):
    """How long ago, in the edition's language and digits ("hace 3 horas", "منذ ٣ ساعات")."""
    return digits(naturaltime(value)) if value else ""


@register.simple_tag
def picture(photo, sizes="100vw", loading="lazy", css_class="", priority=False):
    """A ``<picture>`` with WebP and JPEG ``srcset`` from the photo's prefetched renditions."""
    if photo is None:
        return ""
    return picture_html(photo, sizes=sizes, loading=loading, css_class=css_class, priority=priority)


CARD_SIZES = "(min-width: 960px) 25vw, (min-width: 600px) 50vw, 100vw"
CARD_STANDFIRST_WORDS = 30
CARD_BADGES = {
    "video": ("card-badge card-badge--video", gettext_lazy("Video")),
    "gallery": ("card-badge", gettext_lazy("In Pictures")),
}


@register.simple_tag
def card(article, **options):
    """A teaser card (``draw_card``), or one drawn before and kept (``fragments.cards``)."""
    return mark_safe(article.drawn_as(options)) if hasattr(article, "drawn_as") else draw_card(article, **options)


def draw_card(
    article,
    variant="",
    level=3,
    sizes=CARD_SIZES,
    loading="lazy",
    no_image=False,
    no_label=False,
    label="section",
    show_standfirst=False,
    show_byline=False,
):
    """A teaser card: picture, label (section, or region for ``label="region"``), headline, date.

    Built here rather than by an included template, like ``picture``: a page
    shows dozens of cards, and an include cost five times as much per card.
    """
    edition = get_language()
    parts = [format_html('<article class="card{}">', f" card--{variant}" if variant else "")]
    if not no_image:
        photo = article.hero_photo or (article.video.poster if article.video_id else None)
        badge = CARD_BADGES.get(article.kind)
        parts.append(
            format_html(
                '\n  <div class="card-media">{}{}</div>',
                picture_html(photo, sizes=sizes, loading=loading)
                if photo
                else mark_safe('<span class="card-placeholder" aria-hidden="true"></span>'),
                format_html('<span class="{}">{}</span>', *badge) if badge else "",
            )
        )
    parts.append('\n  <div class="card-body">')
    if not no_label:
        region = getattr(article, "region_slug", None) if label == "region" else None
        name = menus.region_label(region, edition) if region else menus.section_label(article.section, edition)
        badges = format_html_join("", '<span class="{}">{}</span> ', extensions.badges_of(article))
        parts.append(format_html('\n    <p class="card-label">{}{}</p>', badges, name))
    parts.append(
        format_html(
            '\n    <h{} class="card-title"><a href="{}">{}</a></h{}>',
            level,
            article.get_absolute_url(),
            article.headline,
            level,
        )
    )
    if show_standfirst and article.standfirst:
        words = Truncator(article.standfirst).words(CARD_STANDFIRST_WORDS, truncate=" …")
        parts.append(format_html('\n    <p class="card-standfirst">{}</p>', words))
    if show_byline and article.byline_list:
        parts.append(format_html('\n    <p class="card-byline">{}</p>', article.byline_names))
    parts.append(
        format_html(
            '\n    <p class="card-meta"><time datetime="{}">{}</time></p>\n  </div>\n</article>\n',
            iso(article.publish_at),
            edition_date(article.publish_at, "short"),
        )
    )
    return mark_safe("".join(parts))  # every piece escaped by format_html


@register.simple_tag
def article_body(article, read_more=()):
    """The stored (already sanitised) body with "Read more" links between paragraphs.

    Pictures in the body come from our own library (the sanitiser enforces it
    when the article is saved) and are served as lazy responsive renditions.
    """
    body = responsive_body(article.body)
    links = [
        format_html(
            '<p class="read-more"><strong>{}</strong> <a href="{}">{}</a></p>',
            gettext("Read more:"),
            related.get_absolute_url(),
            related.headline,
        )
        for related in read_more
    ]
    if not links:
        return mark_safe(body)  # sanitised with nh3 when saved
    output = []
    pending = list(links)
    paragraphs = depth = start = 0
    for match in BLOCK_TAG.finditer(body):
        if match.group(2):  # a container opens or closes
            depth += -1 if match.group(1) else 1
            continue
        if depth > 0:
            continue  # a paragraph inside a quote or list is not a place for a link
        paragraphs += 1
        if pending and paragraphs in READ_MORE_AFTER:
            output.append(body[start : match.end()])
            output.append(pending.pop(0))
            start = match.end()
    output.append(body[start:])
    output.extend(pending)
    return mark_safe("".join(output))  # sanitised body plus escaped links


@register.simple_tag
def section_label(section):
    """The section's name in this edition, from the menus (no query per card)."""
    return menus.section_label(section, get_language())


@register.simple_tag
def region_label(slug):
    """The region's name in this edition, from the menus (no query per card)."""
    return menus.region_label(slug, get_language())


@register.simple_tag
def site_links():
    """Social accounts and app-store links from settings; empty ones are left out."""
    social = getattr(settings, "NEWSROOM_SOCIAL_LINKS", {})
    apps = getattr(settings, "NEWSROOM_APP_LINKS", {})
    return {
        "social": [{"name": name, "url": url} for name, url in social.items() if url],
        "apps": [{"name": name, "url": url} for name, url in apps.items() if url],
    }


@register.filter
def iso(value):
    """A machine-readable time for ``<time datetime>``, in the edition's time zone, to the second."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
