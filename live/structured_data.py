"""``LiveBlogPosting`` structured data (schema.org) for a live story's page.

The article's own ``NewsArticle`` description (``discovery.seo.news_article``) with the live
blog's type, when coverage started and ended, and the newest posts as ``liveBlogUpdate``.
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from discovery.seo import article_images, breadcrumbs, news_article, person

HEADLINE_CHARS = 110


def live_blog_posting(request, story, context, posts):
    article = story.article
    data = news_article(request, article, context["bylines"], context["tags"], article_images(request, article))
    url = data["url"]
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = story.started_at.isoformat()
    if story.closed_at:
        data["coverageEndTime"] = story.closed_at.isoformat()
    data["liveBlogUpdate"] = [blog_posting(request, url, post) for post in posts]
    return [data, breadcrumbs(request, article.edition, article)]


def blog_posting(request, story_url, post):
    text = strip_tags(post.body).strip()
    update = {
        "@type": "BlogPosting",
        "headline": Truncator(post.title or text).chars(HEADLINE_CHARS),
        "articleBody": text,
        "datePublished": post.posted_at.isoformat(),
        "url": f"{story_url}#{post.anchor}",
    }
    if post.edited_at:
        update["dateModified"] = post.edited_at.isoformat()
    if post.author:
        update["author"] = person(request, post.author)
    return update
