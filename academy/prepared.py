"""Querysets compiled to SQL once per process, then run with new ids.

Django turns every queryset into SQL on every call. For the few queries that the
learner pages run on every request (the item with its course, module and the learner's
enrolment; the learner's progress rows) that is up to 1.5 ms of Python on a 2-core
server, several times what PostgreSQL needs to answer them (docs/performance.md).

``Prepared(build, name=int, ...)`` calls ``build(name=<marker>, ...)`` once per process,
compiles the queryset, and remembers where each marker landed among the SQL parameters.
Each call then runs the same SQL with the real values and builds the instances the way
the ORM's own iterator does: database converters, ``select_related`` objects (also
through a ``FilteredRelation``) and annotations.

Limits, checked when compiling: parameters are ``int`` (ids) or ``str`` compared as
they are (a slug), and each must reach the SQL; the queryset returns model instances
without ``prefetch_related``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models.query import ModelIterable, QuerySet, get_related_populators

# Unlikely values, so a marker is never mistaken for a constant of the query.
_MARKER = 7_919_000_000_000


def _marker(index: int, kind: type):
    return f"\x1fprepared-{index}\x1f" if kind is str else _MARKER + index


@dataclass
class _Compiled:
    sql: str
    params: list
    slots: list[tuple[int, str]]
    converters: list
    model: type
    start: int
    end: int
    init_list: list[str]
    populators: list
    annotations: dict


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], **types: type):
        if any(kind not in (int, str) for kind in types.values()):
            raise TypeError("Prepared parameters are int or str.")
        self.build, self.types = build, types
        self._compiled: _Compiled | None = None
        self._using = ""

    def _compile(self) -> _Compiled:
        markers = {name: _marker(index, kind) for index, (name, kind) in enumerate(self.types.items())}
        queryset = self.build(**markers)
        using = self._using = router.db_for_read(queryset.model)
        if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:
            raise TypeError("Prepared runs querysets of model instances without prefetch_related.")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = [
            (position, name)
            for position, value in enumerate(params)
            for name, marker in markers.items()
            if type(value) is type(marker) and value == marker
        ]
        if {name for _position, name in slots} != set(self.types):
            raise ValueError(f"Not every parameter of {list(self.types)} reaches the SQL: {sql}")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            sql=sql, params=list(params), slots=slots,
            converters=list(compiler.get_converters([column[0] for column in select]).items()),
            model=klass_info["model"], start=start, end=end,
            init_list=[column[0].target.attname for column in select[start:end]],
            populators=get_related_populators(klass_info, select, using),
            annotations=dict(compiler.annotation_col_map or {}),
        )

    def _compile_once(self) -> _Compiled:
        self._compiled = self._compile()
        return self._compiled

    def first(self, **values):
        """The first instance for these values, or None."""
        found = self(**values)
        return found[0] if found else None

    def __call__(self, **values) -> list:
        """The instances, in the queryset's order, for these parameter values."""
        compiled = self._compiled or self._compile_once()
        using = self._using
        params = list(compiled.params)
        for position, name in compiled.slots:
            params[position] = self.types[name](values[name])
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        instances = []
        for row in rows:
            if compiled.converters:  # as SQLCompiler.apply_converters, with this thread's connection
                row = list(row)
                for position, (converters, expression) in compiled.converters:
                    value = row[position]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[position] = value
            instance = compiled.model.from_db(using, compiled.init_list, row[compiled.start:compiled.end])
            for populator in compiled.populators:
                populator.populate(row, instance)
            for name, position in compiled.annotations.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances
