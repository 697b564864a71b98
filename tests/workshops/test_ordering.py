"""Sessions and date blocks are listed by start time, then id, on every page, whatever
order they were created in (PostgreSQL returned a GROUP BY query's rows in another order
and showed the second day first). Run on SQLite and PostgreSQL."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from workshops import booking as service
from workshops import selectors
from workshops.models import SessionBlock

from .conftest import at, make_session

pytestmark = pytest.mark.django_db

DAYS = ["Dzień 3", "Dzień 2", "Dzień 1"]  # created in this (reverse) order


@pytest.fixture
def reversed_sessions(workshop):
    """Three sessions created last day first, and a fourth starting with day 1: the tie is
    broken by id, so it comes right after day 1."""
    sessions = {
        title: make_session(workshop, room=3, online=3, title=title, start=at(2030, 6, 3 - n, 9, 0))
        for n, title in enumerate(DAYS)
    }
    sessions["Dzień 1, grupa B"] = make_session(
        workshop, room=3, title="Dzień 1, grupa B", start=at(2030, 6, 1, 9, 0)
    )
    return sessions


EXPECTED = ["Dzień 1", "Dzień 1, grupa B", "Dzień 2", "Dzień 3"]


def _titles(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def test_the_workshop_page_lists_sessions_by_start_then_id(
    reversed_sessions, workshop, client_for, learner
):
    html = client_for(learner).get(reverse("workshops:detail", kwargs={"pk": workshop.pk}))
    assert _titles(html.content.decode(), r'<h2 id="session-\d+">([^<]+)</h2>') == EXPECTED


def test_the_studio_lists_sessions_by_start_then_id(
    reversed_sessions, workshop, client_for, trainer
):
    html = client_for(trainer).get(reverse("workshops:studio", kwargs={"pk": workshop.pk}))
    found = _titles(html.content.decode(), r'/bookings/">([^<]+)</a>')
    assert found == EXPECTED


def test_the_upcoming_list_and_the_step_list_sessions_by_start_then_id(
    reversed_sessions, workshop, learner
):
    (listed,) = selectors.upcoming(learner)
    assert [s.title for s in listed.upcoming_sessions] == EXPECTED
    assert [s.title for s in selectors.sessions_for_user(workshop, learner)] == EXPECTED


def test_the_calendar_page_lists_bookings_latest_first(
    reversed_sessions, learner, client_for, workshop
):
    for session in reversed_sessions.values():
        service.booking_request(session=session, user=learner, seat="room")
    html = client_for(learner).get(reverse("workshops:calendar")).content.decode()
    positions = [html.index(f">{title}<") for title in reversed(EXPECTED)]
    assert positions == sorted(positions)


def test_date_blocks_are_listed_by_start_whatever_order_they_were_saved_in(
    workshop, client_for, learner
):
    session = make_session(workshop, room=3, title="Dwa dni", start=at(2030, 7, 2, 9, 0))
    SessionBlock.objects.filter(session=session).delete()
    for day in (3, 2):  # the later block first
        start = at(2030, 7, day, 9, 0)
        SessionBlock.objects.create(
            session=session, starts_at=start, ends_at=start + timedelta(hours=3)
        )
    html = client_for(learner).get(reverse("workshops:detail", kwargs={"pk": workshop.pk}))
    days = re.findall(r'<time datetime="2030-07-0(\d)', html.content.decode())
    assert days == ["2", "3"]
