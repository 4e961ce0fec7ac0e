"""Queries written with the ORM and compiled to SQL once per process; each call runs that SQL with its own id.

A few reads come with nearly every request, and for them compiling the query cost the ORM more CPU than the database
needs to answer it (issue 18): the session user with their role (every request: 1.4 ms to compile, 0.1 ms to answer)
and the document ids of a person's record (the person page, a quarter of the staff's requests: ~2.5 ms to compile).
The query stays written once, with the ORM, where it belongs; only its SQL is kept.

Only for a query whose shape never changes, only its one id: the id is compared with a key (`pk=`, `person=`), never
an IN list, a LIMIT or anything the ORM would compile differently for another value.
"""
from collections.abc import Callable
from functools import cached_property

from django.db import connections
from django.db.models import QuerySet

# The id the query is compiled with, then replaced by each call's: inside the range of every integer column (a value
# out of range would compile to "no rows") and the key of no row.
PLACEHOLDER_ID = -918_273_645


class Statement:
    """``build(id)`` returns the query for one id; ``ids(id)`` and ``instances(id)`` run its SQL, compiled at first use."""

    def __init__(self, build: Callable[[int], QuerySet]):
        self._build = build

    @cached_property
    def _compiled(self) -> tuple[QuerySet, str, tuple, list[int]]:
        queryset = self._build(PLACEHOLDER_ID)
        sql, params = queryset.query.sql_with_params()
        slots = [index for index, value in enumerate(params) if type(value) is not bool and value == PLACEHOLDER_ID]
        if not slots:  # the id went into the SQL some other way: running it would read the wrong rows
            raise RuntimeError("the query does not pass its id as a parameter")
        return queryset, sql, params, slots

    def _params(self, id_: int) -> tuple:
        _, _, params, slots = self._compiled
        values = list(params)
        for index in slots:
            values[index] = int(id_)
        return tuple(values)

    def instances(self, id_: int) -> list:
        """The query's model instances for ``id_``, with its annotations as attributes."""
        queryset, sql, _, _ = self._compiled
        return list(queryset.model._default_manager.db_manager(queryset.db).raw(sql, self._params(id_)))

    def ids(self, id_: int) -> list[int]:
        """The first column of each row for ``id_``: for a query of ids (``values_list("pk", flat=True)``)."""
        queryset, sql, _, _ = self._compiled
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, self._params(id_))
            return [row[0] for row in cursor.fetchall()]
