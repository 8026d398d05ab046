"""Relative times ("3 hours ago") in every edition's grammar.

Django's humanize ``naturaltime`` is translated by Django's own catalogues, but
its Arabic uses one form for every number ("منذ 3 ساعة"). Arabic has six plural
forms (ساعة، ساعتان، ٣ ساعات، ١١ ساعة…). Marking Django's msgids here puts them
in our catalogues (``locale/``), which take precedence over Django's, so
``makemessages`` keeps them and translators see them.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy, npgettext_lazy

PAST = (
    gettext_lazy("now"),
    gettext_lazy("%(delta)s ago"),
    ngettext_lazy("a second ago", "%(count)s seconds ago", "count"),
    ngettext_lazy("a minute ago", "%(count)s minutes ago", "count"),
    ngettext_lazy("an hour ago", "%(count)s hours ago", "count"),
    npgettext_lazy("naturaltime-past", "%(num)d year", "%(num)d years", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d month", "%(num)d months", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d week", "%(num)d weeks", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d day", "%(num)d days", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d hour", "%(num)d hours", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d minute", "%(num)d minutes", "num"),
)
