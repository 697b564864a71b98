"""An app process for tests/courses/test_structure_processes.py: reads commands on stdin,
answers one JSON line each. Not a test module (pytest collects only test_*.py)."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from courses.access import course_outline  # noqa: E402
from courses.authoring import item_rename  # noqa: E402
from courses.models import Course, Item  # noqa: E402

setup_test_environment()
client = Client()

for line in sys.stdin:
    command, argument, *rest = line.split(maxsplit=2)
    if command == "page":  # the course page as an anonymous visitor sees it
        response = client.get(Course.objects.get(pk=int(argument)).get_absolute_url())
        answer = {"status": response.status_code, "html": response.content.decode()}
    elif command == "outline":  # the outline, with the queries it took
        with CaptureQueriesContext(connection) as queries:
            outline = course_outline(course=Course.objects.get(pk=int(argument)), enrollment=None)
        titles = [entry.item.title for module in outline.modules for entry in module.entries]
        answer = {"titles": titles, "queries": len(queries)}
    elif command == "rename":  # a trainer's edit, through the one write path
        item_rename(item=Item.objects.get(pk=int(argument)), title=rest[0].strip())
        answer = {"renamed": True}
    else:
        answer = {"error": command}
    print(json.dumps(answer), flush=True)
