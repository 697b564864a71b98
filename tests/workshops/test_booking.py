from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories.academy import UserFactory
from workshops import booking as service
from workshops.models import Booking, BookingEvent, Session, Workshop

from .conftest import make_session

pytestmark = pytest.mark.django_db
S = Booking.Status


def test_a_free_seat_is_booked_and_the_event_logged(session, learner):
    booking = service.booking_request(session=session, user=learner, seat="room")
    assert booking.status == S.BOOKED
    event = BookingEvent.objects.get(booking=booking)
    assert (event.old_status, event.status, event.actor) == ("", S.BOOKED, learner)


def test_a_full_session_waitlists_then_offers_the_freed_seat_to_the_first_waiting(
    session, learner, outsider
):
    first = service.booking_request(session=session, user=learner, seat="room")
    second = service.booking_request(session=session, user=outsider, seat="room")
    third = service.booking_request(session=session, user=UserFactory(), seat="room")
    assert second.status == third.status == S.WAITLISTED
    service.booking_cancel(booking=first, actor=learner)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == S.OFFERED and second.offer_expires_at > timezone.now()
    assert third.status == S.WAITLISTED
    service.booking_claim(booking=second, user=outsider)
    second.refresh_from_db()
    assert second.status == S.BOOKED


def test_auto_book_takes_the_freed_seat_without_an_offer(session, learner, outsider):
    first = service.booking_request(session=session, user=learner, seat="room")
    second = service.booking_request(session=session, user=outsider, seat="room", auto_book=True)
    service.booking_cancel(booking=first, actor=learner)
    second.refresh_from_db()
    assert second.status == S.BOOKED


def test_an_expired_offer_goes_to_the_next_person(session, learner, outsider):
    first = service.booking_request(session=session, user=learner, seat="room")
    second = service.booking_request(session=session, user=outsider, seat="room")
    third = service.booking_request(session=session, user=UserFactory(), seat="room")
    service.booking_cancel(booking=first, actor=learner)
    second.refresh_from_db()
    assert service.offers_expire(now=second.offer_expires_at + timedelta(seconds=1)) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == S.DECLINED and third.status == S.OFFERED
    with pytest.raises(service.BookingError):
        service.booking_claim(booking=second, user=outsider)


def test_the_claim_window_is_shorter_close_to_the_date(workshop):
    now = timezone.now()
    far = make_session(workshop, start=now + timedelta(days=20))
    near = make_session(workshop, start=now + timedelta(hours=20))
    assert service.claim_window(session=far, now=now) == timedelta(hours=48)
    assert service.claim_window(session=near, now=now) == timedelta(hours=1)


def test_no_promotion_after_the_cut_off(workshop, learner, outsider):
    session = make_session(workshop, room=1, start=timezone.now() + timedelta(hours=1))
    first = service.booking_request(session=session, user=learner, seat="room")
    second = service.booking_request(session=session, user=outsider, seat="room")
    service.booking_cancel(booking=first, actor=learner)
    second.refresh_from_db()
    assert second.status == S.WAITLISTED


def test_a_cancellation_after_the_deadline_is_late(workshop, learner):
    session = make_session(workshop, start=timezone.now() + timedelta(hours=10))
    booking = service.booking_request(session=session, user=learner, seat="room")
    booking = service.booking_cancel(booking=booking, actor=learner)
    assert booking.status == S.CANCELLED and booking.late_cancellation


def test_lowering_capacity_below_the_booked_count_is_refused(session, learner):
    service.booking_request(session=session, user=learner, seat="room")
    with pytest.raises(service.CapacityError) as error:
        service.session_capacity_set(session=session, room=0, online=0)
    assert "1" in error.value.message
    session.refresh_from_db()
    assert session.room_capacity == 1
    assert Booking.objects.get().status == S.BOOKED


def test_raising_capacity_offers_the_new_seats(session, learner, outsider):
    service.booking_request(session=session, user=learner, seat="room")
    waiting = service.booking_request(session=session, user=outsider, seat="room")
    service.session_capacity_set(session=session, room=2, online=0)
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED


def test_a_seat_the_session_does_not_offer_is_refused(session, learner):
    with pytest.raises(service.BookingError):
        service.booking_request(session=session, user=learner, seat="online")


def test_booking_twice_is_refused(session, learner):
    service.booking_request(session=session, user=learner, seat="room")
    with pytest.raises(service.BookingError):
        service.booking_request(session=session, user=learner, seat="room")


def test_a_cancelled_booking_can_be_booked_again_on_the_same_row(session, learner):
    booking = service.booking_request(session=session, user=learner, seat="room")
    service.booking_cancel(booking=booking, actor=learner)
    again = service.booking_request(session=session, user=learner, seat="room")
    assert again.pk == booking.pk and again.status == S.BOOKED


def test_trainer_approval_requests_then_books(session, learner, trainer):
    Workshop.objects.filter(pk=session.workshop_id).update(approval=Workshop.Approval.TRAINER)
    booking = service.booking_request(session=session, user=learner, seat="room")
    assert booking.status == S.REQUESTED
    assert service.can_decide(trainer, booking)
    booking = service.booking_decide(booking=booking, actor=trainer, approve=True)
    assert booking.status == S.BOOKED
    statuses = list(booking.events.values_list("status", flat=True))
    assert statuses == [S.REQUESTED, S.APPROVED, S.BOOKED]


def test_a_coordinator_books_their_staff_without_approval(session, learner, coordinator, outsider):
    Workshop.objects.filter(pk=session.workshop_id).update(approval=Workshop.Approval.COORDINATOR)
    booking = service.booking_request(session=session, user=learner, seat="room", actor=coordinator)
    assert booking.status == S.BOOKED
    assert not service.can_book_for(coordinator, outsider)


def test_promote_by_hand_never_oversells(session, learner, outsider, trainer):
    service.booking_request(session=session, user=learner, seat="room")
    waiting = service.booking_request(session=session, user=outsider, seat="room")
    with pytest.raises(service.CapacityError):
        service.booking_promote(booking=waiting, actor=trainer)


def test_move_first_reorders_the_queue(session, learner, outsider, trainer):
    service.booking_request(session=session, user=learner, seat="room")
    a = service.booking_request(session=session, user=outsider, seat="room")
    b = service.booking_request(session=session, user=UserFactory(), seat="room")
    service.booking_move_first(booking=b, actor=trainer)
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.waiting_since < a.waiting_since
    assert b.events.last().actor == trainer


def test_cancelling_a_session_cancels_everyone_and_sends_ics_cancel(
    session, learner, outsider, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service.booking_request(session=session, user=learner, seat="room")
        service.booking_request(session=session, user=outsider, seat="room")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert service.session_cancel(session=session, actor=trainer, reason="Choroba") == 2
    assert set(Booking.objects.values_list("status", flat=True)) == {S.SESSION_CANCELLED}
    cancels = [m for m in mail.outbox if any("METHOD:CANCEL" in _text(a[1]) for a in m.attachments)]
    assert [m.to for m in cancels] == [[learner.email]]
    assert len(mail.outbox) == 2


def test_hybrid_sessions_count_room_and_online_separately(workshop, learner, outsider):
    session = make_session(workshop, room=1, online=1, mode=Session.Mode.HYBRID)
    assert service.booking_request(session=session, user=learner, seat="room").status == S.BOOKED
    assert service.booking_request(session=session, user=outsider, seat="online").status == S.BOOKED


def _text(content) -> str:
    return content.decode() if isinstance(content, bytes) else content


def test_a_hybrid_participant_waiting_for_the_room_attends_online_meanwhile(
    workshop, learner, outsider, trainer
):
    session = make_session(workshop, room=1, online=1, mode=Session.Mode.HYBRID)
    holder = service.booking_request(session=session, user=learner, seat="room")
    waiting = service.booking_request(
        session=session, user=outsider, seat="room", online_meanwhile=True
    )
    assert waiting.status == S.WAITLISTED and waiting.online_meanwhile
    assert service.seats_taken(session) == {"room": 1, "online": 1}
    third = service.booking_request(session=session, user=UserFactory(), seat="online")
    assert third.status == S.WAITLISTED  # the online place is held meanwhile
    service.booking_cancel(booking=holder, actor=learner)
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED and waiting.online_meanwhile
    service.booking_claim(booking=waiting, user=outsider)
    waiting.refresh_from_db()
    third.refresh_from_db()
    assert (waiting.status, waiting.seat, waiting.online_meanwhile) == (S.BOOKED, "room", False)
    assert third.status == S.OFFERED  # the online place freed by the move is offered on


def test_an_expired_room_offer_keeps_the_online_place(workshop, learner, outsider):
    session = make_session(workshop, room=1, online=1, mode=Session.Mode.HYBRID)
    holder = service.booking_request(session=session, user=learner, seat="room")
    waiting = service.booking_request(session=session, user=outsider, seat="room")
    assert service.booking_meanwhile(booking=waiting, user=outsider).online_meanwhile
    service.booking_cancel(booking=holder, actor=learner)
    waiting.refresh_from_db()
    service.offers_expire(now=waiting.offer_expires_at + timedelta(seconds=1))
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seat) == (S.BOOKED, "online")


def test_online_meanwhile_needs_a_free_online_place(workshop, learner, outsider):
    session = make_session(workshop, room=1, online=0, mode=Session.Mode.HYBRID)
    service.booking_request(session=session, user=learner, seat="room")
    waiting = service.booking_request(session=session, user=outsider, seat="room")
    with pytest.raises(service.BookingError):
        service.booking_meanwhile(booking=waiting, user=outsider)


def test_a_coordinator_holds_places_for_their_organisation(
    workshop, organisation, coordinator, learner, outsider
):
    session = make_session(workshop, room=3)
    service.seat_hold_set(
        session=session, organisation=organisation, seat="room", seats=2, actor=coordinator
    )
    assert (
        service.booking_request(session=session, user=UserFactory(), seat="room").status == S.BOOKED
    )
    # The last free place went; the two held ones are not for outsiders.
    assert (
        service.booking_request(session=session, user=outsider, seat="room").status == S.WAITLISTED
    )
    # A member of the organisation takes a held place.
    assert service.booking_request(session=session, user=learner, seat="room").status == S.BOOKED
    assert service.seats_taken(session) == {"room": 3, "online": 0}
    with pytest.raises(service.CapacityError):
        service.seat_hold_set(
            session=session, organisation=organisation, seat="room", seats=3, actor=coordinator
        )
    # Releasing the unused held place offers it to the first person waiting.
    service.seat_hold_set(
        session=session, organisation=organisation, seat="room", seats=0, actor=coordinator
    )
    assert Booking.objects.get(user=outsider).status == S.OFFERED


def test_a_queued_email_describes_the_change_it_was_queued_for(session, learner, outsider):
    from workshops.mails import booking_email_send

    first = service.booking_request(session=session, user=learner, seat="room")
    second = service.booking_request(session=session, user=outsider, seat="room")
    service.booking_cancel(booking=first, actor=learner)
    second.refresh_from_db()
    service.booking_claim(booking=second, user=outsider)
    # The "offered" email composed after the claim: nothing to offer any more, no crash.
    booking_email_send(booking_id=second.pk, old=S.WAITLISTED, status=S.OFFERED, sequence=2)
    booking_email_send(booking_id=0, old="", status=S.BOOKED, sequence=0)


@pytest.mark.parametrize("earlier", [0, 5], ids=["first-booking", "after-5-bookings"])
def test_a_booking_costs_the_same_few_queries_and_only_four_under_the_lock(
    workshop, learner, earlier, django_assert_num_queries
):
    session = make_session(workshop, room=10)
    for _ in range(earlier):
        service.booking_request(session=session, user=UserFactory(), seat="room")
    # Before the transaction: the user's organisation. In it (a savepoint here): lock the
    # session; count seats, organisations' holds and the user's own booking in one query;
    # insert the booking; insert its event.
    with django_assert_num_queries(7) as captured:
        booking = service.booking_request(session=session, user=learner, seat="room")
    assert booking.status == S.BOOKED
    statements = [q["sql"].split()[0] for q in captured.captured_queries]
    assert statements == ["SELECT", "SAVEPOINT", "SELECT", "SELECT", "INSERT", "INSERT", "RELEASE"]


def test_held_places_and_a_cancelled_booking_cost_their_own_queries(
    workshop, organisation, coordinator, learner, outsider, django_assert_num_queries
):
    session = make_session(workshop, room=3)
    service.seat_hold_set(
        session=session, organisation=organisation, seat="room", seats=2, actor=coordinator
    )
    earlier = service.booking_request(session=session, user=outsider, seat="room")
    service.booking_cancel(booking=earlier, actor=outsider)
    # 7 + the holds, the seats booked against them and the cancelled booking (reused)
    with django_assert_num_queries(10):
        again = service.booking_request(session=session, user=outsider, seat="room")
    assert again.pk == earlier.pk and again.status == S.BOOKED
    # 7 + the holds (its own organisation's: nothing booked against others' to count)
    with django_assert_num_queries(8):
        member = service.booking_request(session=session, user=learner, seat="room")
    assert member.status == S.BOOKED  # a held place, free for the organisation's member
    third = service.booking_request(session=session, user=UserFactory(), seat="room")
    assert third.status == S.WAITLISTED  # the second held place stays held
