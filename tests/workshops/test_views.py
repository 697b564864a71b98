"""Every workshops URL for each persona, the roll call's constant queries, bad input."""

import pytest
from django.urls import reverse

from privacy.registry import undeclared_user_relations
from tests.factories.academy import UserFactory
from workshops import booking as service
from workshops.models import Booking

from .conftest import at, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(session, learner):
    return service.booking_request(session=session, user=learner, seat="room")


def _studio_urls(workshop, session, booking):
    return [
        ("get", reverse("workshops:studio", kwargs={"pk": workshop.pk})),
        ("get", reverse("workshops:session_new", kwargs={"pk": workshop.pk})),
        ("get", reverse("workshops:session_edit", kwargs={"pk": session.pk})),
        ("get", reverse("workshops:session_bookings", kwargs={"pk": session.pk})),
        ("get", reverse("workshops:rollcall", kwargs={"pk": session.pk})),
        ("get", reverse("workshops:qr", kwargs={"pk": session.pk})),
        ("get", reverse("workshops:attendance_pdf", kwargs={"pk": session.pk})),
        ("get", reverse("workshops:attendance_xlsx", kwargs={"pk": session.pk})),
        ("get", reverse("workshops:create", kwargs={"module_id": workshop.item.module_id})),
    ]


@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("trainer", True),
        ("staff", True),
        ("learner", False),
        ("outsider", False),
        ("coordinator", False),
    ],
)
def test_studio_pages_for_each_persona(
    request, persona, allowed, workshop, session, booked, client_for
):
    client = client_for(request.getfixturevalue(persona))
    for method, url in _studio_urls(workshop, session, booked):
        response = getattr(client, method)(url)
        assert response.status_code == (200 if allowed else 404), url


def test_studio_pages_send_anonymous_people_to_sign_in(workshop, session, booked, client):
    for method, url in _studio_urls(workshop, session, booked):
        assert client.get(url).status_code == 302


def test_public_pages_for_anonymous_and_learners(workshop, session, client, client_for, learner):
    assert client.get(reverse("workshops:upcoming")).status_code == 200
    assert client.get(reverse("workshops:detail", kwargs={"pk": workshop.pk})).status_code == 200
    page = client_for(learner).get(
        reverse("workshops:upcoming"), {"voivodeship": "mazowieckie", "mode": "in_person"}
    )
    assert workshop.title in page.content.decode()
    page = client_for(learner).get(reverse("workshops:upcoming"), {"voivodeship": "slaskie"})
    assert workshop.title not in page.content.decode()
    assert (
        client_for(learner)
        .get(reverse("workshops:upcoming"), {"date_from": "nonsense", "mode": "x"})
        .status_code
        == 200
    )
    assert client_for(learner).get(reverse("workshops:calendar")).status_code == 200


def test_an_unlisted_workshop_is_a_404_for_others(workshop, client_for, outsider, trainer):
    workshop.is_listed = False
    workshop.save()
    assert (
        client_for(outsider)
        .get(reverse("workshops:detail", kwargs={"pk": workshop.pk}))
        .status_code
        == 404
    )
    assert (
        client_for(trainer).get(reverse("workshops:detail", kwargs={"pk": workshop.pk})).status_code
        == 200
    )


def test_a_learner_books_and_cancels_through_the_pages(workshop, session, client_for, learner):
    client = client_for(learner)
    response = client.post(reverse("workshops:book", kwargs={"pk": session.pk}), {"seat": "room"})
    assert response.status_code == 302
    booking = Booking.objects.get(user=learner)
    assert booking.status == Booking.Status.BOOKED
    page = client.get(reverse("workshops:detail", kwargs={"pk": workshop.pk})).content.decode()
    assert "Zarezerwowane" in page or "Booked" in page
    client.post(reverse("workshops:cancel", kwargs={"pk": booking.pk}))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_someone_else_cannot_cancel_or_claim_a_booking(booked, client_for, outsider):
    client = client_for(outsider)
    assert client.post(reverse("workshops:cancel", kwargs={"pk": booked.pk})).status_code == 404
    assert client.post(reverse("workshops:claim", kwargs={"pk": booked.pk})).status_code == 404
    assert client.post(reverse("workshops:meanwhile", kwargs={"pk": booked.pk})).status_code == 404
    release = reverse("workshops:meanwhile_release", kwargs={"pk": booked.pk})
    assert client.post(release).status_code == 404
    assert client_for(None).post(release).status_code == 302  # to sign in
    assert client.post(reverse("workshops:feedback", kwargs={"pk": booked.pk})).status_code == 404
    assert client.post(reverse("workshops:decline", kwargs={"pk": booked.pk})).status_code == 404
    assert (
        client.post(
            reverse("workshops:booking_action", kwargs={"pk": booked.pk}), {"action": "cancel"}
        ).status_code
        == 404
    )


def test_the_meeting_link_shows_only_to_booked_participants_from_24_hours_before(
    workshop, client_for, learner, outsider
):
    from datetime import timedelta

    from django.utils import timezone

    session = make_session(
        workshop,
        room=0,
        online=3,
        mode="online",
        venue_address="",
        meeting_url="https://meet.example.org/secret",
        start=timezone.now() + timedelta(hours=30),
    )
    service.booking_request(session=session, user=learner, seat="online")
    url = reverse("workshops:detail", kwargs={"pk": workshop.pk})
    assert "meet.example.org/secret" not in client_for(learner).get(url).content.decode()
    session.blocks.update(
        starts_at=timezone.now() + timedelta(hours=2), ends_at=timezone.now() + timedelta(hours=4)
    )
    type(session).objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + timedelta(hours=2), ends_at=timezone.now() + timedelta(hours=4)
    )
    assert "meet.example.org/secret" in client_for(learner).get(url).content.decode()
    assert "meet.example.org/secret" not in client_for(outsider).get(url).content.decode()


def test_a_meeting_link_must_be_https(workshop, session, client_for, trainer):
    data = {
        "title": "",
        "mode": "online",
        "online_capacity": 5,
        "room_capacity": 0,
        "meeting_url": "http://meet.example.org/x",
        "day": "2030-01-10",
        "start": "10:00",
        "end": "12:00",
    }
    response = client_for(trainer).post(
        reverse("workshops:session_new", kwargs={"pk": workshop.pk}), data
    )
    assert response.status_code == 200
    assert "https://" in response.content.decode()


def test_the_trainer_creates_a_two_day_session_in_warsaw_time(workshop, client_for, trainer):
    data = {
        "title": "Dwa dni",
        "mode": "hybrid",
        "venue_address": "ul. Długa 5, Kraków",
        "room_capacity": 10,
        "online_capacity": 20,
        "meeting_url": "https://meet.example.org/x",
        "day": "2026-10-24",
        "start": "09:00",
        "end": "16:00",
        "day2": "2026-10-25",
        "start2": "09:00",
        "end2": "16:00",
    }
    response = client_for(trainer).post(
        reverse("workshops:session_new", kwargs={"pk": workshop.pk}), data
    )
    assert response.status_code == 302
    session = workshop.sessions.get(title="Dwa dni")
    blocks = list(session.blocks.all())
    assert [b.starts_at for b in blocks] == [at(2026, 10, 24, 9, 0), at(2026, 10, 25, 9, 0)]
    assert (
        blocks[0].starts_at.utcoffset() is None or blocks[0].starts_at.astimezone().hour is not None
    )


def test_lowering_capacity_in_the_studio_shows_a_clear_message(
    workshop, session, booked, client_for, trainer
):
    data = {
        "title": "",
        "mode": "in_person",
        "venue_address": "ul. Marszałkowska 1",
        "room_capacity": 0,
        "online_capacity": 0,
        "day": "2030-01-10",
        "start": "10:00",
        "end": "12:00",
    }
    response = client_for(trainer).post(
        reverse("workshops:session_edit", kwargs={"pk": session.pk}), data
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.room_capacity == 1


def test_the_roll_call_for_many_participants_has_constant_queries(
    workshop, client_for, trainer, django_assert_max_num_queries
):
    session = make_session(workshop, room=200)
    Booking.objects.bulk_create(
        [
            Booking(session=session, user=UserFactory(), status=Booking.Status.BOOKED)
            for _ in range(200)
        ]
    )
    client = client_for(trainer)
    url = reverse("workshops:rollcall", kwargs={"pk": session.pk})
    # session, permission, the bookings with users and organisations, plus the shell's
    # session/user/notification queries; the same for 1 or 200 participants.
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count('class="rollcall-row"') == 200


def test_the_roll_call_bulk_and_confirm(workshop, session, booked, client_for, trainer):
    client = client_for(trainer)
    url = reverse("workshops:rollcall", kwargs={"pk": session.pk})
    client.post(url, {"bulk": "present"})
    booked.refresh_from_db()
    assert booked.attendance == "present"
    client.post(url, {f"mark-{booked.pk}": "absent", "confirm": "1"})
    booked.refresh_from_db()
    assert booked.status == Booking.Status.NO_SHOW


def test_exports_are_a_pdf_and_a_workbook(workshop, session, booked, client_for, trainer):
    client = client_for(trainer)
    pdf = client.get(reverse("workshops:attendance_pdf", kwargs={"pk": session.pk}))
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("workshops:attendance_xlsx", kwargs={"pk": session.pk}))
    assert xlsx.content.startswith(b"PK")


def test_cancel_session_and_message_from_the_studio(workshop, session, booked, client_for, trainer):
    client = client_for(trainer)
    client.post(
        reverse("workshops:session_message", kwargs={"pk": session.pk}), {"text": "Zmiana sali"}
    )
    client.post(
        reverse("workshops:session_cancel", kwargs={"pk": session.pk}), {"reason": "Choroba"}
    )
    booked.refresh_from_db()
    assert booked.status == Booking.Status.SESSION_CANCELLED


def test_every_user_relation_is_declared_for_privacy():
    assert undeclared_user_relations("workshops") == []


def test_privacy_export_and_erase(booked, learner):
    from privacy.registry import get

    declaration = get("workshops.Booking")
    rows = declaration.export(learner)
    assert rows[0]["status"] == Booking.Status.BOOKED
    declaration.erase(learner)
    assert not Booking.objects.filter(user=learner).exists()


def test_the_course_player_shows_the_workshop_step(
    workshop, session, enrolled, client_for, learner, trainer
):
    url = reverse(
        "courses:item", kwargs={"slug": workshop.item.course.slug, "item_id": workshop.item_id}
    )
    page = client_for(learner).get(url)
    assert page.status_code == 200
    assert reverse("workshops:detail", kwargs={"pk": workshop.pk}) in page.content.decode()
    studio = client_for(trainer).get(
        reverse("studio:outline", kwargs={"slug": workshop.item.course.slug})
    )
    assert studio.status_code == 200


def test_a_coordinator_books_a_member_and_not_an_outsider(
    workshop, session, client_for, coordinator, learner, outsider
):
    client = client_for(coordinator)
    page = client.get(reverse("workshops:detail", kwargs={"pk": workshop.pk})).content.decode()
    assert str(learner) in page and str(outsider) not in page
    url = reverse("workshops:book_for", kwargs={"pk": session.pk})
    client.post(url, {"person": outsider.pk, "seat": "room"})
    assert not Booking.objects.filter(user=outsider).exists()
    client.post(url, {"person": "x", "seat": "room"})
    client.post(url, {"person": learner.pk, "seat": "room"})
    booking = Booking.objects.get(user=learner)
    assert booking.status == Booking.Status.BOOKED and booking.events.get().actor == coordinator
    assert client_for(outsider).post(url, {"person": learner.pk, "seat": "room"}).status_code == 302


def test_a_coordinator_decides_requests_of_their_staff_only(
    workshop, session, client_for, coordinator, other_coordinator, learner
):
    from workshops.models import Workshop

    Workshop.objects.filter(pk=workshop.pk).update(approval=Workshop.Approval.COORDINATOR)
    booking = service.booking_request(session=session, user=learner, seat="room")
    assert booking.status == Booking.Status.REQUESTED
    url = reverse("workshops:requests")
    assert str(learner) not in client_for(other_coordinator).get(url).content.decode()
    assert (
        client_for(other_coordinator)
        .post(url, {"booking": booking.pk, "action": "approve"})
        .status_code
        == 404
    )
    assert (
        client_for(coordinator).post(url, {"booking": "nope", "action": "approve"}).status_code
        == 404
    )
    assert str(learner) in client_for(coordinator).get(url).content.decode()
    client_for(coordinator).post(url, {"booking": booking.pk, "action": "approve"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_a_coordinator_holds_places_from_the_workshop_page(
    workshop, session, client_for, coordinator, outsider
):
    from workshops.models import SeatHold

    url = reverse("workshops:hold", kwargs={"pk": session.pk})
    assert client_for(outsider).post(url, {"seats": "1", "seat": "room"}).status_code == 404
    client_for(coordinator).post(url, {"seats": "-1", "seat": "room"})
    client_for(coordinator).post(url, {"seats": "1", "seat": "room"})
    assert SeatHold.objects.get().seats == 1
    page = (
        client_for(outsider)
        .get(reverse("workshops:detail", kwargs={"pk": workshop.pk}))
        .content.decode()
    )
    assert "0 / 1" in page  # the held place is not free for others
    assert (
        service.booking_request(session=session, user=outsider, seat="room").status
        == Booking.Status.WAITLISTED
    )


def test_erasure_leaves_no_personal_value_in_workshops(
    organisation, trainer, coordinator, learner, course, enrolled
):
    from privacy.registry import all_declarations
    from workshops.models import AttendanceSegment, CalendarToken, Feedback, WebhookLog

    from .privacy_scenario import seed

    seed(
        learner,
        organisation=organisation,
        trainer=trainer,
        coordinator=coordinator,
        course=course,
        enrollment=enrolled,
    )
    exported = {
        d.model: d.export(learner) for d in all_declarations() if d.model.startswith("workshops.")
    }
    assert all(exported.values())
    for declaration in all_declarations():
        if declaration.model.startswith("workshops."):
            declaration.erase(learner)
    assert not Booking.objects.filter(user=learner).exists()
    assert not AttendanceSegment.objects.exists() and not Feedback.objects.exists()
    assert not CalendarToken.objects.filter(user=learner).exists()
    assert not WebhookLog.objects.filter(body__icontains=learner.email).exists()
