"""Erasure: anonymise one person everywhere, keeping statistics and the certificate register.

``erase_user(user=..., withdraw_certificates=False)`` runs every app's declared ``erase``
callable (``privacy.registry``) in one transaction, the user row's own last, so the
others can still read the name and email they must scrub from free text. The user row
is never deleted (enrolments, attempts and certificates protect it): it becomes
"Usunięty użytkownik" with an unusable password and an address at ``.invalid``, so
every coordinator's and trainer's view shows "deleted user".

Certificates are a public register an employer relies on: by default each keeps its
frozen snapshot (name, course, date, number) as issued, under art. 17(3)(b) and (e)
GDPR, and keeps verifying. With ``withdraw_certificates`` each is revoked with the reason
"withdrawn at the holder's request" and the name in its snapshot is replaced; the
verification page then says so.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import registry

WITHDRAWN_REASON = "Wycofany na wniosek posiadacza (withdrawn at the holder's request)"


@dataclass(frozen=True)
class ErasureOptions:
    withdraw_certificates: bool = False
    by: object = None


_options: contextvars.ContextVar[ErasureOptions | None] = contextvars.ContextVar(
    "privacy_erasure_options", default=None
)


def options() -> ErasureOptions:
    """The running erasure's choices (for apps' erase callables)."""
    return _options.get() or ErasureOptions()


def is_erased(user) -> bool:
    return user.email.endswith(ERASED_DOMAIN)


ERASED_DOMAIN = "@erased.invalid"


def erased_email(user) -> str:
    return f"deleted-{user.pk}{ERASED_DOMAIN}"


def ordered_declarations() -> list[registry.PersonalData]:
    user_label = settings.AUTH_USER_MODEL
    declarations = registry.all_declarations()
    return [d for d in declarations if d.model != user_label] + [
        d for d in declarations if d.model == user_label
    ]


@transaction.atomic
def erase_user(*, user, withdraw_certificates: bool = False, by=None) -> None:
    """Anonymise ``user`` everywhere. Idempotent: erasing an erased account changes nothing."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    token = _options.set(ErasureOptions(withdraw_certificates=withdraw_certificates, by=by))
    try:
        for declaration in ordered_declarations():
            declaration.erase(user)
    finally:
        _options.reset(token)
    from .models import AccountDeletion

    AccountDeletion.objects.filter(user=user, status=AccountDeletion.Status.PENDING).update(
        status=AccountDeletion.Status.DONE, done_at=timezone.now()
    )
