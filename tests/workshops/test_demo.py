import io

import pytest
from django.core.management import call_command

from workshops.demo import HYBRID, ONLINE
from workshops.models import Booking, Session, Workshop

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_hybrid_workshop_with_bookings_in_every_status_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Workshop.objects.count(), Session.objects.count(), Booking.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Workshop.objects.count(), Session.objects.count(), Booking.objects.count()) == counts
    hybrid = Workshop.objects.get(title=HYBRID)
    assert hybrid.item is not None and hybrid.item.kind == "workshop"
    assert hybrid.sessions.filter(mode=Session.Mode.HYBRID).exists()
    statuses = set(
        Booking.objects.filter(session__workshop=hybrid).values_list("status", flat=True)
    )
    assert statuses == set(Booking.Status.values) - {
        Booking.Status.APPROVED
    }  # approval is a step, never a resting state
    assert Workshop.objects.get(title=ONLINE).sessions.get().mode == Session.Mode.ONLINE
