"""Presence: who has a story open in the desk right now ("Amira is editing since 10:02").

Each open article form beats every ``NEWSROOM_PRESENCE_HEARTBEAT_SECONDS`` (``static/admin/js/
presence.js``); a beat is kept in the cache (Redis in production, the embedded cache otherwise) for
``NEWSROOM_PRESENCE_SECONDS``, so someone who closes the tab or loses the connection is gone within
that time, and at once when the tab's last beacon arrives. One cache entry per story holds its open
tabs, so the article list reads its whole page's presence in one ``get_many``.

A warning, not a lock: two people may still both save, and the stale-save refusal
(``ArticleAdminForm.clean_loaded_version``) stays the last guard.

Two beats for one story at the same instant may each write back the tabs they read, dropping the
other's for one beat; the next beat (well within the expiry) puts it back. A tab's goodbye is kept
for the expiry too, so a beat it sent just before closing, answered after the goodbye, does not
bring it back.
"""

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _


def key(article_id):
    return f"desk:presence:{article_id}"


def left_key(tab):
    return f"desk:presence:left:{tab}"


def ttl():
    return settings.NEWSROOM_PRESENCE_SECONDS


def new_tab():
    """An id for one open form (a tab), so leaving one tab does not hide the same editor's others."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Editor:
    """Someone with the story open: their name and since when (their earliest open tab)."""

    user_id: int
    name: str
    since: datetime

    def message(self):
        return _("%(name)s is editing since %(time)s") % {
            "name": self.name,
            "time": timezone.localtime(self.since).strftime("%H:%M"),
        }


def display_name(user):
    return user.get_full_name() or user.get_username()


def beat(article_id, tab, user):
    """The tab ``tab`` of ``user`` has the story open now."""
    now = time.time()
    found = cache.get_many([key(article_id), left_key(tab)])
    if left_key(tab) in found:
        return
    tabs = live_tabs(found.get(key(article_id)), now)
    since = tabs.get(tab, {}).get("since", now)
    tabs[tab] = {"user": user.pk, "name": display_name(user), "since": since, "seen": now}
    cache.set(key(article_id), tabs, ttl())


def leave(article_id, tab):
    """The tab was closed or navigated away from: gone at once, not a minute later."""
    cache.set(left_key(tab), True, ttl())
    tabs = live_tabs(cache.get(key(article_id)), time.time())
    if tabs.pop(tab, None) is None:
        return
    if tabs:
        cache.set(key(article_id), tabs, ttl())
    else:
        cache.delete(key(article_id))


def live_tabs(tabs, now):
    return {tab: seen for tab, seen in (tabs or {}).items() if now - seen["seen"] < ttl()}


def editors(article_id, *, besides=None):
    """Who has the story open, the user ``besides`` left out, earliest first."""
    return editors_of([article_id], besides=besides)[article_id]


def editors_of(article_ids, *, besides=None):
    """``{article_id: [Editor, ...]}`` for many stories in one cache read (the article list's page)."""
    found = cache.get_many([key(article_id) for article_id in article_ids])
    now = time.time()
    result = {}
    for article_id in article_ids:
        people = {}
        for seen in live_tabs(found.get(key(article_id)), now).values():
            if besides is not None and seen["user"] == besides.pk:
                continue
            since = datetime.fromtimestamp(seen["since"], tz=UTC)
            if seen["user"] not in people or since < people[seen["user"]].since:
                people[seen["user"]] = Editor(seen["user"], seen["name"], since)
        result[article_id] = sorted(people.values(), key=lambda editor: editor.since)
    return result
