"""Who may manage workshops: a predicate for one object next to the queryset filter.

Managers of a workshop are the trainers of its course (when it is a course step), the
trainers of any of its sessions, its creator, and staff. Everyone else gets a 404."""

from __future__ import annotations

from django.db.models import Q

from .models import Booking, Session, Workshop


def manageable_workshops(user):
    if not user.is_authenticated:
        return Workshop.objects.none()
    if user.is_staff:
        return Workshop.objects.all()
    return Workshop.objects.filter(
        Q(item__course__trainers=user) | Q(sessions__trainers=user) | Q(created_by=user)
    ).distinct()


def can_manage_workshop(user, workshop: Workshop) -> bool:
    return manageable_workshops(user).filter(pk=workshop.pk).exists()


def manageable_sessions(user):
    return Session.objects.filter(workshop__in=manageable_workshops(user))


def can_manage_session(user, session: Session) -> bool:
    return manageable_sessions(user).filter(pk=session.pk).exists()


def visible_workshops(user):
    """Listed workshops, plus those the user manages or booked."""
    if not user.is_authenticated:
        return Workshop.objects.listed()
    return Workshop.objects.filter(
        Q(is_listed=True)
        | Q(pk__in=manageable_workshops(user).values("pk"))
        | Q(sessions__bookings__user=user)
    ).distinct()


def own_bookings(user):
    return Booking.objects.filter(user=user) if user.is_authenticated else Booking.objects.none()
