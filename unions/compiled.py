"""Fixed-shape queries compiled once: building and compiling an ORM query often costs more than
PostgreSQL takes to run it.

`rows(key, build, **values)` calls `build(**placeholders)` the first time a `key` is seen (per
database vendor): each placeholder is an integer no row has, standing for one of `values`
(a pk, a user id). The queryset is compiled then; on every call its SQL runs with the real
values put in place of the placeholders, and the rows come back converted as the queryset
itself would return them (values_list rows, dates and decimals as on that database).

Only for queries whose shape never depends on the values: anything else that varies (a year,
a date) belongs in the key.
"""

from django.db import DEFAULT_DB_ALIAS, connections

_COMPILED = {}
_BASE = -982_451_000  # no row has a pk near this


def rows(key, build, **values):
    """The rows of the queryset `build(**placeholders)`, run with `values` in their place."""
    connection = connections[DEFAULT_DB_ALIAS]
    names = sorted(values)
    full_key = (connection.vendor, key, tuple(names))
    compiled = _COMPILED.get(full_key)
    if compiled is None:
        if len(_COMPILED) > 500:
            _COMPILED.clear()
        placeholders = {name: _BASE - i for i, name in enumerate(names)}
        queryset = build(**placeholders)
        compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        by_placeholder = {v: name for name, v in placeholders.items()}
        slots = [by_placeholder.get(p) if type(p) is int else None for p in params]
        compiled = _COMPILED[full_key] = (compiler, sql, list(params), slots)
    compiler, sql, params, slots = compiled
    actual = [p if slot is None else values[slot] for p, slot in zip(params, slots, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, actual)
        fetched = cursor.fetchall()
    return list(compiler.results_iter(results=[fetched]))
