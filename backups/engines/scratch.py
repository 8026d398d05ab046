"""Django connections to databases other than the site's: backup copies and scratch restores.

They are made like Django's own throw-away connections (``_nodb_cursor``): a wrapper of the
site's backend with other settings, never registered in ``django.db.connections``.
"""

import contextlib

from django.db import connection
from django.db.utils import load_backend


@contextlib.contextmanager
def scratch_connection(name, **options):
    """A connection like the site's, but to database ``name`` (with ``options`` overriding settings)."""
    params = {**connection.settings_dict, "NAME": name, "CONN_MAX_AGE": 0, **options}
    db = load_backend(params["ENGINE"]).DatabaseWrapper(params, alias=f"scratch:{name}")
    try:
        yield db
    finally:
        db.close()
