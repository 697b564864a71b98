"""Two app processes sharing one Redis cache and one database: a trainer's edit made in
one is seen by a learner served by the other on the next request (courses.structure)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.factories.courses import build_course

SCRIPT = Path(__file__).with_name("structure_process.py")
# A database number and a key prefix of our own on the machine's Redis.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _environment() -> dict:
    settings = connection.settings_dict
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "COURSES_STRUCTURE_CACHE_SECONDS": "120",
        "ACADEMY_TESTING": "1",
    }
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = settings["NAME"]
    else:
        host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"
        )
    return env


class AppProcess:
    def __init__(self, env: dict):
        self.process = subprocess.Popen(
            [sys.executable, str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def ask(self, *words) -> dict:
        self.process.stdin.write(" ".join(str(word) for word in words) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the app process ended"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_two_processes_sharing_redis_see_a_trainer_s_edit_at_once():
    course, items = build_course(modules=1, items=2)
    env = _environment()  # one cache prefix for both processes
    learner_side, trainer_side = AppProcess(env), AppProcess(env)
    try:
        first = learner_side.ask("outline", course.pk)
        assert first["titles"] == ["Krok 1.1", "Krok 1.2"]
        assert first["queries"] == 3  # the course row, then its modules and items
        # The other process finds the structure in the shared cache: only the course row.
        assert trainer_side.ask("outline", course.pk) == {
            "titles": ["Krok 1.1", "Krok 1.2"],
            "queries": 1,
        }
        page = learner_side.ask("page", course.pk)
        assert page["status"] == 200 and "Krok 1.1" in page["html"]

        assert trainer_side.ask("rename", items[0].pk, "Przemianowany krok") == {"renamed": True}

        page = learner_side.ask("page", course.pk)
        assert "Przemianowany krok" in page["html"] and "Krok 1.1" not in page["html"]
        assert learner_side.ask("outline", course.pk)["titles"] == [
            "Przemianowany krok",
            "Krok 1.2",
        ]
    finally:
        learner_side.close()
        trainer_side.close()
