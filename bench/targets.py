"""The addresses the benchmark measures, picked from the generated archive.

One per line: ``name path``, and for the desk's pages (the admin's article list, as an editor
uses it) a third field, the session cookie of a staff user made for the benchmark.
"""

import os
import sys
from datetime import UTC, timedelta

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from articles.models import Article

    article = Article.objects.public().in_edition("en").select_related("section").latest().first()
    if article is None:
        sys.exit("No public English article: generate the archive first.")
    tag = article.tags.first()
    year_ago = article.publish_at - timedelta(days=365)  # a full month of the archive
    targets = {
        "home": "/en/",
        "section": f"/en/{article.section.slug}/",
        "article": article.get_absolute_url(),
        "tag": f"/en/tag/{tag.slug}/",
        "search": "/en/search/?q=harbour+ferry",
        "ticker": "/en/breaking.json",
        "api-list": "/api/v1/articles/?edition=en",
        "sitemap-index": "/sitemap.xml",
        "sitemap-month": f"/sitemap-articles-en-{year_ago.astimezone(UTC):%Y-%m}.xml",
    }
    for name, path in targets.items():
        print(name, path)
    cookie = desk_cookie()
    author = article.bylines.values_list("author_id", flat=True).first()
    region = article.regions.values_list("pk", flat=True).first() or ""
    today = article.publish_at.date()
    # Every filter and every sort of the list (columns 1, 2, 4 and 5 sort; 3, the byline, does not).
    desk = {
        "desk-list": "",
        "desk-page-2": "?p=2",
        "desk-sorted": "?o=1",
        "desk-sorted-status": "?o=2",
        "desk-sorted-oldest": "?o=4",
        "desk-sorted-edition": "?o=-5",
        "desk-drafts": "?status__exact=draft",
        "desk-edition": "?edition__exact=ar",
        "desk-kind": "?kind__exact=opinion",
        "desk-section": f"?section__id__exact={article.section_id}",
        "desk-region": f"?region={region}",
        "desk-author": f"?author={author}",
        "desk-mine": "?mine=1",
        "desk-embargo": "?embargo=under",
        "desk-week": f"?publish_at__gte={today - timedelta(days=7)}&publish_at__lt={today + timedelta(days=1)}",
        "desk-search": "?q=harbour",
        "desk-search-drafts": "?q=harbour&status__exact=draft",
    }
    for name, query in desk.items():
        print(name, f"/admin/articles/article/{query}", cookie)


def desk_cookie():
    """A logged-in session of the benchmark's own editor (an administrator), as its cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="bench-desk", defaults={"is_staff": True, "is_superuser": True}
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


if __name__ == "__main__":
    main()
