"""Who may download a learning-path certificate: the predicate and its queryset filter.

The holder; a coordinator of an organisation the holder is an approved member of; staff.
Views fetch through ``path_completions_downloadable_by`` so "missing" and "forbidden" are
the same 404. A withdrawn certificate (on erasure, at the holder's request) is not
downloadable by anyone; its verification page says it was withdrawn.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from academy.models import Membership
from academy.permissions import coordinated_organisations

from .models import PathCompletion


def path_completions_downloadable_by(user) -> QuerySet[PathCompletion]:
    if not user.is_authenticated:
        return PathCompletion.objects.none()
    rows = PathCompletion.objects.filter(withdrawn_at__isnull=True)
    if user.is_staff:
        return rows
    coordinated = Membership.objects.filter(
        user=OuterRef("user"),
        status=Membership.Status.APPROVED,
        organisation__in=coordinated_organisations(user),
    )
    return rows.filter(Q(user=user) | Exists(coordinated))


def can_download_path_certificate(user, completion: PathCompletion) -> bool:
    return path_completions_downloadable_by(user).filter(pk=completion.pk).exists()
