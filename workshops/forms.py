"""Forms: the workshop, a session with up to two date blocks (Warsaw wall-clock time),
the upcoming filters, booking and the CSV import."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from academy.models import Voivodeship

from .models import WARSAW, Booking, Session, Workshop


def _https_by_default(field, **kwargs):
    """Addresses typed without a scheme are https (Django 6's default, stated for 5.2)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class WorkshopForm(forms.ModelForm):
    class Meta:
        formfield_callback = _https_by_default
        model = Workshop
        fields = [
            "title",
            "description",
            "voivodeship",
            "approval",
            "is_listed",
            "cancellation_hours",
            "promotion_cutoff_hours",
            "attendance_threshold",
            "rule",
            "rule_percent",
            "sessions_required",
            "materials_url",
            "recording_url",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class SessionForm(forms.ModelForm):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("Starts (Warsaw time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=_("Ends (Warsaw time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    day2 = forms.DateField(
        label=_("Second day (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start2 = forms.TimeField(
        label=_("Second day starts"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end2 = forms.TimeField(
        label=_("Second day ends"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    class Meta:
        formfield_callback = _https_by_default
        model = Session
        fields = [
            "title",
            "mode",
            "venue_address",
            "venue_room",
            "accessibility",
            "meeting_url",
            "meeting_id",
            "room_capacity",
            "online_capacity",
            "feedback_enabled",
        ]
        widgets = {"accessibility": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blocks = list(self.instance.blocks.all()) if self.instance.pk else []
        for index, block in enumerate(blocks[:2]):
            suffix = "" if index == 0 else "2"
            start, end = block.starts_at.astimezone(WARSAW), block.ends_at.astimezone(WARSAW)
            self.initial[f"day{suffix}"] = start.date()
            self.initial[f"start{suffix}"] = start.time().replace(second=0)
            self.initial[f"end{suffix}"] = end.time().replace(second=0)

    @staticmethod
    def _block(day, start, end):
        begins = datetime.combine(day, start, tzinfo=WARSAW)
        ends = datetime.combine(day, end, tzinfo=WARSAW)
        if ends <= begins:
            ends += timedelta(days=1)
        return begins, ends

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("start") and data.get("end"):
            blocks = [self._block(data["day"], data["start"], data["end"])]
            if data.get("day2"):
                if not (data.get("start2") and data.get("end2")):
                    raise ValidationError(_("Give the second day's start and end."))
                blocks.append(self._block(data["day2"], data["start2"], data["end2"]))
            data["blocks"] = blocks
        mode = data.get("mode")
        if mode in (Session.Mode.ONLINE, Session.Mode.HYBRID) and not data.get("online_capacity"):
            self.add_error("online_capacity", _("An online or hybrid session needs online places."))
        if mode in (Session.Mode.IN_PERSON, Session.Mode.HYBRID):
            if not data.get("room_capacity"):
                self.add_error("room_capacity", _("A session in a room needs places in the room."))
            if not data.get("venue_address"):
                self.add_error("venue_address", _("Give the address of the venue."))
        return data

    def session_fields(self) -> dict:
        names = (
            "title",
            "mode",
            "venue_address",
            "venue_room",
            "accessibility",
            "meeting_url",
            "meeting_id",
            "feedback_enabled",
        )
        return {name: self.cleaned_data[name] for name in names}


class UpcomingFilter(forms.Form):
    voivodeship = forms.ChoiceField(
        label=_("Voivodeship"), required=False, choices=[("", _("All"))] + list(Voivodeship.choices)
    )
    mode = forms.ChoiceField(
        label=_("Mode"), required=False, choices=[("", _("All"))] + list(Session.Mode.choices)
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class BookForm(forms.Form):
    seat = forms.ChoiceField(label=_("Place"), choices=Booking.Seat.choices)
    auto_book = forms.BooleanField(
        label=_("If I am on the waiting list, book me automatically when a place frees up"),
        required=False,
    )

    online_meanwhile = forms.BooleanField(
        label=_("If the room is full, take an online place meanwhile (hybrid sessions)"),
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Attendance report (CSV from Zoom, Teams or Jitsi)"))


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message to the participants"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the session?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
