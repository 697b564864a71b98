import json
from datetime import timedelta

import pytest

from certificates.models import Certificate
from courses.models import ItemProgress
from workshops import attendance
from workshops import booking as service
from workshops.models import AttendanceSegment, Booking, Session, WebhookLog, Workshop

from .conftest import at, make_session

pytestmark = pytest.mark.django_db
A = Booking.Attendance


@pytest.fixture
def online(workshop):
    return make_session(
        workshop,
        room=0,
        online=5,
        mode=Session.Mode.ONLINE,
        start=at(2030, 3, 5, 10, 0),
        hours=2,
        meeting_id="bbb-42",
        venue_address="",
    )


def _post(body: dict, *, when, ts=None, secret_ok=True):
    raw = json.dumps(body).encode()
    ts = str(int(when.timestamp())) if ts is None else ts
    signature = attendance.webhook_sign(raw, ts) if secret_ok else "sha256=" + "0" * 64
    return attendance.webhook_receive(body=raw, signature=signature, timestamp=ts, now=when), raw


def _event(kind, user, when, meeting="bbb-42"):
    return {
        "data": {
            "id": kind,
            "attributes": {
                "meeting": {"external-meeting-id": meeting},
                "user": {"external-user-id": str(user)},
            },
            "event": {"ts": int(when.timestamp() * 1000)},
        }
    }


def test_segments_are_merged_and_clipped_to_the_blocks(online):
    blocks = list(online.blocks.all())
    start = blocks[0].starts_at
    segments = [
        AttendanceSegment(
            joined_at=start - timedelta(minutes=10), left_at=start + timedelta(minutes=30)
        ),
        AttendanceSegment(
            joined_at=start + timedelta(minutes=20), left_at=start + timedelta(minutes=60)
        ),
        AttendanceSegment(
            joined_at=start + timedelta(minutes=100), left_at=start + timedelta(minutes=200)
        ),
    ]
    assert attendance.merged_minutes(segments, blocks) == 60 + 20
    assert attendance.propose(minutes=96, scheduled=120, threshold=80) == A.PRESENT
    assert attendance.propose(minutes=95, scheduled=120, threshold=80) == A.PARTLY
    assert attendance.propose(minutes=0, scheduled=120, threshold=80) == A.ABSENT


def test_the_webhook_records_join_and_leave_and_proposes_a_status(online, learner):
    booking = service.booking_request(
        session=online, user=learner, seat="online", now=at(2030, 3, 1, 9, 0)
    )
    start = online.starts_at
    (ok, reason), _raw = _post([_event("user-joined", learner.pk, start)], when=start)
    assert ok, reason
    (ok, reason), _raw = _post(
        [_event("user-left", learner.email, start + timedelta(minutes=110))],
        when=start + timedelta(minutes=110),
    )
    assert ok, reason
    booking.refresh_from_db()
    assert (booking.minutes, booking.proposed) == (110, A.PRESENT)
    assert WebhookLog.objects.filter(accepted=True).count() == 2


def test_a_bad_signature_a_replay_a_stale_or_unknown_meeting_are_refused_and_logged(
    online, learner
):
    service.booking_request(session=online, user=learner, seat="online", now=at(2030, 3, 1, 9, 0))
    start = online.starts_at
    (ok, reason), _ = _post([_event("user-joined", learner.pk, start)], when=start, secret_ok=False)
    assert (ok, reason) == (False, "bad signature")
    body = [_event("user-joined", learner.pk, start)]
    raw = json.dumps(body).encode()
    ts = str(int(start.timestamp()))
    assert attendance.webhook_receive(
        body=raw, signature=attendance.webhook_sign(raw, ts), timestamp=ts, now=start
    )[0]
    assert attendance.webhook_receive(
        body=raw, signature=attendance.webhook_sign(raw, ts), timestamp=ts, now=start
    ) == (False, "replayed")
    (ok, reason), _ = _post(
        body, when=start + timedelta(hours=1), ts=str(int(start.timestamp()) - 1)
    )
    assert reason == "stale timestamp"
    (ok, reason), _ = _post([_event("user-joined", learner.pk, start, meeting="nope")], when=start)
    assert (ok, reason) == (False, "unknown meeting")
    assert AttendanceSegment.objects.count() == 1
    assert set(WebhookLog.objects.filter(accepted=False).values_list("reason", flat=True)) == {
        "bad signature",
        "replayed",
        "stale timestamp",
        "unknown meeting",
    }


def test_the_webhook_endpoint_answers_with_status_codes(client, online, learner):
    service.booking_request(session=online, user=learner, seat="online", now=at(2030, 3, 1, 9, 0))
    response = client.post(
        "/workshops/webhooks/meetings/",
        data=b"{}",
        content_type="application/json",
        headers={"X-Academy-Signature": "sha256=00", "X-Academy-Timestamp": "1"},
    )
    assert response.status_code == 403


def test_a_zoom_csv_is_imported(online, learner):
    booking = service.booking_request(
        session=online, user=learner, seat="online", now=at(2030, 3, 1, 9, 0)
    )
    data = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        f"Łucja,{learner.email.upper()},03/05/2030 10:00:00 AM,03/05/2030 10:50:00 AM,50\n"
        f"Łucja,{learner.email},03/05/2030 10:45:00 AM,03/05/2030 11:30:00 AM,45\n"
        "Ktoś,nobody@example.org,03/05/2030 10:00:00 AM,03/05/2030 11:00:00 AM,60\n"
        "broken,row\n"
    ).encode()
    result = attendance.csv_import(session=online, data=data, actor=None)
    assert (
        result["imported"] == 2
        and result["unknown"] == ["nobody@example.org"]
        and result["skipped"] == 1
    )
    booking.refresh_from_db()
    assert (booking.minutes, booking.proposed) == (90, A.PARTLY)


def test_a_csv_without_the_columns_is_refused(online):
    with pytest.raises(attendance.AttendanceError):
        attendance.csv_import(session=online, data=b"a,b\n1,2\n", actor=None)


def test_qr_check_in_only_during_the_session_and_only_for_the_booked(workshop, learner, outsider):
    session = make_session(workshop, room=5, start=at(2030, 6, 1, 10, 0), hours=2)
    service.booking_request(session=session, user=learner, seat="room", now=at(2030, 5, 1, 9, 0))
    during = session.starts_at + timedelta(minutes=5)
    token = attendance.checkin_token(session, now=during)
    with pytest.raises(attendance.AttendanceError) as error:
        attendance.checkin(token=token, user=outsider, now=during)
    assert error.value.code == "not_booked"
    with pytest.raises(attendance.AttendanceError) as error:
        attendance.checkin(token=token + "x", user=learner, now=during)
    assert error.value.code == "bad"
    with pytest.raises(attendance.AttendanceError):
        attendance.checkin(token="abc", user=learner, now=during)


def test_qr_check_in_marks_present(workshop, learner):
    session = make_session(workshop, room=5, start=at(2020, 6, 1, 10, 0), hours=2)
    booking = Booking.objects.create(session=session, user=learner, status=Booking.Status.BOOKED)
    from django.utils import timezone

    # A code made just now, during a session running now.
    session.blocks.update(
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    token = attendance.checkin_token(session)
    attendance.checkin(token=token, user=learner)
    booking.refresh_from_db()
    assert booking.attendance == A.PRESENT
    # After the session the same code is refused.
    session.blocks.update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(attendance.AttendanceError):
        attendance.checkin(token=attendance.checkin_token(session), user=learner)


def test_an_old_qr_code_is_refused(workshop, learner):
    from django.core import signing
    from django.utils import timezone

    session = make_session(workshop, room=5, start=at(2020, 6, 1, 10, 0), hours=2)
    Booking.objects.create(session=session, user=learner, status=Booking.Status.BOOKED)
    session.blocks.update(
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    # A code signed ten minutes ago (a photo passed around) has expired.
    expired = signing.TimestampSigner(salt=f"{attendance.QR_SALT}:{session.checkin_key}")
    expired.timestamp = lambda: signing.b62_encode(int(timezone.now().timestamp()) - 600)
    with pytest.raises(attendance.AttendanceError) as error:
        attendance.checkin(token=expired.sign(f"{session.pk}.1"), user=learner)
    assert error.value.code == "expired"


def test_confirming_attendance_completes_the_step_and_issues_the_certificate(
    workshop, learner, trainer, enrolled, django_capture_on_commit_callbacks
):
    session = make_session(workshop, room=5, start=at(2030, 6, 1, 10, 0), hours=2)
    booking = service.booking_request(
        session=session, user=learner, seat="room", now=at(2030, 5, 1, 9, 0)
    )
    attendance.rollcall_set(session=session, marks={booking.pk: A.PRESENT}, actor=trainer)
    with django_capture_on_commit_callbacks(execute=True):
        assert attendance.attendance_confirm(session=session, actor=trainer) == 1
    booking.refresh_from_db()
    assert booking.status == Booking.Status.ATTENDED
    progress = ItemProgress.objects.get(enrollment=enrolled, item=workshop.item)
    assert progress.state == ItemProgress.State.COMPLETED
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None
    assert Certificate.objects.filter(user=learner).exists()


def test_partly_does_not_complete_an_attended_rule_but_does_a_partly_rule(
    workshop, learner, trainer, enrolled
):
    session = make_session(workshop, room=5, start=at(2030, 6, 1, 10, 0), hours=2)
    booking = service.booking_request(
        session=session, user=learner, seat="room", now=at(2030, 5, 1, 9, 0)
    )
    attendance.rollcall_set(session=session, marks={booking.pk: A.PARTLY}, actor=trainer)
    attendance.attendance_confirm(session=session, actor=trainer)
    assert not ItemProgress.objects.filter(
        item=workshop.item, state=ItemProgress.State.COMPLETED
    ).exists()
    Workshop.objects.filter(pk=workshop.pk).update(rule=Workshop.Rule.PARTLY)
    workshop.refresh_from_db()
    assert attendance.workshop_completion_check(workshop=workshop, user=learner)


def test_the_percent_rule_counts_minutes_for_m_of_k_sessions(workshop, learner, trainer, enrolled):
    Workshop.objects.filter(pk=workshop.pk).update(
        rule=Workshop.Rule.PERCENT, rule_percent=50, sessions_required=2
    )
    workshop.refresh_from_db()
    sessions = [
        make_session(workshop, room=5, start=at(2030, 6, d, 10, 0), hours=2) for d in (1, 2)
    ]
    bookings = [
        service.booking_request(session=s, user=learner, seat="room", now=at(2030, 5, 1, 9, 0))
        for s in sessions
    ]
    Booking.objects.filter(pk=bookings[0].pk).update(status=Booking.Status.PARTLY, minutes=70)
    assert not attendance.workshop_completion_check(workshop=workshop, user=learner)
    Booking.objects.filter(pk=bookings[1].pk).update(status=Booking.Status.PARTLY, minutes=60)
    assert attendance.workshop_completion_check(workshop=workshop, user=learner)
    assert attendance.cpd_minutes(learner) == 130
