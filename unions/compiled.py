"""Fixed-shape queries compiled once: building and compiling an ORM query often costs more than
PostgreSQL takes to run it.

`rows(key, build, **values)` calls `build(**placeholders)` the first time a `key` is seen (per
database vendor): each placeholder is an integer no row has, standing for one of `values`
(a pk, a user id). The queryset is compiled then; on every call its SQL runs with the real
values put in place of the placeholders, and the rows come back converted as the queryset
itself would return them (values_list rows, dates and decimals as on that database).

`instances(key, build, **values)` does the same for a queryset of model instances
(select_related, annotations and prefetch_related lookups included): Django builds the
instances from the compiled query as it would from its own compile.

Only for queries whose shape never depends on the values: anything else that varies (a year,
a date, the paths of a person's scope) belongs in the key.
"""

import copy

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections

# Kept on the connection itself: a compiler holds the connection it was compiled on, and Django's
# connections are per thread (a threaded server's requests must not run on another thread's
# connection) — and per context where an event loop runs in the thread (asgiref), so one thread
# may meet several connections over its life.
_BASE = -982_451_000  # no row has a pk near this


def _compiled(kind, key, build, values):
    connection = connections[DEFAULT_DB_ALIAS]
    names = sorted(values)
    full_key = (connection.vendor, kind, key, tuple(names))
    _COMPILED = connection.__dict__.setdefault("_compiled_queries", {})
    if full_key in _COMPILED:
        return _COMPILED[full_key]
    if len(_COMPILED) > 500:
        _COMPILED.clear()
    placeholders = {name: _BASE - i for i, name in enumerate(names)}
    queryset = build(**placeholders)
    compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a filter that matches nothing (pk__in=[]): no query to run at all
        _COMPILED[full_key] = None
        return None
    by_placeholder = {v: name for name, v in placeholders.items()}
    slots = [by_placeholder.get(p) if type(p) is int else None for p in params]
    compiled = _COMPILED[full_key] = (queryset, compiler, sql, list(params), slots)
    return compiled


def _params(params, slots, values):
    return [p if slot is None else values[slot] for p, slot in zip(params, slots, strict=True)]


def instances(key, build, **values):
    """The model instances of the queryset `build(**placeholders)`, run with `values` in their place."""
    compiled = _compiled("instances", key, build, values)
    if compiled is None:
        return []
    queryset, compiler, sql, params, slots = compiled
    ready = copy.copy(compiler)  # its select and klass_info were filled by the first compile
    actual = _params(params, slots, values)
    ready.as_sql = lambda *args, **kwargs: (sql, actual)
    fresh = queryset.all()
    fresh.query.get_compiler = lambda *args, **kwargs: ready
    return list(fresh)


def rows(key, build, **values):
    """The rows of the queryset `build(**placeholders)`, run with `values` in their place."""
    connection = connections[DEFAULT_DB_ALIAS]
    compiled = _compiled("rows", key, build, values)
    if compiled is None:
        return []
    _queryset, compiler, sql, params, slots = compiled
    actual = _params(params, slots, values)
    with connection.cursor() as cursor:
        cursor.execute(sql, actual)
        fetched = cursor.fetchall()
    return list(compiler.results_iter(results=[fetched]))
