"""Fast inserts for generated data: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Rows are tuples in the order of ``fields`` (attribute names such as ``user_id``), with
explicit primary keys, so related rows can be generated without reading ids back.
Bulk inserts bypass ``save()``: callers set every derived field themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, models


class RawJSON(str):
    """A JSON value already serialised (shared by many rows: serialise once)."""


class BulkWriter:
    def __init__(self, batch_size: int = 5000):
        self.batch_size = batch_size
        self.postgres = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}
        self.touched: list[type[models.Model]] = []

    def next_id(self, model: type[models.Model]) -> int:
        """The first free primary key (ids are assigned by the generator)."""
        top = model.objects.aggregate(top=models.Max("pk"))["top"]
        return (top or 0) + 1

    def insert(self, model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
        meta = model._meta
        if model not in self.touched:
            self.touched.append(model)
        count = (
            self._copy(model, fields, rows)
            if self.postgres
            else self._bulk_create(model, fields, rows)
        )
        self.counts[meta.label] = self.counts.get(meta.label, 0) + count
        return count

    def _copy(self, model, fields, rows) -> int:
        meta = model._meta
        columns = [_field(meta, name).column for name in fields]
        json_positions = [
            index
            for index, name in enumerate(fields)
            if isinstance(_field(meta, name), models.JSONField)
        ]
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({quoted}) FROM STDIN"
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                if json_positions:
                    row = list(row)
                    for index in json_positions:
                        if not isinstance(row[index], RawJSON):
                            row[index] = json.dumps(row[index], ensure_ascii=False)
                copy.write_row(row)
                count += 1
        return count

    def _bulk_create(self, model, fields, rows) -> int:
        count = 0
        iterator: Iterator[tuple] = iter(rows)
        while True:
            chunk = list(islice(iterator, self.batch_size))
            if not chunk:
                return count
            chunk = [
                tuple(json.loads(v) if isinstance(v, RawJSON) else v for v in row) for row in chunk
            ]
            model.objects.bulk_create(
                [model(**dict(zip(fields, row, strict=True))) for row in chunk],
                batch_size=self.batch_size,
            )
            count += len(chunk)

    def finish(self) -> None:
        """Move the id sequences past the ids we wrote and refresh the planner's statistics."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.touched)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            if self.postgres:
                for model in self.touched:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _is_field(meta, name: str) -> bool:
    try:
        meta.get_field(name)
    except Exception:  # noqa: BLE001
        return False
    return True


def _field(meta, name: str):
    if _is_field(meta, name):
        return meta.get_field(name)
    return meta.get_field(name.removesuffix("_id"))
