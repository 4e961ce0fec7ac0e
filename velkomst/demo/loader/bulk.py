"""Bulk writing shared by the loaders: batch size, local times, and a plain executemany for the largest tables."""
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.utils import timezone

BATCH = 2000
RAW_BATCH = 5000


@lru_cache(maxsize=None)  # tens of thousands of rows share a few hundred days
def aware(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """The day at the hour, Copenhagen time (when something happened on a day the plan only dates)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def insert_rows(model, rows: list[dict]) -> None:
    """Insert many rows of one model with a single executemany (the ORM's per-value preparation dominates at this size).
    Values are ints, strings, booleans, None, dates, times, datetimes and decimals, adapted as the database expects."""
    if not rows:
        return
    columns = list(rows[0])
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    adapt = _adapter()
    plain = [tuple(adapt(row[c]) for c in columns) for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(plain), RAW_BATCH):
            cursor.executemany(sql, plain[start:start + RAW_BATCH])


def _adapter():
    """Dates, times, datetimes and decimals as the database expects them (by exact type: this runs for every value)."""
    ops = connection.ops
    adapters = {datetime: ops.adapt_datetimefield_value, date: ops.adapt_datefield_value, time: ops.adapt_timefield_value, Decimal: str}

    def adapt(value):
        to_db = adapters.get(type(value))
        return value if to_db is None else to_db(value)

    return adapt
