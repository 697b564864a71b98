"""The results file: its documented shape, and PASS/FAIL computed from each budget."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from bench.report import (
    Figure,
    at_least,
    at_most,
    read_partials,
    table,
    write_partial,
    write_results,
)
from bench.views import reference


def test_pass_is_computed_from_the_budget():
    assert Figure("http.catalog.p95", 99.5, "ms", at_most(100)).passed is True
    assert Figure("http.catalog.p95", 100.5, "ms", at_most(100)).passed is False
    assert (
        Figure("http.player_item.rps_vs_reference", 0.34, "ratio", at_least(0.35)).passed is False
    )
    assert Figure("http.player_item.rps_vs_reference", 0.35, "ratio", at_least(0.35)).passed is True
    assert Figure("micro.progress_record.median", 3.2, "ms").passed is None
    with pytest.raises(ValueError):
        Figure("x", 1, "ms", {"op": "<", "value": 2})


def test_results_file_has_the_documented_shape(tmp_path):
    parts = tmp_path / "parts"
    write_partial(
        parts,
        "10-micro",
        [Figure("micro.certificate_pdf.median", 16.2, "ms", at_most(15))],
        {"micro": {"pdf_bytes": 51000}},
    )
    write_partial(
        parts,
        "20-http",
        [
            Figure("http.reference.rps", 410.0, "req/s"),
            Figure("http.catalog.p95", 48, "ms", at_most(100)),
        ],
    )
    figures, notes = read_partials(parts)
    path = tmp_path / "latest.json"
    write_results(figures, path=path, mode="full", machine={"nproc": 2}, extra={"notes": notes})
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) >= {"generated_at", "mode", "machine", "figures", "notes"}
    assert document["notes"]["micro"]["pdf_bytes"] == 51000
    assert document["figures"] == [
        {
            "name": "micro.certificate_pdf.median",
            "value": 16.2,
            "unit": "ms",
            "budget": {"op": "<=", "value": 15},
            "pass": False,
        },
        {
            "name": "http.reference.rps",
            "value": 410.0,
            "unit": "req/s",
            "budget": None,
            "pass": None,
        },
        {
            "name": "http.catalog.p95",
            "value": 48.0,
            "unit": "ms",
            "budget": {"op": "<=", "value": 100},
            "pass": True,
        },
    ]


def test_table_prints_pass_and_fail():
    printed = table(
        [Figure("a", 1, "ms", at_most(2)), Figure("b", 3, "ms", at_most(2)), Figure("c", 1, "ms")]
    )
    lines = printed.splitlines()
    assert lines[2].rstrip().endswith("PASS") and lines[3].rstrip().endswith("FAIL")
    assert lines[4].rstrip().endswith("-")
    assert "3 figures, 1 PASS, 1 FAIL" in printed


def test_reference_view_is_not_mounted_unless_enabled():
    with pytest.raises(NoReverseMatch):
        reverse("bench:reference")


@pytest.mark.django_db
def test_reference_view_runs_one_query(django_assert_num_queries, rf: RequestFactory):
    request = rf.get("/bench/reference/")
    with django_assert_num_queries(1):
        response = reference(request)
    assert response.status_code == 200
    assert b"Reference page" in response.content


def _scale_results(tmp_path, scale: str, p50: dict[str, float]) -> str:
    path = tmp_path / f"scale-{scale}.json"
    write_results(
        [Figure(f"http.{page}.p50", value, "ms") for page, value in p50.items()],
        path=path,
        mode="scale",
        machine={},
        extra={"scale": scale},
    )
    return str(path)


def test_scale_table_puts_each_page_side_by_side_and_fails_a_page_that_grows(tmp_path):
    files = [
        _scale_results(tmp_path, "10", {"player_item": 12, "dashboard": 40, "catalog": 11}),
        _scale_results(tmp_path, "0.1", {"player_item": 10, "dashboard": 20, "catalog": 10}),
        _scale_results(tmp_path, "1", {"player_item": 11, "dashboard": 30}),
    ]
    out = tmp_path / "scales.json"
    stdout = io.StringIO()
    with pytest.raises(CommandError, match="grew with the data: scales.dashboard.p50_growth"):
        call_command("bench_scales", *files, out=str(out), stdout=stdout)
    printed = stdout.getvalue()
    # Scales in numeric order, whatever order the files came in.
    assert "| page | p50 at scale 0.1 | p50 at scale 1 | p50 at scale 10 | growth |" in printed
    assert "| player item | 10 ms | 11 ms | 12 ms | 1.20× |" in printed
    assert "| dashboard | 20 ms | 30 ms | 40 ms | 2.00× |" in printed
    # A page missing at one scale is not compared.
    assert "| catalog |" not in printed
    figures = {f["name"]: f for f in json.loads(out.read_text())["figures"]}
    assert figures["scales.player_item.p50_growth"]["pass"] is True
    assert figures["scales.dashboard.p50_growth"]["pass"] is False
    assert set(figures) == {"scales.player_item.p50_growth", "scales.dashboard.p50_growth"}


def test_scale_table_needs_every_scale_file(tmp_path):
    present = _scale_results(tmp_path, "0.1", {"player_item": 10})
    with pytest.raises(CommandError, match="scale-10.json is missing"):
        call_command("bench_scales", present, str(tmp_path / "scale-10.json"))
