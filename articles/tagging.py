"""Tags in the writer's order: the first one typed is the story's main tag.

taggit sorts what it parses and prints, and links tags in whatever order a set gives them.
Here the typed text is read in order (``parse_tags``, ``edit_string``: taggit's
``TAGGIT_TAGS_FROM_STRING`` / ``TAGGIT_STRING_FROM_TAGS``), and ``OrderedTagManager`` numbers
an article's tag links (``ArticleTag.position``) in the order they are given.
"""

import re

from django.db.models import Max
from taggit.managers import _TaggableManager
from taggit.utils import require_instance_manager

QUOTED = re.compile(r'("[^"]*")')


def parse_tags(text):
    """The tag names in ``text``, in the order typed, each once (whatever its case).

    As in taggit: a quoted name is kept whole; the rest is split on commas, or on spaces
    when there is no comma outside quotes.
    """
    pieces = QUOTED.split(text or "")
    loose = [piece for piece in pieces if not QUOTED.fullmatch(piece)]
    delimiter = "," if any("," in piece for piece in loose) else None
    names, seen = [], set()
    for piece in pieces:
        candidates = [piece[1:-1]] if QUOTED.fullmatch(piece) else piece.replace('"', "").split(delimiter)
        for candidate in candidates:
            name = " ".join(candidate.split())
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return names


def edit_string(tags):
    """The tags as the field shows them, in order: ``Fishing, Middle East`` (what ``parse_tags`` reads back)."""
    names = [tag.name for tag in tags]
    if len(names) == 1 and " " in names[0]:
        return f'"{names[0]}"'
    return ", ".join(f'"{name}"' if "," in name else name for name in names)


class OrderedTagManager(_TaggableManager):
    """An article's tags, read in their links' order and numbered in the order given."""

    @require_instance_manager
    def set(self, tags, *, through_defaults=None, **kwargs):
        tags = self._to_tag_model_instances(tags, kwargs.pop("tag_kwargs", {}))
        super().set(tags, through_defaults=through_defaults, **kwargs)
        self._number(tags, 0)

    @require_instance_manager
    def add(self, *tags, through_defaults=None, tag_kwargs=None, **kwargs):
        """Added tags come after the ones the article has."""
        tags = self._to_tag_model_instances(tags, tag_kwargs or {})
        links = self.through.objects.filter(**self._lookup_kwargs())
        had = set(links.values_list("tag_id", flat=True))
        last = links.aggregate(last=Max("position"))["last"]
        start = 0 if last is None else last + 1
        super().add(*tags, through_defaults=through_defaults, **kwargs)
        self._number([tag for tag in tags if tag.pk not in had], start)

    def _number(self, tags, start):
        links = self.through.objects.filter(**self._lookup_kwargs())
        for position, tag in enumerate(tags, start):
            links.filter(tag=tag).exclude(position=position).update(position=position)
