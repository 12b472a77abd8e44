"""New rows of several models in one statement on PostgreSQL, as `bulk_create` of each would write them.

A parse inserts a few rows of each kind of fact (regions, sectors, people, meeting reports, figures,
agreements): one round trip for all of them, a data-modifying WITH of one INSERT per model, instead of
one per model. The rows get their ids, as `bulk_create` gives them. SQLite has no INSERT in a WITH: there,
and past `MAX_PARAMETERS`, one `bulk_create` per model. Like `bulk_create`, no signal is sent.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import AutoField, Model
from django.db.models.sql import InsertQuery

# PostgreSQL takes 65,535 parameters a statement; a parse's rows need a few hundred.
MAX_PARAMETERS = 30_000


def insert_all(groups: dict[type[Model], list[Model]], *, also: tuple[str, list] | None = None) -> None:
    """Insert the new (id-less) rows of each model, in one statement where the database can; with `also`, one
    more data-modifying statement (SQL, parameters) that reads none of these rows, sent in the same statement."""
    groups = {model: rows for model, rows in groups.items() if rows}
    inserts = [_insert(model, rows) for model, rows in groups.items()] if connection.vendor == "postgresql" else []
    if not inserts or sum(len(params) for _sql, params in inserts) > MAX_PARAMETERS:
        _one_by_one(groups, also)
        return
    # A WITH's statements all run, whether or not the query reads what they return.
    others = [also] if also else []
    ctes = ", ".join([*(f"i{n} AS ({sql})" for n, (sql, _params) in enumerate(inserts)),
                      *(f"also{n} AS ({sql})" for n, (sql, _params) in enumerate(others))])
    pk = connection.ops.quote_name
    ids = " UNION ALL ".join(f"SELECT {n}, {pk(model._meta.pk.column)} FROM i{n}"  # noqa: S608 - the models' columns
                             for n, model in enumerate(groups))
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} {ids}", [param for _sql, params in [*inserts, *others] for param in params])
        returned = cursor.fetchall()
    # Each INSERT returns its ids in the order of its VALUES, as `bulk_create` relies on.
    for n, rows in enumerate(groups.values()):
        ids_of = [row_id for part, row_id in returned if part == n]
        for row, row_id in zip(rows, ids_of, strict=True):
            row.pk, row._state.adding, row._state.db = row_id, False, connection.alias


def _one_by_one(groups: dict[type[Model], list[Model]], also: tuple[str, list] | None) -> None:
    for model, rows in groups.items():
        model.objects.bulk_create(rows)
    if also:
        with connection.cursor() as cursor:
            cursor.execute(*also)


def _insert(model: type[Model], rows: list[Model]) -> tuple[str, list]:
    """The model's INSERT ... VALUES ... RETURNING id of these rows: the rows `bulk_create` writes (checked by
    `tests/articles/test_write_path.py`), from a plan made once per model instead of Django's compiler (a batch of
    25 articles inserts ~125 groups; compiling took ~1 ms each)."""
    model.objects.all()._prepare_for_bulk_create(rows)  # a related row saved meanwhile: its id taken
    if any(row.pk is not None for row in rows):
        raise ValueError(f"insert_all writes new rows only: a {model.__name__} has an id")
    table, fields, row_sql, returning = _insert_plan(model)
    params = []
    for row in rows:
        for field in fields:
            value = field.pre_save(row, add=True)
            if hasattr(value, "resolve_expression"):  # an expression: as Django compiles it
                return _compiled_insert(model, rows)
            params.append(field.get_db_prep_save(value, connection=connection))
    values = ", ".join([row_sql[1]] * len(rows))
    return f"INSERT INTO {table} {row_sql[0]} VALUES {values} {returning}", params  # noqa: S608 - names only


_plans: dict[tuple[str, type[Model]], tuple] = {}


def _insert_plan(model: type[Model]) -> tuple[str, list, tuple[str, str], str]:
    """(table, fields, (column list, one row's placeholders), RETURNING clause) of a model's inserts, made once."""
    key = (connection.vendor, model)
    if key not in _plans:
        quote = connection.ops.quote_name
        fields = _fields(model)
        placeholders = [field.get_placeholder(None, None, connection) if hasattr(field, "get_placeholder") else "%s"
                        for field in fields]
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        _plans[key] = (table, fields, (f"({', '.join(quote(f.column) for f in fields)})",
                                       f"({', '.join(placeholders)})"), f"RETURNING {table}.{pk}")
    return _plans[key]


def _fields(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if not f.generated and not isinstance(f, AutoField)]


def _compiled_insert(model: type[Model], rows: list[Model]) -> tuple[str, list]:
    """`_insert` through Django's compiler."""
    query = InsertQuery(model)
    query.insert_values(_fields(model), rows, raw=False)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [model._meta.pk]
    [(sql, params)] = compiler.as_sql()
    return sql, list(params)
