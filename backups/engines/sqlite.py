"""SQLite: a consistent copy through the online backup API, made while the site keeps serving."""

import contextlib
import sqlite3
import tempfile
from pathlib import Path

from django.db import connection

from .. import inventory
from .scratch import scratch_connection

FILE = "database.sqlite3"


def read_only(path):
    """How Django and sqlite3 open a file without ever writing to it (not even its journal mode)."""
    return f"file:{Path(path).resolve()}?mode=ro"


def copy(source, path):
    """Copy the database open on ``source`` (a sqlite3 connection) page by page into the file ``path``."""
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()


def dump(folder):
    connection.ensure_connection()
    copy(connection.connection, folder / FILE)
    with opened(folder / FILE) as db:
        return inventory.take(db, inventory.model_tables(db))


@contextlib.contextmanager
def opened(path):
    with scratch_connection(read_only(path), OPTIONS={}) as db:
        yield db


def restore(folder):
    source = sqlite3.connect(read_only(folder / FILE), uri=True)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


@contextlib.contextmanager
def scratch(folder):
    with tempfile.TemporaryDirectory(prefix="restore-check-") as temporary:
        path = Path(temporary) / FILE
        source = sqlite3.connect(read_only(folder / FILE), uri=True)
        try:
            copy(source, path)
        finally:
            source.close()
        with opened(path) as db:
            yield db


def describe():
    return {"database": "sqlite", "sqlite": sqlite3.sqlite_version}
