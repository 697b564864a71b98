from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from workshops import booking as service
from workshops.ics import attachment, booking_ics, feed_ics
from workshops.mails import when_text
from workshops.models import Booking, CalendarToken
from workshops.reminders import reminders_send

from .conftest import at, make_session

pytestmark = pytest.mark.django_db


def _events(data):
    calendar = Calendar.from_ical(data)
    return calendar, [c for c in calendar.walk("VEVENT")]


def _invites(outbox):
    found = []
    for message in outbox:
        for name, content, mimetype in message.attachments:
            found.append((message, content.encode() if isinstance(content, str) else content))
    return found


def test_the_invitation_has_method_uid_sequence_and_the_warsaw_zone(
    session, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = service.booking_request(session=session, user=learner, seat="room")
    ((message, data),) = _invites(mail.outbox)
    calendar, (event,) = _events(data)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]).startswith(str(booking.uid))
    assert event["SEQUENCE"] == 0
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    assert event["DTSTART"].dt == session.starts_at
    assert event["DTSTART"].params["TZID"] == "Europe/Warsaw"


def test_the_uid_stays_and_the_sequence_grows_until_the_cancel(
    session, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = service.booking_request(session=session, user=learner, seat="room")
        service.booking_cancel(booking=booking, actor=learner)
    (_m1, first), (_m2, second) = _invites(mail.outbox)
    c1, (e1,) = _events(first)
    c2, (e2,) = _events(second)
    assert e1["UID"] == e2["UID"]
    assert e2["SEQUENCE"] > e1["SEQUENCE"]
    assert c2["METHOD"] == "CANCEL" and e2["STATUS"] == "CANCELLED"


@pytest.mark.parametrize(
    "start",
    [
        at(2026, 3, 29, 10, 0),
        at(2026, 10, 25, 10, 0),
        at(2026, 3, 28, 10, 0),
        at(2026, 10, 24, 10, 0),
    ],
    ids=["spring-change", "autumn-change", "day-before-spring", "day-before-autumn"],
)
def test_sessions_across_daylight_saving_keep_their_wall_clock_time(
    workshop, learner, start, settings
):
    session = make_session(workshop, start=start, hours=2)
    booking = Booking.objects.create(session=session, user=learner, status=Booking.Status.BOOKED)
    _calendar, (event,) = _events(booking_ics(booking, method="REQUEST"))
    assert (event["DTSTART"].dt.hour, event["DTSTART"].dt.minute) == (10, 0)
    assert (event["DTEND"].dt.hour, event["DTEND"].dt.minute) == (12, 0)
    assert event["DTSTART"].dt == start
    assert "10:00–12:00" in when_text(session)
    assert b"DTSTART;TZID=Europe/Warsaw:" + start.strftime("%Y%m%dT100000").encode() in booking_ics(
        booking, method="REQUEST"
    )


def test_the_attachment_keeps_the_sequence_it_was_queued_with(session, learner):
    booking = service.booking_request(session=session, user=learner, seat="room")
    Booking.objects.filter(pk=booking.pk).update(sequence=7)
    ((name, data, mimetype),) = attachment(booking_id=booking.pk, method="REQUEST", sequence=3)
    _c, (event,) = _events(data)
    assert event["SEQUENCE"] == 3 and mimetype.startswith("text/calendar")
    assert attachment(booking_id=0, method="REQUEST") == []


def test_the_feed_lists_booked_sessions_and_marks_cancelled_ones(workshop, learner):
    one = make_session(workshop, room=5)
    two = make_session(workshop, room=5, start=one.starts_at + timedelta(days=1))
    three = make_session(workshop, room=5, start=one.starts_at + timedelta(days=2))
    service.booking_request(session=one, user=learner, seat="room")
    cancelled = service.booking_request(session=two, user=learner, seat="room")
    service.booking_cancel(booking=cancelled, actor=learner)
    service.session_capacity_set(session=three, room=0, online=0)
    service.booking_request(session=three, user=learner, seat="room")  # waitlisted: not in the feed
    _c, events = _events(feed_ics(learner))
    assert sorted(str(e["STATUS"]) for e in events) == ["CANCELLED", "CONFIRMED"]


def test_the_feed_url_works_until_revoked(client_for, learner, session, client):
    service.booking_request(session=session, user=learner, seat="room")
    user_client = client_for(learner)
    user_client.post("/workshops/calendar/", {"action": "renew"})
    token = CalendarToken.objects.get(user=learner).token
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    user_client.post("/workshops/calendar/", {"action": "revoke"})
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_feed_query_count_does_not_grow_with_sessions(workshop, learner, django_assert_num_queries):
    for day in range(5):
        session = make_session(workshop, room=5, start=at(2030, 1, 10 + day, 9, 0))
        service.booking_request(session=session, user=learner, seat="room")
    # bookings with sessions and workshops; the sessions' blocks
    with django_assert_num_queries(2):
        feed_ics(learner)


def test_reminders_are_recomputed_at_send_time(
    workshop, learner, outsider, django_capture_on_commit_callbacks
):
    session = make_session(
        workshop,
        room=1,
        online=1,
        mode="hybrid",
        start=at(2030, 5, 10, 10, 0),
        meeting_url="https://meet.example.org/abc",
    )
    booked = service.booking_request(session=session, user=learner, seat="online")
    cancelled = service.booking_request(session=session, user=outsider, seat="room")
    service.booking_cancel(booking=cancelled, actor=outsider)
    mail.outbox.clear()
    assert reminders_send(now=session.starts_at - timedelta(days=7) + timedelta(minutes=5)) == 1
    assert (
        reminders_send(now=session.starts_at - timedelta(days=7) + timedelta(minutes=15)) == 0
    )  # once
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=session.starts_at - timedelta(minutes=50)) == 1
    one_hour = mail.outbox[-1].body
    assert "https://meet.example.org/abc" in one_hour and "10:00" in one_hour
    service.booking_cancel(booking=booked, actor=learner)
    assert reminders_send(now=session.starts_at - timedelta(hours=23)) == 0


def test_the_cached_feed_changes_with_every_booking_change(workshop, learner):
    from workshops.ics import feed_cached

    session = make_session(workshop, room=5)
    booking = service.booking_request(session=session, user=learner, seat="room")
    first = feed_cached(learner)
    assert feed_cached(learner) == first
    service.booking_cancel(booking=booking, actor=learner)
    _c, (event,) = _events(feed_cached(learner))
    assert event["STATUS"] == "CANCELLED"
