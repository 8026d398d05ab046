"""Backups that finish at archive scale: the database with its own tools, media incrementally.

A backup is a folder: ``manifest.json`` (when, the schema, row counts and a sample of rows),
the database (``database/``, ``pg_dump``'s directory format, or ``database.sqlite3``, a copy made
with SQLite's online backup API) and ``media/`` (files unchanged since the previous backup are
hard links to its copy). ``manage.py backup``, ``manage.py restore`` and ``restore --check``.
"""
