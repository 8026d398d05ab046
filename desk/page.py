"""The desk page: the admin's start page, a board of blocks, each a short list of what needs the desk now.

Apps add their blocks from their ``AppConfig.ready`` (``register``), so the desk reads the
ticker, the wire or the live stories without importing them. A block is:

- ``rows(request, limit)``: at most ``limit`` ``Row``s, newest or soonest first, fetched in a fixed
  number of queries whatever the size of the tables (one sliced query, joins included);
- ``list_url(request)``: the admin list those rows come from, filtered the same way, where the
  rest of them are;
- ``visible(user)``: whether this user sees the block (whoever may not act on it, does not).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.urls import reverse

ROWS_PER_BLOCK = 8


@dataclass(frozen=True)
class Row:
    text: str
    url: str
    note: str = ""
    time: datetime | None = None


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    rows: Callable
    list_url: Callable
    visible: Callable
    empty: str
    order: int = 100


@dataclass(frozen=True)
class ShownBlock:
    block: Block
    rows: list
    more: bool
    list_url: str


_blocks = {}


def register(block):
    """Add ``block`` to the desk page (a block registered again under the same key replaces it)."""
    _blocks[block.key] = block


def registered():
    return sorted(_blocks.values(), key=lambda block: (block.order, block.key))


def blocks_for(request, limit=ROWS_PER_BLOCK):
    """The blocks ``request.user`` sees, in order, each with its first ``limit`` rows."""
    shown = []
    for block in registered():
        if not block.visible(request.user):
            continue
        rows = list(block.rows(request, limit + 1))
        shown.append(ShownBlock(block, rows[:limit], len(rows) > limit, block.list_url(request)))
    return shown


def admin_list(url_name, **filters):
    """The address of an admin list (``"articles_article"``) with ``filters`` as its query string."""
    url = reverse(f"admin:{url_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
