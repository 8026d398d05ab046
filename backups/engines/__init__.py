"""The database part of a backup, one module per database: ``postgres`` and ``sqlite``.

Each offers ``dump(folder)`` (returns the inventory of what it wrote), ``restore(folder)``
(replaces the live database) and ``scratch(folder)`` (a context manager giving a Django
connection to a throw-away copy, for ``restore --check``).
"""

from django.db import connection

from ..manifest import BackupError
from . import postgres, sqlite

ENGINES = {"postgresql": postgres, "sqlite": sqlite}


def engine(vendor=None):
    vendor = vendor or connection.vendor
    if vendor not in ENGINES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return ENGINES[vendor]
