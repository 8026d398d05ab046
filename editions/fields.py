"""The model field every app uses to say which edition a row belongs to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import edition_choices


class EditionField(models.CharField):
    """The language edition a row belongs to (``en``, ``ar``, ``es``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("choices", edition_choices())
        kwargs.setdefault("verbose_name", _("edition"))
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)
