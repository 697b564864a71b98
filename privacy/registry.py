"""What personal data each app holds, and how to export and erase it for one person.

Every app that stores something about a user declares it in its own ``privacy.py``
(imported by ``PrivacyConfig.ready``)::

    from privacy.registry import LegalBasis, PersonalData, register

    register(PersonalData(
        model="workshops.Booking",
        user_fields=("user", "decided_by"),   # every relation of the model to the user
        fields=("user", "note"),              # the personal values it holds
        purpose=_("Booking a seat in a live workshop"),
        legal_basis=LegalBasis.CONTRACT,
        retention=_("As long as the account exists; anonymised on erasure"),
        export=export_bookings,               # (user) -> list[dict] of JSON-ready rows
        erase=erase_bookings,                 # (user) -> None: delete or anonymise
    ))

``undeclared_user_relations()`` lists the relations to the user model that no
declaration names; the test suite fails on any, so a new app cannot forget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    # GDPR art. 6(1)
    CONSENT = "consent", _("Consent (art. 6(1)(a) GDPR)")
    CONTRACT = "contract", _("Performance of a contract (art. 6(1)(b) GDPR)")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (art. 6(1)(c) GDPR)")
    PUBLIC_TASK = "public_task", _("Public task (art. 6(1)(e) GDPR)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (art. 6(1)(f) GDPR)")


def _nothing(user) -> Any:
    return []


@dataclass(frozen=True)
class PersonalData:
    model: str
    user_fields: tuple[str, ...]
    fields: tuple[str, ...]
    purpose: Promise | str
    legal_basis: str
    retention: Promise | str
    export: Callable[[Any], Any] = _nothing
    erase: Callable[[Any], None] = _nothing

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_declarations: dict[str, PersonalData] = {}


def register(declaration: PersonalData) -> None:
    if declaration.model in _declarations and _declarations[declaration.model] != declaration:
        raise ValueError(f"personal data of {declaration.model!r} is already declared")
    _declarations[declaration.model] = declaration


def all_declarations() -> list[PersonalData]:
    return list(_declarations.values())


def get(model_label: str) -> PersonalData | None:
    return _declarations.get(model_label)


def user_relations() -> list[tuple[str, str]]:
    """(model label, field name) for every concrete relation to the user model."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is user_model:
                found.append((model._meta.label, field.name))
    return found


def undeclared_user_relations(app_label: str | None = None) -> list[str]:
    missing = []
    for label, field_name in user_relations():
        if app_label and not label.startswith(f"{app_label}."):
            continue
        declaration = _declarations.get(label)
        if declaration is None or field_name not in declaration.user_fields:
            missing.append(f"{label}.{field_name}")
    return missing
