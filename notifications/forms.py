from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import Channel, NotificationPreference, NotificationSettings
from .services import digest_hour_set, preference_set


def _roles(user) -> set[str]:
    from academy.permissions import is_coordinator

    roles = {"learner"}
    if user.is_trainer:
        roles.add("trainer")
    if is_coordinator(user):
        roles.add("coordinator")
    return roles


class PreferencesForm(forms.Form):
    """One choice per notification type, and the hour of the digests."""

    digest_hour = forms.TypedChoiceField(
        label=_("Send my digests at (Polish time)"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(
            NotificationPreference.objects.filter(user=user).values_list("type", "channel")
        )
        settings_row = NotificationSettings.objects.filter(user=user).first()
        self.fields["digest_hour"].initial = (
            settings_row.digest_hour if settings_row else NotificationSettings.DEFAULT_HOUR
        )
        self.type_fields = []
        roles = _roles(user)
        for notification_type in registry.all_types():
            if notification_type.audience and notification_type.audience not in roles:
                continue
            name = f"type__{notification_type.key}"
            self.fields[name] = forms.ChoiceField(
                label=notification_type.label,
                choices=Channel.choices,
                required=False,
                initial=chosen.get(notification_type.key)
                or notification_type.default_for(notification_type.audience or "learner"),
            )
            self.type_fields.append(name)

    def type_bound_fields(self):
        return [self[name] for name in self.type_fields]

    @transaction.atomic
    def save(self) -> None:
        for name in self.type_fields:
            if name in self.changed_data and self.cleaned_data[name]:
                preference_set(
                    user=self.user,
                    type_key=name.removeprefix("type__"),
                    channel=self.cleaned_data[name],
                )
        digest_hour_set(user=self.user, hour=self.cleaned_data["digest_hour"])
