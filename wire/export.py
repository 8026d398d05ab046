"""Published articles as IPTC ninjs (3.x by default, 2.x on request) for syndication partners.

The output validates against the official schemas in ``newsformats/schemas/`` and can
be ingested again by ``wire.services`` (the round trip is tested).
"""

import mimetypes

from django.conf import settings

from live.models import LivePost
from taxonomy import menus

NINJS_VERSIONS = {"2": "2.2", "3": "3.1"}
# A live story's newest posts travel with it as text associations.
LIVE_POSTS_EXPORTED = 50
SCHEMA_URLS = {
    "2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    "3": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
}


def article_uri(article):
    """A stable identifier, not a link: it survives slug and section changes."""
    return f"urn:newsroom:{settings.NEWSROOM_SITE_NAME.lower().replace(' ', '-')}:article:{article.pk}"


def photo_uri(photo):
    return f"urn:newsroom:{settings.NEWSROOM_SITE_NAME.lower().replace(' ', '-')}:photo:{photo.pk}"


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def _timestamp(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def _keys(version):
    """Property names that differ between 2.x (lower case) and 3.x (camelCase)."""
    if version == "3":
        return {
            "versioncreated": "versionCreated",
            "firstcreated": "firstCreated",
            "pubstatus": "pubStatus",
            "copyrightholder": "copyrightHolder",
            "contenttype": "contentType",
            "infosources": "infoSources",
        }
    return {
        name: name
        for name in ("versioncreated", "firstcreated", "pubstatus", "copyrightholder", "contenttype", "infosources")
    }


def photo_to_ninjs(photo, version, request, name):
    k = _keys(version)
    content_type = mimetypes.guess_type(photo.image.name)[0] or "image/jpeg"
    rendition = {"name": "original", "href": _absolute(request, photo.image.url), k["contenttype"]: content_type}
    if photo.width and photo.height:
        rendition.update(width=photo.width, height=photo.height)
    item = {
        "name": name,
        "uri": photo_uri(photo),
        "type": "picture",
        "headlines": [{"value": photo.alt_text or photo.caption or str(photo)}],
        "renditions": [rendition],
    }
    if photo.caption:
        item["descriptions"] = [{"role": "caption", k["contenttype"]: "text/plain", "value": photo.caption}]
    if photo.credit:
        item["by"] = photo.credit
    return item


def live_post_to_ninjs(post, version, request, name):
    k = _keys(version)
    item = {
        "name": name,
        "uri": f"{article_uri(post.story.article)}:post:{post.pk}",
        "type": "text",
        k["firstcreated"]: _timestamp(post.posted_at),
        k["versioncreated"]: _timestamp(post.edited_at or post.posted_at),
        "bodies": [{"role": "main", k["contenttype"]: "text/html", "value": post.body}],
    }
    if post.title:
        item["headlines"] = [{"role": "main", "value": post.title}]
    if post.author:
        item["by"] = post.author.name
    return item


def article_to_ninjs(article, version="3", request=None):
    """``article`` (fetched with ``for_detail()``-style prefetching) as a ninjs dict."""
    k = _keys(version)
    item = {
        "standard": {"name": "ninjs", "version": NINJS_VERSIONS[version], "schema": SCHEMA_URLS[version]},
        "uri": article_uri(article),
        "type": "text",
        "version": str(article.version),
        k["firstcreated"]: _timestamp(article.publish_at or article.created_at),
        k["versioncreated"]: _timestamp(article.modified_at),
        k["pubstatus"]: "usable",
        "language": article.edition,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [{"role": "main", k["contenttype"]: "text/html", "value": article.body}],
        k["copyrightholder"]: article.source.name if article.source else settings.NEWSROOM_SITE_NAME,
        "genres": [{"name": article.get_kind_display(), "literal": article.kind}],
    }
    if article.standfirst:
        item["descriptions"] = [{"role": "summary", k["contenttype"]: "text/plain", "value": article.standfirst}]
    if article.byline_list:
        item["by"] = article.byline_names
    tags = list(article.tags.all())
    if tags:
        item["subjects"] = [{"name": tag.name, "literal": tag.slug} for tag in tags]
    if article.region_list:
        item["places"] = [
            {"name": menus.region_label(region.slug, article.edition), "literal": region.slug}
            for region in article.region_list
        ]
    if article.source:
        item[k["infosources"]] = [{"name": article.source.name, "role": "source"}]
    associations = []
    if article.hero_photo:
        associations.append(photo_to_ninjs(article.hero_photo, version, request, "mainpic"))
    for position, gallery_item in enumerate(article.gallery_items.all(), start=1):
        associations.append(photo_to_ninjs(gallery_item.photo, version, request, f"gallery{position}"))
    posts = LivePost.objects.visible().filter(story_id=article.pk).select_related("author", "story__article")
    for position, post in enumerate(posts.order_by("-posted_at", "-pk")[:LIVE_POSTS_EXPORTED], start=1):
        associations.append(live_post_to_ninjs(post, version, request, f"livepost{position}"))
    if associations:
        item["associations"] = associations
    return {key: value for key, value in item.items() if value is not None}
