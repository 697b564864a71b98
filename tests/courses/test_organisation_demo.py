"""The demo coordinator's staff progress report has people at different stages."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from academy.models import User

pytestmark = pytest.mark.django_db


def test_demo_coordinator_sees_staff_at_different_stages(client_for):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    coordinator = User.objects.get(email="coordinator@academy.example")
    response = client_for(coordinator).get(reverse("organisation_progress_csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))[1:]
    people = {row[1] for row in rows}
    assert {"learner@academy.example", "clerk@academy.example"} <= people
    assert "ngo@academy.example" not in people  # another organisation
    # Someone has finished a course (a completion date), someone is part-way through.
    assert any(row[9] for row in rows)
    assert any(not row[9] and 0 < int(row[6]) < 100 for row in rows)
    html = client_for(coordinator).get(reverse("organisation_progress")).content.decode()
    assert "Tomasz Lewandowski" in html and "Anna Kowalczyk" in html
