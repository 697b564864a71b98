"""The differencing attack on programme reports, shared by the training and workshops
tests: every figure of every grouping under filters that nest inside each other, and no
two shown figures that differ by 1 to 4 (a person re-identified by subtraction)."""

import itertools

from academy.models import Organisation
from training.programme import Filters, programme_report

NESTED_FILTERS = [
    Filters(voivodeship="lubelskie"),
    Filters(voivodeship="lubelskie", kind=Organisation.Kind.MUNICIPALITY),
    Filters(voivodeship="lubelskie", kind=Organisation.Kind.NGO),
    Filters(kind=Organisation.Kind.NGO),
    Filters(),
    Filters(kind=Organisation.Kind.MUNICIPALITY),
]


def shown(cell):
    return None if cell.hidden else cell.value


def assert_no_subtraction_reveals_a_few(metrics) -> None:
    figures = []
    for filters in NESTED_FILTERS:
        for dimension in ("voivodeship", "kind", "course", "period"):
            rows, total = programme_report(dimension, filters)
            figures += [total, *rows]
    for a, b in itertools.combinations(figures, 2):
        for metric in metrics:
            x, y = shown(a.cells[metric]), shown(b.cells[metric])
            if x is not None and y is not None:
                assert abs(x - y) not in {1, 2, 3, 4}, (metric, a.label, b.label)
