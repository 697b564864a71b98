"""The academy as a cluster on one machine (docs/deployment.md, "A local cluster").

    python bench/cluster/cluster.py up      # make cluster: run until Ctrl+C
    python bench/cluster/cluster.py test    # make cluster-test: load, faults, checks

What runs: two gunicorn app servers (ports BASE+1, BASE+2) behind the Python load
balancer (BASE, bench/cluster/lb.py), one task worker (db_worker), the scheduler, moto's
S3 server (BASE+3, bench/cluster/s3server.py), the machine's PostgreSQL (database
``academy_cluster``, recreated by ``test``) and Redis (``CLUSTER_REDIS_URL``, default db 6).
Every process gets the same environment: the settings a production host would have.

``test`` drives learners across both servers through the balancer, kills one app server
(SIGKILL, then restarts it) and the worker in the middle, then checks: no 5xx beyond the
killed server's in-flight requests, no acknowledged write lost, no duplicate certificate,
an uploaded file readable through the other host, a trainer's edit visible through both
servers at once. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
BASE = int(os.environ.get("CLUSTER_PORT", "8220"))
LB, APP1, APP2, S3 = BASE, BASE + 1, BASE + 2, BASE + 3
PLAYER_HOST = f"h5p.localhost:{LB}"


def log(message: str) -> None:
    print(f"== {time.strftime('%H:%M:%S')} {message}", flush=True)


def signing_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def cluster_env(work: Path, *, recreate: bool) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from dbctl import main as database

    base_url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    bucket = "academy-cluster"
    env = {
        **os.environ,
        "DATABASE_URL": database(base_url, "academy_cluster", recreate),
        "REDIS_URL": os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/6"),
        "CACHE_KEY_PREFIX": f"cluster-{uuid.uuid4().hex[:8]}",
        "ACADEMY_S3_BUCKET": bucket,
        "ACADEMY_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3}",
        "ACADEMY_S3_REGION": "us-east-1",
        "ACADEMY_S3_ACCESS_KEY_ID": "cluster",
        "ACADEMY_S3_SECRET_ACCESS_KEY": "cluster",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": "cluster-" + secrets.token_hex(32),
        "DJANGO_CONN_MAX_AGE": "600",
        "CERTIFICATES_SIGNING_KEY": signing_key(),
        "ACADEMY_BASE_URL": f"http://127.0.0.1:{LB}",
        "H5P_PLAYER_ORIGIN": f"http://{PLAYER_HOST}",
        "BENCH_STATIC_ROOT": str(work / "static"),
        "BENCH_LOGIN_RATE": "100000/m/ip",
        "CERTIFICATES_VERIFY_RATE": "1000000000",
        "H5P_RATE_LIMIT": "1000000000/60",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "ACADEMY_TASKS_BACKEND": "database",
    }
    env.pop("ACADEMY_TESTING", None)
    env.pop("ACADEMY_TEST_STORAGE", None)
    return env


class Cluster:
    def __init__(self, work: Path, env: dict):
        self.work, self.env = work, env
        self.processes: dict[str, subprocess.Popen] = {}

    def commands(self) -> dict[str, list[str]]:
        gunicorn = [str(Path(PY).parent / "gunicorn"), "academy.wsgi:application"]
        common = ["--workers", "2", "--log-level", "warning", "--timeout", "60"]
        manage = [PY, "manage.py"]
        return {
            "s3": [PY, "bench/cluster/s3server.py", str(S3), self.env["ACADEMY_S3_BUCKET"]],
            "app1": [*gunicorn, *common, "--bind", f"127.0.0.1:{APP1}"],
            "app2": [*gunicorn, *common, "--bind", f"127.0.0.1:{APP2}"],
            "worker": [*manage, "db_worker", "--queue-name", "*", "--no-reload", "--interval", "1"],
            "scheduler": [*manage, "scheduler"],
            "lb": [PY, "bench/cluster/lb.py", str(LB), f"127.0.0.1:{APP1}", f"127.0.0.1:{APP2}"],
        }

    def start(self, name: str) -> None:
        output = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 - kept open for the child
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands
            self.commands()[name],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str, signum=signal.SIGKILL) -> None:
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            self.kill(name, signal.SIGTERM)

    def prepare(self) -> None:
        manage = [PY, "manage.py"]
        for step in (
            [*manage, "migrate", "--noinput", "-v", "0"],
            [
                *manage,
                "seed_scale",
                "--scale",
                os.environ.get("CLUSTER_SCALE", "0.01"),
                "--if-empty",
            ],
            [*manage, "collectstatic", "--noinput", "-v", "0"],
        ):
            subprocess.run(step, cwd=ROOT, env=self.env, check=True)  # noqa: S603

    def up(self) -> None:
        self.start("s3")
        wait_for(f"http://127.0.0.1:{S3}/", ok=(200, 403, 404))
        self.prepare()
        for name in ("app1", "app2", "worker", "scheduler", "lb"):
            self.start(name)
        for port in (APP1, APP2, LB):
            wait_for(f"http://127.0.0.1:{port}/healthz")


def wait_for(url: str, ok=(200,), seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status in ok:
                    return
        except urllib.error.HTTPError as error:
            if error.code in ok:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


# --- the load ---


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(port: int, path: str, *, session: str = "", data: bytes | None = None, headers=None):
    """(status, body, headers); status 0 for a connection error."""
    csrf = "c" * 32
    all_headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", **(headers or {})}
    if data is not None:
        all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        all_headers.update({"X-CSRFToken": csrf, "Referer": f"http://127.0.0.1:{port}/"})
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with OPENER.open(
            urllib.request.Request(url, data=data, headers=all_headers), timeout=60
        ) as response:  # noqa: E501, S310
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers
    except OSError:
        return 0, b"", {}


class Load:
    def __init__(self, targets: dict, duration: float, users: int, port: int = LB):
        self.targets, self.duration, self.users, self.port = targets, duration, users, port
        self.codes: Counter = Counter()
        self.errors: list[tuple[float, str, int]] = []
        self.acknowledged: list[tuple[str, int]] = []
        self.timings: dict[str, list[float]] = {"course page": [], "player": []}
        self.lock = threading.Lock()
        self.stop_at = 0.0

    def learner(self, me: dict) -> None:
        items = [item for item in me["items"] if item["kind"] != "quiz"]
        random.shuffle(items)
        position = 0
        while time.monotonic() < self.stop_at:
            item = items[position % len(items)]
            position += 1
            for name, path, data in (
                ("course page", f"/courses/{item['slug']}/", None),
                ("player", f"/courses/{item['slug']}/items/{item['id']}/", None),
                ("complete", f"/courses/{item['slug']}/items/{item['id']}/complete/", b""),
            ):
                started = time.perf_counter()
                status, _body, _headers = request(
                    self.port,
                    path,
                    session=me["session"],
                    data=data,
                    headers={"HX-Request": "true"} if data is not None else None,
                )
                elapsed = time.perf_counter() - started
                with self.lock:
                    self.codes[status] += 1
                    if name in self.timings and status == 200:
                        self.timings[name].append(elapsed)
                    if status >= 500 or status == 0:
                        self.errors.append((time.monotonic(), name, status))
                    if name == "complete" and status == 200:
                        self.acknowledged.append((me["email"], item["id"]))

    def run(self, during=None) -> None:
        self.stop_at = time.monotonic() + self.duration
        learners = self.targets["learners"][: self.users]
        threads = [threading.Thread(target=self.learner, args=(me,)) for me in learners]
        for thread in threads:
            thread.start()
        if during:
            during()
        for thread in threads:
            thread.join()


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")
    import django

    django.setup()


def prepare_targets(users: int) -> dict:
    from bench.prepare import prepare_http

    return prepare_http(users=users)


# --- the checks ---


def upload_h5p(session: str, module_id: int, port: int) -> int:
    from h5p.sample import sample_package

    boundary = uuid.uuid4().hex
    fields = {
        "title": "Cluster upload",
        "grading": "highest",
        "completion": "passed",
        "pass_percent": "80",
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="package"; filename="c.h5p"\r\n'
        "Content-Type: application/zip\r\n\r\n".encode()
        + sample_package(title="Cluster upload")
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    status, _body, _headers = request(
        port,
        f"/h5p/modules/{module_id}/new/",
        session=session,
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    return status


def check_upload_on_other_host(trainer_session: str) -> list[str]:
    """Upload an H5P package through app server 1, play its files through app server 2."""
    from academy.models import User
    from courses.models import Module
    from h5p.models import Activity, Library
    from h5p.player import token_make

    trainer = User.objects.get(email=json.loads(os.environ["CLUSTER_TRAINER"]))
    module = Module.objects.filter(course__trainers=trainer).order_by("pk").first()
    status = upload_h5p(trainer_session, module.pk, APP1)
    if status != 302:
        return [f"the H5P upload through app server 1 answered {status}"]
    activity = Activity.objects.filter(item__module=module).order_by("-pk").first()
    token = token_make(
        user_id=trainer.pk,
        activity_id=activity.pk,
        parent_origin=f"http://127.0.0.1:{LB}",
        preview=True,
    )
    failures = []
    paths = [f"/h5p/play/{token}/h5p.json"]
    for library in Library.objects.filter(activities=activity)[:3]:
        folder = library.path.split("/")[2]
        paths.append(f"/h5p/play/{token}/libraries/{folder}/library.json")
    for port in (APP2, APP1):
        for path in paths:
            status, body, _headers = request(port, path, headers={"Host": PLAYER_HOST})
            if status != 200 or not body:
                failures.append(f"{path[:60]}… through port {port}: {status}")
    return failures


def check_edit_on_both(targets: dict) -> list[str]:
    from courses.authoring import item_rename
    from courses.models import Item

    me = targets["learners"][0]
    item_ref = next(item for item in me["items"] if item["kind"] != "quiz")
    item = Item.objects.get(pk=item_ref["id"])
    # Read once through both, so each holds the structure in the shared cache.
    path = f"/courses/{item_ref['slug']}/items/{item.pk}/"
    for port in (APP1, APP2):
        request(port, path, session=me["session"])
    title = f"Zmiana {uuid.uuid4().hex[:6]}"
    item_rename(item=item, title=title)
    failures = []
    results = {}

    def read(port):
        results[port] = request(port, path, session=me["session"])

    threads = [threading.Thread(target=read, args=(port,)) for port in (APP1, APP2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for port, (status, body, _headers) in results.items():
        if status != 200 or title.encode() not in body:
            failures.append(f"the trainer's edit is not visible through port {port} ({status})")
    return failures


def check_writes(load: Load) -> list[str]:
    from courses.models import ItemProgress

    failures = []
    done = set(
        ItemProgress.objects.filter(state=ItemProgress.State.COMPLETED).values_list(
            "enrollment__user__email", "item_id"
        )
    )
    lost = [write for write in set(load.acknowledged) if write not in done]
    if lost:
        failures.append(f"{len(lost)} acknowledged completions are missing: {lost[:5]}")
    return failures


def check_certificates() -> list[str]:
    from django.db.models import Count

    from certificates.models import Certificate

    duplicates = (
        Certificate.objects.filter(replaced_by__isnull=True)
        .values("user_id", "course_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    return [f"duplicate certificates: {list(duplicates[:5])}"] if duplicates.exists() else []


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def throughput(targets: dict, seconds: float, users: int) -> dict:
    """Requests per second of the course page and the player, through the balancer with
    both servers, then straight to one server."""
    figures = {}
    for label, port in (("two servers", LB), ("one server", APP1)):
        load = Load(targets, seconds, users, port=port)
        load.run()
        figures[label] = {
            name: {
                "rps": round(len(times) / seconds, 1),
                "p50_ms": round(percentile(times, 0.5) * 1000, 1),
                "p95_ms": round(percentile(times, 0.95) * 1000, 1),
            }
            for name, times in load.timings.items()
        }
    return figures


def test(args) -> int:
    work = Path(tempfile.mkdtemp(prefix="academy-cluster-"))
    env = cluster_env(work, recreate=True)
    cluster = Cluster(work, env)
    try:
        log(f"Cluster: balancer :{LB}, app servers :{APP1} :{APP2}, S3 :{S3}, logs in {work}")
        cluster.up()
        django_setup(env)
        targets = prepare_targets(args.users)
        os.environ["CLUSTER_TRAINER"] = json.dumps(targets["trainer"]["email"])
        if args.throughput:
            log(f"Throughput, {args.throughput} s per setup")
            print(json.dumps(throughput(targets, args.throughput, args.users), indent=2))
        load = Load(targets, args.duration, args.users)
        killed = {}

        def faults():
            time.sleep(args.duration / 3)
            log("Fault: app server 2 killed (SIGKILL)")
            killed["app2"] = time.monotonic()
            cluster.kill("app2")
            time.sleep(3)
            log("Fault: the task worker killed (SIGKILL)")
            cluster.kill("worker")
            cluster.start("app2")
            wait_for(f"http://127.0.0.1:{APP2}/healthz")
            killed["app2 back"] = time.monotonic()
            log("App server 2 is back")
            time.sleep(2)
            cluster.start("worker")
            log("Worker restarted")

        log(f"Load: {args.users} learners for {args.duration} s through the balancer")
        load.run(during=faults)
        failures = []
        total = sum(load.codes.values())
        log(f"Requests {total}: {dict(load.codes)}")
        in_flight_window = [
            error for error in load.errors if abs(error[0] - killed.get("app2", 0)) < 2
        ]
        outside = [error for error in load.errors if error not in in_flight_window]
        if len(in_flight_window) > args.users or outside:
            failures.append(
                f"server errors: {len(in_flight_window)} around the kill, {len(outside)} elsewhere"
            )
        failures += check_writes(load)
        log(f"Acknowledged completions: {len(set(load.acknowledged))}, all checked in the database")
        time.sleep(2)  # the restarted worker picks up what the killed one left
        failures += check_certificates()
        failures += check_upload_on_other_host(targets["trainer"]["session"])
        failures += check_edit_on_both(targets)
        for name in ("course page", "player"):
            times = load.timings[name]
            log(
                f"{name}: {len(times)} ok, p50 {percentile(times, 0.5) * 1000:.0f} ms, "
                f"p95 {percentile(times, 0.95) * 1000:.0f} ms"
            )
        if failures:
            for failure in failures:
                log(f"FAILED: {failure}")
            return 1
        log(
            "Cluster test passed: no 5xx beyond the killed server's, no write lost, "
            "no duplicate certificate, uploads readable on the other host, edits seen by both"
        )
        shutil.rmtree(work, ignore_errors=True)  # kept (with the logs) when a check failed
        return 0
    finally:
        cluster.stop()


def up(args) -> int:
    work = Path(tempfile.mkdtemp(prefix="academy-cluster-"))
    env = cluster_env(work, recreate=False)
    cluster = Cluster(work, env)
    try:
        cluster.up()
        log(
            f"Cluster up: http://127.0.0.1:{LB}/ (app servers :{APP1} :{APP2}, S3 :{S3}); "
            f"logs in {work}. Ctrl+C stops it."
        )
        while all(process.poll() is None for process in cluster.processes.values()):
            time.sleep(1)
        log("A process stopped: stopping the cluster")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up")
    run = commands.add_parser("test")
    run.add_argument(
        "--duration", type=float, default=float(os.environ.get("CLUSTER_DURATION", "45"))
    )
    run.add_argument("--users", type=int, default=int(os.environ.get("CLUSTER_USERS", "12")))
    run.add_argument(
        "--throughput", type=float, default=float(os.environ.get("CLUSTER_THROUGHPUT", "0"))
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    return up(args) if args.command == "up" else test(args)


if __name__ == "__main__":
    sys.exit(main())
