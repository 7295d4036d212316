"""What a request wrote: the write counter the URL matrix uses, and the older fingerprint of every
row (still used where a suite compares the tables before and after).

A refused request must change nothing of the project's tables: the unions, studios and ledgers
apps, the grants (guardian) and auth. Not the project's: sessions, axes' records of log-ins,
content types, the admin log. Columns a log-in or a page view writes (VOLATILE) are no change.
"""

import re

from django.apps import apps

APPS = ("unions", "studios", "ledgers", "guardian", "auth")
# Written by a log-in or a page view, not by an act of the person.
VOLATILE = {"last_login", "read_at"}

WRITE = re.compile(r'^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
ASSIGNED = re.compile(r'(?:\bSET|,)\s*"?(\w+)"?\s*=')
SAVEPOINT = re.compile(r'^\s*(SAVEPOINT|ROLLBACK TO SAVEPOINT|RELEASE SAVEPOINT)\s+"?(\w+)"?', re.IGNORECASE)


def project_tables():
    """db table → model label for the project's tables (and the grants, and their m2m tables).
    Sessions, axes' records, content types and the admin log are not the project's."""
    return {
        model._meta.db_table: model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in APPS
    }


class Writes:
    """The writes that stay: every INSERT, UPDATE and DELETE on a project table that touched a row,
    by model label (`with connection.execute_wrapper(writes)`), less those a savepoint rolled back
    (a service's atomic block that failed half-way leaves nothing). An UPDATE that sets only volatile
    columns (last_login, read_at) is not counted."""

    def __init__(self):
        self.tables = project_tables()
        self.log = []  # model labels, in order
        self.savepoints = []  # (name, len(log) when it was taken)

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        savepoint = SAVEPOINT.match(sql)
        if savepoint:
            self._savepoint(savepoint.group(1).upper(), savepoint.group(2))
            return result
        match = WRITE.match(sql)
        label = match and self.tables.get(match.group(2))
        # SQLite gives no row count for INSERT … RETURNING until the rows are fetched.
        if label and (context["cursor"].rowcount != 0 or " RETURNING " in sql):
            if match.group(1).upper() == "UPDATE":
                assigned = set(ASSIGNED.findall(sql.split(" WHERE ", 1)[0]))
                if assigned and assigned <= VOLATILE:
                    return result
            self.log.append(label)
        return result

    def _savepoint(self, verb, name):
        if verb == "SAVEPOINT":
            self.savepoints.append((name, len(self.log)))
            return
        names = [n for n, _mark in self.savepoints]
        if name not in names:
            return
        at = names.index(name)
        if verb.startswith("ROLLBACK"):
            del self.log[self.savepoints[at][1] :]
            del self.savepoints[at + 1 :]  # the savepoint itself stays
        else:
            del self.savepoints[at:]

    def labels(self):
        return sorted(set(self.log))


def fingerprint():
    """Every row of the project's tables (and the grants), to compare before and after a request."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE]
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*fields))
    return rows


def changed(before, after):
    return sorted(label for label in before if before[label] != after[label])
