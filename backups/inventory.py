"""Row counts and a sample of rows, taken when backing up and compared by ``restore --check``.

Counts say no table lost rows; the sample says the rows that came back are the same rows.
For each table a handful of rows are fingerprinted: the first, the last and rows at even steps
between (one index probe each, so a million-row table costs what a ten-row one does).
"""

import datetime
import decimal
import hashlib
import uuid

from django.apps import apps

SAMPLE_PER_TABLE = 8


def model_tables(db):
    """``{table: primary-key column}`` for every table Django manages that exists in ``db``."""
    existing = set(db.introspection.table_names())
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table in existing:
            tables[meta.db_table] = meta.pk.column
    return dict(sorted(tables.items()))


def take(db, tables):
    """``{"counts": {table: rows}, "sample": {table: [[pk, fingerprint], ...]}}`` read through ``db``."""
    counts, sample = {}, {}
    with db.cursor() as cursor:
        for table, pk in tables.items():
            qt, qpk = db.ops.quote_name(table), db.ops.quote_name(pk)
            cursor.execute(f"SELECT COUNT(*) FROM {qt}")
            (counts[table],) = cursor.fetchone()
            if counts[table]:
                # ORDER BY rather than MIN/MAX: PostgreSQL has no min() of a uuid.
                cursor.execute(f"SELECT {qpk} FROM {qt} ORDER BY {qpk} LIMIT 1")
                (low,) = cursor.fetchone()
                cursor.execute(f"SELECT {qpk} FROM {qt} ORDER BY {qpk} DESC LIMIT 1")
                (high,) = cursor.fetchone()
                sample[table] = []
                for probe in probes(low, high):
                    cursor.execute(f"SELECT * FROM {qt} WHERE {qpk} >= %s ORDER BY {qpk} LIMIT 1", [probe])
                    row = cursor.fetchone()
                    key = row[[column[0] for column in cursor.description].index(pk)]
                    sample[table].append([plain(key), fingerprint(row)])
    return {"tables": tables, "counts": counts, "sample": sample}


def probes(low, high):
    if isinstance(low, int) and isinstance(high, int):
        step = max((high - low) / (SAMPLE_PER_TABLE - 1), 1)
        return sorted({round(low + step * i) for i in range(SAMPLE_PER_TABLE) if low + step * i <= high})
    return [low, high]


def verify(db, expected):
    """What differs between ``expected`` (an inventory) and the database behind ``db``: a list of sentences."""
    problems = []
    existing = set(db.introspection.table_names())
    with db.cursor() as cursor:
        for table, pk in expected["tables"].items():
            if table not in existing:
                problems.append(f"table {table} is missing")
                continue
            qt, qpk = db.ops.quote_name(table), db.ops.quote_name(pk)
            cursor.execute(f"SELECT COUNT(*) FROM {qt}")
            (rows,) = cursor.fetchone()
            if rows != expected["counts"][table]:
                problems.append(f"{table}: {rows} rows, expected {expected['counts'][table]}")
            for key, digest in expected["sample"].get(table, []):
                cursor.execute(f"SELECT * FROM {qt} WHERE {qpk} = %s", [key])
                row = cursor.fetchone()
                if row is None or fingerprint(row) != digest:
                    problems.append(f"{table}: the row with key {key} differs")
    return problems


def fingerprint(row):
    return hashlib.sha256(repr(tuple(plain(value) for value in row)).encode()).hexdigest()[:16]


def plain(value):
    """A value as text that is the same however the driver handed it over."""
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | decimal.Decimal | uuid.UUID):
        return str(value)
    return value
