"""Demo workshops for ``seed_demo``: a hybrid "Współpraca samorządu z organizacjami
pozarządowymi" as a step of the demo course on local integration policy, with bookings
in every status, and an online workshop listed on its own. Idempotent."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from academy.models import User
from courses.models import Course, Item

from .models import WARSAW, Booking, BookingEvent, Session, Workshop
from .services import WORKSHOP, session_create, workshop_create

HYBRID = "Współpraca samorządu z organizacjami pozarządowymi"
ONLINE = "Ochrona czasowa po 2026 r. — co zmienia się dla gmin (online)"
PEOPLE = [
    "learner@academy.example",
    "ngo@academy.example",
    "official@academy.example",
    "newcomer@academy.example",
    "coordinator@academy.example",
    "staff@academy.example",
]


def _day(days: int, hour: int) -> datetime:
    day = (timezone.localtime(timezone.now(), WARSAW) + timedelta(days=days)).date()
    return datetime.combine(day, time(hour, 0), tzinfo=WARSAW)


def _ensure(workshop: Workshop, title: str, start: datetime, **fields) -> Session:
    session = workshop.sessions.filter(title=title).first()
    if session is None:
        session = session_create(
            workshop=workshop, title=title, blocks=[(start, start + timedelta(hours=3))], **fields
        )
    return session


FORUM_PARTICIPANTS = [
    ("forum1@academy.example", "Agnieszka Wójcik"),
    ("forum2@academy.example", "Marek Kaczmarek"),
    ("forum3@academy.example", "Iryna Melnyk"),
    ("forum4@academy.example", "Paweł Mazur"),
    ("forum5@academy.example", "Joanna Krawczyk"),
    ("forum6@academy.example", "Serhii Bondarenko"),
]


def _seed_forum(workshop: Workshop, common: dict) -> None:
    """A past session with six participants from the demo coordinator's office, so the
    programme report (/reports/) shows workshop attendees instead of a hidden cell (it
    hides counts of 1–4 people)."""
    from allauth.account.models import EmailAddress

    from academy.demo import DEMO_PASSWORD
    from academy.models import Membership

    office = (
        Membership.objects.filter(
            user__email="coordinator@academy.example", role=Membership.Role.COORDINATOR
        )
        .select_related("organisation")
        .first()
    )
    if office is None:
        return
    session = _ensure(
        workshop,
        "Warsztat na Forum Współpracy i Integracji",
        _day(-30, 10),
        **{**common, "room_capacity": 30},
    )
    for email, name in FORUM_PARTICIPANTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=user,
            organisation=office.organisation,
            defaults={"status": Membership.Status.APPROVED},
        )
        booking, created = Booking.objects.get_or_create(
            session=session,
            user=user,
            defaults={
                "status": Booking.Status.ATTENDED,
                "minutes": 180,
                "attendance": Booking.Attendance.PRESENT,
            },
        )
        if created:
            BookingEvent.objects.create(
                booking=booking, status=booking.status, reason="dane demonstracyjne"
            )


def seed(stdout) -> None:
    trainer = User.objects.filter(email="trainer@academy.example").first()
    course = Course.objects.filter(slug="lokalna-polityka-integracyjna").first()
    if trainer is None or course is None:
        stdout.write("Workshops: no demo trainer or course, skipped.")
        return
    workshop = Workshop.objects.filter(title=HYBRID).first()
    if workshop is None:
        item = Item.objects.filter(course=course, kind=WORKSHOP).first()
        module = course.modules.order_by("-position", "-pk").first()
        workshop = workshop_create(
            title=HYBRID,
            actor=trainer,
            module=None if item else module,
            description=(
                "Warsztat dla urzędników i organizacji: jak zawierać partnerstwa, zlecać zadania "
                "publiczne i wspólnie planować integrację na poziomie lokalnym."
            ),
            voivodeship="mazowieckie",
            approval=Workshop.Approval.NONE,
        )
        if item:
            Workshop.objects.filter(pk=workshop.pk).update(item=item)
    common = {
        "mode": Session.Mode.HYBRID,
        "venue_address": "ul. Marszałkowska 77, Warszawa",
        "venue_room": "Sala konferencyjna B (parter)",
        "accessibility": "Wejście bez progów, pętla indukcyjna, toaleta dostępna.",
        "meeting_url": "https://meet.academy.example/wspolpraca",
        "room_capacity": 3,
        "online_capacity": 2,
        "trainers": [trainer],
    }
    first = _ensure(
        workshop,
        "Dzień 1: partnerstwa lokalne",
        _day(14, 10),
        meeting_id="demo-wspolpraca-1",
        **common,
    )
    past = _ensure(
        workshop, "Spotkanie otwierające", _day(-7, 10), meeting_id="demo-wspolpraca-0", **common
    )
    users = {u.email: u for u in User.objects.filter(email__in=PEOPLE)}
    S = Booking.Status
    plan = [
        (first, "learner@academy.example", S.BOOKED, "room"),
        (first, "ngo@academy.example", S.BOOKED, "room"),
        (first, "official@academy.example", S.OFFERED, "room"),
        (first, "newcomer@academy.example", S.WAITLISTED, "room"),
        (first, "coordinator@academy.example", S.REQUESTED, "online"),
        (first, "staff@academy.example", S.CANCELLED, "online"),
        (past, "learner@academy.example", S.ATTENDED, "room"),
        (past, "ngo@academy.example", S.PARTLY, "online"),
        (past, "official@academy.example", S.NO_SHOW, "room"),
        (past, "newcomer@academy.example", S.DECLINED, "room"),
        (past, "coordinator@academy.example", S.SESSION_CANCELLED, "room"),
    ]
    for session, email, status, seat in plan:
        user = users.get(email)
        if user is None or Booking.objects.filter(session=session, user=user).exists():
            continue
        booking = Booking.objects.create(
            session=session,
            user=user,
            status=status,
            seat=seat,
            waiting_since=timezone.now() if status == S.WAITLISTED else None,
            offer_expires_at=timezone.now() + timedelta(hours=48) if status == S.OFFERED else None,
            minutes={S.ATTENDED: 180, S.PARTLY: 95}.get(status, 0),
            attendance={S.ATTENDED: "present", S.PARTLY: "partly", S.NO_SHOW: "absent"}.get(
                status, ""
            ),
        )
        BookingEvent.objects.create(booking=booking, status=status, reason="dane demonstracyjne")
    _seed_forum(workshop, common)
    online = Workshop.objects.filter(title=ONLINE).first()
    if online is None:
        online = workshop_create(
            title=ONLINE,
            actor=trainer,
            description="Webinarium o tym, co oznacza koniec ochrony czasowej dla urzędów i organizacji.",
            voivodeship="",
        )
    _ensure(
        online,
        "Webinarium",
        _day(21, 12),
        mode=Session.Mode.ONLINE,
        online_capacity=50,
        meeting_url="https://meet.academy.example/ochrona-czasowa",
        meeting_id="demo-ochrona-czasowa",
        trainers=[trainer],
    )
    stdout.write(f"Workshops: “{HYBRID}” and “{ONLINE}”.")
