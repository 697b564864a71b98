"""Drive gunicorn with locust (as a library, headless) and write the figures.

    python bench/http/run_load.py http --base-url http://127.0.0.1:PORT --targets T.json \
        --duration 20 --users 16 --out DIR
    python bench/http/run_load.py soak --base-url ... --targets T.json --duration 300 --users 200 --out DIR

``http``: ``--rounds`` rounds; in each, one scenario at a time — the physical limit
(``bench/wsgi.py``: a bare view without middleware), the reference view, then every page —
each in two phases of ``--duration`` seconds after a short warm-up, with ``--users``
concurrent users. A page's figures are medians over the rounds (the spread, min–max, and
each round's load average are in the results' notes); its ratio to the limit is taken
within each round, so a noisy neighbour affects both sides alike:

- latency: each user waits a random 0.5–1.5 × ``--pace`` seconds between requests (a
  learner who clicks about once a second, far faster than anyone reads); p50/p95/p99
  per page, the budgeted figures;
- throughput: no think time at all; requests/s per page and as a ratio to the limit's
  (``rps_vs_limit``, the figure that travels between machines) and to the reference
  view's. Latency here is queueing (Little's law: 16 users at X req/s wait
  16/X s on average), reported as ``saturated_p95`` without a budget. ``soak``: the whole learner journey; writes the client-side log of
acknowledged writes for bench_soak_check. Loads only 127.0.0.1. Exit status 1 when any
request failed with a server error or a scenario produced no requests.
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

import gevent  # noqa: E402
from locust import between  # noqa: E402
from locust.env import Environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.http import locustfile  # noqa: E402
from bench.report import Figure, at_least, at_most, write_partial  # noqa: E402

# Page name in the stats, scenario, whether it is a learner page (p95 budget).
PAGES = [
    ("catalog", "catalog", True),
    ("course page", "course_page", True),
    ("player item", "player", True),
    ("mark complete", "mark_complete", True),
    ("quiz submit", "quiz_submit", True),
    ("dashboard", "dashboard", True),
    ("trainer course report", "trainer_report", False),
    ("certificate verification", "verify", True),
    ("search", "search", True),
    ("knowledge base", "knowledge", True),
    ("forum topic", "forum_topic", True),
    ("topic list", "forum_list", True),
    ("calendar feed", "calendar_feed", True),
    ("partnerships directory", "directory", True),
    ("workshop booking", "booking", True),
    ("coordinator assignments", "assignments", False),
    ("programme report", "programme_report", False),
]
P95_BUDGET_MS = 100
# The first round's budget (course page and player >= 0.35 x the reference's throughput)
# is gone: the reference runs the academy's own middleware, so a site-wide speed-up
# lowered the ratio (issue 23). The ratio is still reported; the limit is the yardstick.
RATIO_BUDGET: dict[str, float] = {}
# Pages with a tighter p95 than the learner pages' (issue 18: search p95 <= 50 ms).
# Issue 20: the programme report over 100,000 enrolments answers within 1 s.
P95_BUDGETS = {"search": 50, "programme report": 1000}
# Pages that few people open at once: staff and funders reading the programme report.
PAGE_USERS = {"programme report": 2}
# p50 at 16 paced users (issues 15, 17, 19, 23).
P50_BUDGETS = {
    "player item": 4,
    "course page": 4,
    "dashboard": 8,
    "catalog": 6,
    # Issue 18: the knowledge base's home and listing within the catalogue's budget.
    "knowledge base": 6,
    "forum topic": 8,
    "calendar feed": 20,
}


def slug(name: str) -> str:
    return name.replace(" ", "_")


def run_scenario(
    user_class, *, host: str, users: int, duration: float, warmup: float, pace: float = 0
) -> Environment:
    if pace:
        # A random think time (mean ``pace``): users in step would arrive in bursts of 16.
        user_class = type(
            f"{user_class.__name__}Paced",
            (user_class,),
            {"wait_time": between(pace / 2, pace * 1.5)},
        )
    env = Environment(user_classes=[user_class], host=host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=min(100, max(users, 1) * 10))
    gevent.sleep(warmup)
    env.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(duration)
    env.stats.measured_seconds = time.monotonic() - started
    runner.quit()
    return env


def errors(env: Environment) -> dict:
    return {f"{e.method} {e.name}: {e.error}": e.occurrences for e in env.stats.errors.values()}


def entry(env: Environment, name: str):
    for (entry_name, _method), stats in env.stats.entries.items():
        if entry_name == name:
            return stats
    return None


def _measure(scenario: str, name: str, args, warmup: float, problems: list) -> dict:
    """Both phases of one page: {"latency": row, "throughput": row} (a phase with no
    requests is left out and reported as a problem, or a warning in the smoke)."""
    phases = {}
    for phase, pace in (("latency", args.pace), ("throughput", 0)):
        env = run_scenario(
            locustfile.SCENARIOS[scenario],
            host=args.base_url,
            users=PAGE_USERS.get(name, args.users),
            duration=args.duration,
            warmup=warmup,
            pace=pace,
        )
        stats = entry(env, name)
        failures = sum(s.num_failures for s in env.stats.entries.values())
        if stats is None or stats.num_requests == 0:
            message = (
                f"{name} ({phase}): no requests completed in {args.duration} s {errors(env)} "
                f"{env.runner.exceptions}"
            )
            if args.allow_empty and not env.runner.exceptions and not errors(env):
                print("  WARNING", message, flush=True)  # too slow for the smoke's short window
            else:
                problems.append(message)
            continue
        rps = stats.num_requests / env.stats.measured_seconds
        row = {
            "requests": stats.num_requests,
            "failures": failures,
            "rps": round(rps, 1),
            "p50": stats.get_response_time_percentile(0.5),
            "p95": stats.get_response_time_percentile(0.95),
            "p99": stats.get_response_time_percentile(0.99),
            "errors": errors(env),
        }
        print(
            f"  {name:<26} {phase:<10} {row['requests']:>6} req  {rps:7.1f} req/s  p50 {row['p50']:>5} ms  "
            f"p95 {row['p95']:>5} ms  p99 {row['p99']:>5} ms  failures {failures}",
            flush=True,
        )
        if failures:
            problems.append(f"{name} ({phase}): {failures} failed requests {row['errors']}")
        phases[phase] = row
    return phases


def _spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def http(args) -> int:
    """Rounds of every page, the limit first and the reference second in each round, so a
    noisy neighbour slows all of them alike; each page's figure is its median over the
    rounds, its ratio to the limit is taken within each round."""
    figures, notes, problems = [], {"http": {"rounds": []}}, []
    locustfile.load_targets(args.targets)
    notes["http"]["trainer_report_url"] = locustfile.TARGETS.get("report_kind")
    warmup = min(3.0, max(0.5, args.duration / 5))
    # Warm both workers (templates, connections) before anything is measured.
    for scenario in ("limit", "reference", "course_page", "player"):
        run_scenario(
            locustfile.SCENARIOS[scenario],
            host=args.base_url,
            users=args.users,
            duration=0.2,
            warmup=min(1.0, warmup),
        )
    order = [("limit", "limit"), ("reference", "reference")] + [
        (name, scenario) for name, scenario, _l in PAGES if scenario in args.only
    ]
    rows: dict[str, dict[str, list[dict]]] = {name: {} for name, _s in order}
    ratios: dict[str, dict[str, list[float]]] = {name: {} for name, _s in order}
    for number in range(1, args.rounds + 1):
        print(f"  round {number} of {args.rounds}, load average {os.getloadavg()}", flush=True)
        load_before = os.getloadavg()
        measured = {
            name: _measure(scenario, name, args, warmup, problems) for name, scenario in order
        }
        notes["http"]["rounds"].append(
            {"load_average": [load_before, os.getloadavg()], "pages": measured}
        )
        limit = measured["limit"].get("throughput", {}).get("rps")
        reference = measured["reference"].get("throughput", {}).get("rps")
        for name, phases in measured.items():
            for phase, row in phases.items():
                rows[name].setdefault(phase, []).append(row)
            rps = phases.get("throughput", {}).get("rps")
            if rps and limit:
                ratios[name].setdefault("limit", []).append(rps / limit)
            if rps and reference:
                ratios[name].setdefault("reference", []).append(rps / reference)
    notes["http"]["spread"] = {}
    for name, _scenario in order:
        learner = next((flag for n, _s, flag in PAGES if n == name), False)
        key = f"http.{slug(name)}"
        latency, throughput = rows[name].get("latency"), rows[name].get("throughput")
        spread = notes["http"]["spread"][name] = {}
        if latency:
            for percentile in ("p50", "p95", "p99"):
                spread[percentile] = _spread([row[percentile] for row in latency])
            p95 = P95_BUDGETS.get(name, P95_BUDGET_MS if learner else None)
            budget = at_most(p95) if p95 else None
            figures += [
                Figure(
                    f"{key}.p50",
                    spread["p50"]["median"],
                    "ms",
                    at_most(P50_BUDGETS[name]) if name in P50_BUDGETS else None,
                ),
                Figure(f"{key}.p95", spread["p95"]["median"], "ms", budget),
                Figure(f"{key}.p99", spread["p99"]["median"], "ms"),
            ]
        if throughput:
            spread["rps"] = _spread([row["rps"] for row in throughput])
            figures += [
                Figure(f"{key}.rps", spread["rps"]["median"], "req/s"),
                Figure(
                    f"{key}.saturated_p95",
                    statistics.median(row["p95"] for row in throughput),
                    "ms",
                ),
            ]
        if name != "limit" and ratios[name].get("limit"):
            spread["rps_vs_limit"] = _spread(ratios[name]["limit"])
            figures.append(Figure(f"{key}.rps_vs_limit", spread["rps_vs_limit"]["median"], "ratio"))
        if name not in ("limit", "reference") and ratios[name].get("reference"):
            budget = RATIO_BUDGET.get(name)
            figures.append(
                Figure(
                    f"{key}.rps_vs_reference",
                    statistics.median(ratios[name]["reference"]),
                    "ratio",
                    at_least(budget) if budget else None,
                )
            )
    server_errors = locustfile.SERVER_ERRORS["count"]
    figures.append(Figure("http.server_errors", server_errors, "count", at_most(0)))
    notes["http"]["users"], notes["http"]["duration_s"] = args.users, args.duration
    notes["http"]["pace_s"], notes["http"]["rounds_run"] = args.pace, args.rounds
    notes["http"]["problems"] = problems
    write_partial(Path(args.out), "20-http", figures, notes)
    for problem in problems:
        print("  ERROR", problem, flush=True)
    return 1 if problems or server_errors else 0


def soak(args) -> int:
    locustfile.load_targets(args.targets)
    env = Environment(user_classes=[locustfile.SoakLearner], host=args.base_url)
    runner = env.create_local_runner()
    # Arrivals spread over the first half of the run: signing in costs a password hash
    # (Django's PBKDF2, 1,000,000 iterations: about 1 s of CPU here), the most expensive
    # request there is; 200 at once keep both workers busy for minutes (docs/performance.md).
    spawn_seconds = args.duration / 2
    spawn_rate = max(0.5, args.users / spawn_seconds)
    runner.start(args.users, spawn_rate=spawn_rate)
    started = time.monotonic()
    deadline = started + args.duration
    gevent.sleep(min(args.duration, 1 + args.users / spawn_rate))  # all spawned
    while time.monotonic() < deadline and runner.user_count > 0:
        gevent.sleep(1)
    runner.quit()
    elapsed = time.monotonic() - started
    total = env.stats.total
    summary = {
        "users": args.users,
        "duration_s": round(elapsed, 1),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": round(total.num_requests / max(elapsed, 0.001), 1),
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "server_errors": locustfile.SERVER_ERRORS["count"],
        "errors": errors(env),
        "pages": {
            name: {
                "requests": s.num_requests,
                "failures": s.num_failures,
                "p95": s.get_response_time_percentile(0.95),
            }
            for (name, _m), s in env.stats.entries.items()
        },
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "soak-log.json").write_text(
        json.dumps({"summary": summary, "log": locustfile.LOG}), encoding="utf-8"
    )
    print(
        f"  soak: {summary['requests']} requests in {summary['duration_s']} s ({summary['rps']} req/s), "
        f"p95 {summary['p95']} ms, failures {summary['failures']}, server errors {summary['server_errors']}",
        flush=True,
    )
    if summary["errors"]:
        print("  errors:", json.dumps(summary["errors"], ensure_ascii=False)[:2000], flush=True)
    return 1 if summary["server_errors"] or summary["requests"] == 0 else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["http", "soak"])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--targets", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument(
        "--pace",
        type=float,
        default=1.0,
        help="Seconds between one user's requests in the latency phase.",
    )
    parser.add_argument(
        "--only",
        default=",".join(scenario for _n, scenario, _l in PAGES),
        help="Comma-separated scenarios to run (all by default), e.g. course_page,player.",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="Rounds of every page (limit, reference, pages, ...); figures are medians.",
    )
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="A page too slow to answer within the window is a warning, not an error (smoke).",
    )
    args = parser.parse_args()
    args.only = set(args.only.split(","))
    if urlparse(args.base_url).hostname != "127.0.0.1":
        parser.error("The load tool only loads 127.0.0.1.")
    return http(args) if args.mode == "http" else soak(args)


if __name__ == "__main__":
    sys.exit(main())
