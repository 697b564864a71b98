"""Attended workshops on the training record (training.record)."""

import pytest
from django.utils.translation import override

from training.record import collect
from workshops import attendance, booking
from workshops.models import Booking

pytestmark = pytest.mark.django_db


def test_an_attended_session_is_on_the_training_record(
    session, enrolled, learner, trainer, outsider
):
    mine = booking.booking_request(session=session, user=learner, seat=Booking.Seat.ROOM)
    assert mine.status == Booking.Status.BOOKED
    attendance.rollcall_set(session=session, marks={mine.pk: "present"}, actor=trainer)
    attendance.attendance_confirm(session=session, actor=trainer)
    assert Booking.objects.get(pk=mine.pk).status == Booking.Status.ATTENDED
    with override("en"):
        sections = dict(collect(learner))
        nobody = dict(collect(outsider))
    assert [row.title for row in sections["Workshops attended"]] == ["Warsztat: współpraca"]
    assert sections["Workshops attended"][0].completed_on == session.starts_at.date()
    assert nobody["Workshops attended"] == []
