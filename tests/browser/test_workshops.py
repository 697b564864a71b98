"""Acceptance: a trainer creates a hybrid workshop with two sessions; a learner books and
gets the invitation; a second learner is waitlisted, is offered the seat when the first
cancels (who gets a METHOD:CANCEL) and claims it; the trainer takes attendance on a phone
and imports an online attendance webhook; the step completes and the certificate is issued."""

import json
from datetime import timedelta
from urllib.request import Request, urlopen

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import ItemProgress
from tests.browser.conftest import assert_accessible, resize
from tests.factories.academy import UserFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory, ModuleFactory
from workshops import attendance
from workshops import booking as service
from workshops.models import WARSAW, Booking, Session, Workshop

pytestmark = pytest.mark.django_db(transaction=True)


def _calendars(address):
    found = []
    for message in mail.outbox:
        if message.to != [address]:
            continue
        for _name, content, _mimetype in message.attachments:
            data = content.encode() if isinstance(content, str) else content
            found.append(Calendar.from_ical(data))
    return found


def test_hybrid_workshop_from_creation_to_certificate(page, sign_in, live_server):
    trainer = UserFactory(email="trenerka@example.org", full_name="Teresa Trenerka", trainer=True)
    first = UserFactory(email="anna@example.org", full_name="Anna Nowak")
    second = UserFactory(email="olena@example.org", full_name="Olena Szewczenko")
    online = UserFactory(email="piotr@example.org", full_name="Piotr Zdalny")
    course = CourseFactory(title="Współpraca z organizacjami", trainers=[trainer])
    module = ModuleFactory(course=course, title="Warsztaty")
    enrollment = EnrollmentFactory(user=second, course=course)
    EnrollmentFactory(user=online, course=course)
    day = (timezone.localtime(timezone.now(), WARSAW) + timedelta(days=20)).date()

    # The trainer creates the workshop and two sessions.
    sign_in(trainer)
    page.goto(reverse("workshops:create", kwargs={"module_id": module.pk}))
    assert_accessible(page)
    page.locator("#id_title").fill("Współpraca samorządu z NGO")
    page.locator("#id_voivodeship").select_option("mazowieckie")
    page.get_by_role("button", name="Utwórz warsztat").click()
    page.wait_for_url("**/sessions/new/")
    assert_accessible(page)
    for number, room in ((1, "1"), (2, "5")):
        if number == 2:
            page.goto(reverse("workshops:session_new", kwargs={"pk": Workshop.objects.get().pk}))
        page.locator("#id_title").fill(f"Dzień {number}")
        page.locator("#id_mode").select_option("hybrid")
        page.locator("#id_venue_address").fill("ul. Marszałkowska 77, Warszawa")
        page.locator("#id_meeting_url").fill("https://meet.example.org/ngo")
        page.locator("#id_meeting_id").fill(f"bbb-{number}")
        page.locator("#id_room_capacity").fill(room)
        page.locator("#id_online_capacity").fill("5")
        page.locator("#id_day").fill((day + timedelta(days=number - 1)).isoformat())
        page.locator("#id_start").fill("10:00")
        page.locator("#id_end").fill("13:00")
        page.get_by_role("button", name="Zapisz sesję").click()
        page.wait_for_url("**/bookings/")
    assert_accessible(page)
    workshop = Workshop.objects.get()
    session = Session.objects.get(title="Dzień 1")
    assert session.blocks.get().starts_at.astimezone(WARSAW).hour == 10

    # The first learner books the last room seat and receives the invitation.
    sign_in(first)
    page.goto(reverse("workshops:detail", kwargs={"pk": workshop.pk}))
    assert_accessible(page)
    card = page.get_by_role("region", name="Dzień 1")
    card.get_by_label("Na sali", exact=True).check()
    card.get_by_role("button", name="Zarezerwuj").click()
    expect(page.get_by_text("Miejsce zarezerwowane.")).to_be_visible()
    (invite,) = _calendars(first.email)
    (event,) = invite.walk("VEVENT")
    booking = Booking.objects.get(user=first)
    assert invite["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
    assert str(event["UID"]).startswith(str(booking.uid))
    assert event["DTSTART"].dt.astimezone(WARSAW).hour == 10
    assert event["DTEND"].dt.astimezone(WARSAW).hour == 13

    # The second learner is waitlisted.
    sign_in(second)
    page.goto(reverse("workshops:detail", kwargs={"pk": workshop.pk}))
    card = page.get_by_role("region", name="Dzień 1")
    card.get_by_label("Na sali", exact=True).check()
    card.get_by_role("button", name="Zarezerwuj").click()
    expect(page.get_by_text("jesteś na liście rezerwowej")).to_be_visible()
    assert_accessible(page)

    # The first cancels: a CANCEL with the same UID and a higher SEQUENCE goes to them.
    sign_in(first)
    page.goto(reverse("workshops:detail", kwargs={"pk": workshop.pk}))
    page.get_by_role("button", name="Anuluj moją rezerwację").click()
    expect(page.get_by_text("Rezerwacja anulowana.")).to_be_visible()
    cancel = _calendars(first.email)[-1]
    (cancelled,) = cancel.walk("VEVENT")
    assert cancel["METHOD"] == "CANCEL" and cancelled["UID"] == event["UID"]
    assert cancelled["SEQUENCE"] > event["SEQUENCE"]

    # The second learner is offered the seat and claims it.
    sign_in(second)
    page.goto(reverse("workshops:detail", kwargs={"pk": workshop.pk}))
    assert_accessible(page)
    page.get_by_role("button", name="Przyjmij miejsce").click()
    expect(page.get_by_text("Miejsce jest Twoje.")).to_be_visible()
    assert Booking.objects.get(user=second).status == Booking.Status.BOOKED
    assert _calendars(second.email)[-1]["METHOD"] == "REQUEST"

    # Someone online (booked through the service), then the meeting platform's webhook.
    service.booking_request(session=session, user=online, seat="online")
    block = session.blocks.get()
    events = [
        {
            "data": {
                "id": kind,
                "attributes": {
                    "meeting": {"external-meeting-id": "bbb-1"},
                    "user": {"external-user-id": online.email},
                },
                "event": {"ts": int(at.timestamp() * 1000)},
            }
        }
        for kind, at in (("user-joined", block.starts_at), ("user-left", block.ends_at))
    ]
    body = json.dumps(events).encode()
    stamp = str(int(timezone.now().timestamp()))
    request = Request(
        live_server.url + reverse("workshops:webhook"),
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Academy-Timestamp": stamp,
            "X-Academy-Signature": attendance.webhook_sign(body, stamp),
        },
    )
    with urlopen(request) as response:  # noqa: S310 - the test's own live server
        assert json.loads(response.read())["accepted"]

    # The trainer takes attendance on a phone and confirms with one click.
    sign_in(trainer)
    resize(page, {"width": 360, "height": 740})
    page.goto(reverse("workshops:rollcall", kwargs={"pk": session.pk}))
    assert_accessible(page)
    row = page.locator(".rollcall-row", has_text="Olena Szewczenko")
    row.get_by_label("Obecny", exact=True).check()
    assert (
        page.locator(".rollcall-row", has_text="Piotr Zdalny")
        .get_by_label("Obecny", exact=True)
        .is_checked()
    )
    page.get_by_role("button", name="Zapisz i potwierdź obecność").click()
    expect(page.get_by_text("Obecność potwierdzona.")).to_be_visible()
    assert_accessible(page)

    assert Booking.objects.get(user=second).status == Booking.Status.ATTENDED
    assert Booking.objects.get(user=online).status == Booking.Status.ATTENDED
    progress = ItemProgress.objects.get(enrollment=enrollment, item=workshop.item)
    assert progress.state == ItemProgress.State.COMPLETED
    assert Certificate.objects.filter(user=second).exists()
    assert Certificate.objects.filter(user=online).exists()


def test_upcoming_workshops_in_english(page, sign_in):
    trainer = UserFactory(email="trainer-en@example.org", trainer=True)
    reader = UserFactory(email="reader@example.org", full_name="Reader", preferred_language="en")
    workshop = Workshop.objects.create(
        title="Working with interpreters", voivodeship="malopolskie", created_by=trainer
    )
    start = timezone.now() + timedelta(days=5)
    from workshops.services import session_create

    session_create(
        workshop=workshop,
        blocks=[(start, start + timedelta(hours=2))],
        mode="online",
        online_capacity=10,
    )
    sign_in(reader)
    page.goto(reverse("workshops:upcoming"))
    expect(page.get_by_role("heading", name="Upcoming workshops")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Working with interpreters").click()
    expect(page.get_by_role("button", name="Book")).to_be_visible()
    assert_accessible(page)
    page.goto(reverse("workshops:calendar"))
    page.get_by_role("button", name="Create my calendar address").click()
    assert page.get_by_label("Calendar address (keep it private)").input_value().endswith(".ics")
    assert_accessible(page)
