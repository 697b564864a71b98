from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
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
    # one row per date block: the booking, its session, workshop and block
    with django_assert_num_queries(1):
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


LINK = "https://meet.example.org/sekret-123"


@pytest.fixture
def hybrid(workshop):
    """A hybrid session with one room seat (taken by ``trainer``'s colleague) and online
    places, starting in 10 days."""
    return make_session(workshop, room=1, online=2, mode="hybrid", meeting_url=LINK)


def _mine(address):
    """(method, event) of every calendar attachment sent to ``address``, in order."""
    found = []
    for message, data in _invites(mail.outbox):
        if message.to == [address]:
            calendar, (event,) = _events(data)
            found.append((str(calendar["METHOD"]), event, data))
    return found


def _feed_event(user):
    data = feed_ics(user)
    _c, events = _events(data)
    return events, data


def test_an_online_place_while_waiting_is_an_online_invitation_then_the_room_with_the_same_uid(
    hybrid, learner, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seated = service.booking_request(session=hybrid, user=outsider, seat="room")
        waiting = service.booking_request(
            session=hybrid, user=learner, seat="room", online_meanwhile=True
        )
    assert (waiting.status, waiting.online_meanwhile) == (Booking.Status.WAITLISTED, True)
    ((method, online, data),) = _mine(learner.email)
    assert method == "REQUEST" and str(online["LOCATION"]) == "Online"
    assert LINK.encode() not in data and b"Marsza" not in data  # no link, no venue
    (listed,), feed = _feed_event(learner)
    assert listed["UID"] == online["UID"] and str(listed["LOCATION"]) == "Online"
    assert LINK.encode() not in feed

    # The room seat frees up; the offer is claimed: same UID, higher SEQUENCE, the venue.
    with django_capture_on_commit_callbacks(execute=True):
        service.booking_cancel(booking=seated, actor=outsider)
        service.booking_claim(booking=waiting, user=learner)
    method, room, data = _mine(learner.email)[-1]
    assert method == "REQUEST" and room["UID"] == online["UID"]
    assert room["SEQUENCE"] > online["SEQUENCE"]
    assert "Marszałkowska" in str(room["LOCATION"]) and LINK.encode() not in data
    (listed,), _feed = _feed_event(learner)
    assert listed["SEQUENCE"] == room["SEQUENCE"] and "Marszałkowska" in str(listed["LOCATION"])


def test_taking_the_online_place_later_sends_an_invitation_for_it(
    hybrid, learner, outsider, django_capture_on_commit_callbacks
):
    service.booking_request(session=hybrid, user=outsider, seat="room")
    with django_capture_on_commit_callbacks(execute=True):
        waiting = service.booking_request(session=hybrid, user=learner, seat="room")
    assert _mine(learner.email) == []  # waiting only: nothing for the calendar
    assert _feed_event(learner)[0] == []
    with django_capture_on_commit_callbacks(execute=True):
        service.booking_meanwhile(booking=waiting, user=learner)
    ((method, event, _data),) = _mine(learner.email)
    assert method == "REQUEST" and str(event["LOCATION"]) == "Online"
    assert event["SEQUENCE"] == 1
    assert "online" in mail.outbox[-1].subject.lower()


def test_giving_up_the_online_place_by_cancelling_sends_a_cancel_for_the_same_uid(
    hybrid, learner, outsider, django_capture_on_commit_callbacks
):
    service.booking_request(session=hybrid, user=outsider, seat="room")
    with django_capture_on_commit_callbacks(execute=True):
        waiting = service.booking_request(
            session=hybrid, user=learner, seat="room", online_meanwhile=True
        )
        service.booking_cancel(booking=waiting, actor=learner)
    (m1, invite, _d1), (m2, cancel, _d2) = _mine(learner.email)
    assert (m1, m2) == ("REQUEST", "CANCEL")
    assert cancel["UID"] == invite["UID"] and cancel["SEQUENCE"] > invite["SEQUENCE"]
    assert cancel["STATUS"] == "CANCELLED"
    (listed,), _feed = _feed_event(learner)
    assert listed["STATUS"] == "CANCELLED" and listed["SEQUENCE"] == cancel["SEQUENCE"]


def test_a_declined_room_offer_keeps_the_online_place_under_the_same_uid(
    hybrid, learner, outsider, django_capture_on_commit_callbacks
):
    seated = service.booking_request(session=hybrid, user=outsider, seat="room")
    with django_capture_on_commit_callbacks(execute=True):
        waiting = service.booking_request(
            session=hybrid, user=learner, seat="room", online_meanwhile=True
        )
        service.booking_cancel(booking=seated, actor=outsider)
        service.booking_decline_offer(booking=waiting, user=learner)
    invites = _mine(learner.email)
    assert [m for m, _e, _d in invites] == ["REQUEST", "REQUEST"]
    (_m, first, _d), (_m2, last, _d2) = invites
    assert last["UID"] == first["UID"] and last["SEQUENCE"] > first["SEQUENCE"]
    assert str(last["LOCATION"]) == "Online"
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seat) == (Booking.Status.BOOKED, "online")


def test_a_changed_session_updates_the_online_place_held_while_waiting(
    hybrid, learner, outsider, django_capture_on_commit_callbacks
):
    service.booking_request(session=hybrid, user=outsider, seat="room")
    waiting = service.booking_request(
        session=hybrid, user=learner, seat="room", online_meanwhile=True
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert service.session_changed(session=hybrid) == 2
    ((method, event, _data),) = _mine(learner.email)
    waiting.refresh_from_db()
    assert method == "REQUEST" and event["SEQUENCE"] == waiting.sequence
    assert str(event["LOCATION"]) == "Online"


def test_the_meeting_link_is_never_in_a_calendar_even_the_day_before(
    workshop, learner, django_capture_on_commit_callbacks
):
    soon = make_session(
        workshop,
        online=3,
        mode="online",
        meeting_url=LINK,
        start=(timezone.now() + timedelta(hours=3)).replace(microsecond=0),
    )
    with django_capture_on_commit_callbacks(execute=True):
        service.booking_request(session=soon, user=learner, seat="online")
    ((_method, event, data),) = _mine(learner.email)
    assert LINK.encode() not in data and LINK.encode() not in feed_ics(learner)
    assert "24" in str(event["DESCRIPTION"])  # where and when the link appears


def test_a_feed_of_50_sessions_parses_with_every_uid_sequence_time_and_text(
    workshop, learner, django_assert_num_queries
):
    from workshops.ics import _host, fold
    from workshops.models import SessionBlock

    workshop.description = "Zażółć gęślą jaźń; przecinki, średniki\\ i nowe\nlinie. " * 40
    workshop.save()
    booked = []
    for day in range(50):
        # Days around both daylight-saving changes of 2026, at 10:00 Warsaw time.
        start = at(2026, 3, 1, 10, 0) + timedelta(days=day * 5)
        session = make_session(workshop, room=5, start=start, title=f"Sesja {day}, część; „{day}”")
        booked.append(
            Booking.objects.create(
                session=session, user=learner, status=Booking.Status.BOOKED, sequence=day
            )
        )
    two_day = booked[0].session
    SessionBlock.objects.create(
        session=two_day,
        starts_at=two_day.starts_at + timedelta(days=1),
        ends_at=two_day.starts_at + timedelta(days=1, hours=3),
    )
    with django_assert_num_queries(1):
        data = feed_ics(learner)
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    calendar, events = _events(data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    assert len(events) == 51
    by_uid = {str(e["UID"]): e for e in events}
    for booking in booked:
        event = by_uid[f"{booking.uid}-1@{_host()}"]
        assert event["SEQUENCE"] == booking.sequence
        assert event["DTSTART"].params["TZID"] == "Europe/Warsaw"
        assert event["DTSTART"].dt == booking.session.starts_at
        assert (event["DTSTART"].dt.hour, event["DTEND"].dt.hour) == (10, 13)
        assert str(event["SUMMARY"]) == booking.session.title
        assert str(event["DESCRIPTION"]) == workshop.description[:2000]
    assert by_uid[f"{booked[0].uid}-2@{_host()}"]["DTSTART"].dt.day == 2
    # Folding never splits a character or an escape.
    assert fold("x" * 74 + "ż" * 3).decode() == "x" * 74 + "\r\n " + "ż" * 3
    assert fold("x" * 74 + "\\n" + "y").decode() == "x" * 74 + "\r\n \\ny"


def test_giving_up_only_the_online_place_keeps_the_room_queue_and_offers_it_on(
    hybrid, learner, outsider, client_for, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.factories.academy import UserFactory

    service.booking_request(session=hybrid, user=outsider, seat="room")
    with django_capture_on_commit_callbacks(execute=True):
        waiting = service.booking_request(
            session=hybrid, user=learner, seat="room", online_meanwhile=True
        )
    online_waiting = [
        service.booking_request(session=hybrid, user=UserFactory(), seat="online")
        for _ in range(hybrid.online_capacity)
    ]
    assert online_waiting[-1].status == Booking.Status.WAITLISTED  # the held place counts
    page = client_for(learner).get(reverse("workshops:detail", args=[hybrid.workshop_id]))
    release = reverse("workshops:meanwhile_release", kwargs={"pk": waiting.pk})
    assert release in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(learner).post(release)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seat, waiting.online_meanwhile) == (
        Booking.Status.WAITLISTED,
        "room",
        False,
    )
    (m1, invite, _d1), (m2, cancel, _d2) = _mine(learner.email)
    assert (m1, m2) == ("REQUEST", "CANCEL")
    assert cancel["UID"] == invite["UID"] and cancel["SEQUENCE"] > invite["SEQUENCE"]
    assert _feed_event(learner)[0] == []  # waiting only: out of the subscribed calendar
    # The online place freed goes to the first person waiting for one.
    online_waiting[-1].refresh_from_db()
    assert online_waiting[-1].status in (Booking.Status.OFFERED, Booking.Status.BOOKED)
    # Giving it up twice is refused with a message, and nothing changes.
    response = client_for(learner).post(release, follow=True)
    assert "Nie masz miejsca online, z którego można zrezygnować." in response.text
    waiting.refresh_from_db()
    assert (waiting.status, waiting.online_meanwhile) == (Booking.Status.WAITLISTED, False)
