"""Benchmark figures, their budgets and the results file.

``bench/results/latest.json``::

    {
      "generated_at": "2026-11-24T05:40:00+00:00",
      "mode": "full" | "smoke",
      "machine": {"nproc": 2, "memory_gb": 23.4, "cpu": "...", "database": "PostgreSQL 15.20", ...},
      "figures": [
        {"name": "http.catalog.p95", "value": 41.0, "unit": "ms",
         "budget": {"op": "<=", "value": 100}, "pass": true},
        {"name": "micro.progress_record.median", "value": 2.1, "unit": "ms",
         "budget": null, "pass": null},
        ...
      ]
    }

``pass`` is computed from ``budget`` (null when a figure has no budget).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
OPS = {"<=": lambda value, limit: value <= limit, ">=": lambda value, limit: value >= limit}


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: dict | None = None  # {"op": "<=" | ">=", "value": number}
    passed: bool | None = None

    def __post_init__(self):
        self.value = round(float(self.value), 3)
        if self.budget is not None:
            if self.budget.get("op") not in OPS:
                raise ValueError(f"Unknown budget operator in {self.budget!r}")
            self.passed = OPS[self.budget["op"]](self.value, float(self.budget["value"]))

    def as_json(self) -> dict:
        data = asdict(self)
        data["pass"] = data.pop("passed")
        return data


def at_most(limit: float) -> dict:
    return {"op": "<=", "value": limit}


def at_least(limit: float) -> dict:
    return {"op": ">=", "value": limit}


def figure_from_json(data: dict) -> Figure:
    return Figure(
        name=data["name"], value=data["value"], unit=data["unit"], budget=data.get("budget")
    )


def machine_info(database: str = "") -> dict:
    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    # The machine is shared: the load around the run says how much to trust it.
    info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    if database:
        info["database"] = database
    with contextlib.suppress(OSError):
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    return info


def write_results(
    figures: list[Figure], *, path: Path, mode: str, machine: dict, extra: dict | None = None
) -> dict:
    document = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": mode,
        "machine": machine,
        "figures": [figure.as_json() for figure in figures],
        **(extra or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return document


def read_partials(directory: Path) -> tuple[list[Figure], dict]:
    """Figures and notes written by each stage (``*.part.json``), in file-name order."""
    figures, notes = [], {}
    for part in sorted(directory.glob("*.part.json")):
        data = json.loads(part.read_text(encoding="utf-8"))
        figures += [figure_from_json(item) for item in data.get("figures", [])]
        notes.update(data.get("notes", {}))
    return figures, notes


def write_partial(
    directory: Path, stage: str, figures: list[Figure], notes: dict | None = None
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stage}.part.json"
    path.write_text(
        json.dumps(
            {"figures": [f.as_json() for f in figures], "notes": notes or {}},
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def table(figures: list[Figure]) -> str:
    """The printed summary: one line per figure with PASS, FAIL or a dash."""
    width = max([len(f.name) for f in figures] + [6])
    lines = [
        f"{'figure'.ljust(width)}  {'value':>12}  {'unit':<6}  {'budget':<10}  result",
        "-" * (width + 44),
    ]
    for f in figures:
        budget = f"{f.budget['op']} {f.budget['value']:g}" if f.budget else ""
        verdict = "-" if f.passed is None else ("PASS" if f.passed else "FAIL")
        lines.append(
            f"{f.name.ljust(width)}  {f.value:>12.3f}  {f.unit:<6}  {budget:<10}  {verdict}"
        )
    failed = [f.name for f in figures if f.passed is False]
    lines.append("-" * (width + 44))
    lines.append(
        f"{len(figures)} figures, {sum(1 for f in figures if f.passed)} PASS, {len(failed)} FAIL"
    )
    return "\n".join(lines)


# The pages of the scale table and the growth a page may show from the smallest scale to
# the largest (100 times the data): "the cost of a page must not grow with the data"
# (issue 23), with room for a noisy round.
SCALE_PAGES = ("catalog", "course_page", "player_item", "mark_complete", "dashboard")
SCALE_GROWTH_BUDGET = 1.5


def scale_table(documents: list[dict]) -> tuple[list[Figure], str]:
    """Each page's p50 at every scale side by side (``bench/run.sh scale`` results, one
    document per scale), and its growth from the smallest scale to the largest."""
    documents = sorted(documents, key=lambda document: float(document["scale"]))
    p50 = [
        {
            figure["name"].removeprefix("http.").removesuffix(".p50"): figure["value"]
            for figure in document["figures"]
            if figure["name"].endswith(".p50")
        }
        for document in documents
    ]
    scales = [document["scale"] for document in documents]
    lines = [
        "| page | " + " | ".join(f"p50 at scale {scale}" for scale in scales) + " | growth |",
        "| --- |" + " ---: |" * (len(scales) + 1),
    ]
    figures = []
    for page in SCALE_PAGES:
        values = [row.get(page) for row in p50]
        if any(value is None for value in values):
            continue
        growth = values[-1] / values[0] if values[0] else 0.0
        figures.append(
            Figure(f"scales.{page}.p50_growth", growth, "ratio", at_most(SCALE_GROWTH_BUDGET))
        )
        cells = " | ".join(f"{value:g} ms" for value in values)
        lines.append(f"| {page.replace('_', ' ')} | {cells} | {growth:.2f}× |")
    return figures, "\n".join(lines)
