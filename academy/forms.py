from __future__ import annotations

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import names, services, signin_limits
from .models import Organisation, User, Voivodeship, organisation_name_key


class SignupForm(AllauthSignupForm):
    """Signup asks for what a certificate and an organisation's coordinator need."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As it should be printed on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.approved(),
        required=False,
        empty_label=_("— my organisation is not on the list —"),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    new_organisation_name = forms.CharField(
        label=_("Name of a new organisation"),
        max_length=200,
        required=False,
        help_text=_("Only if your organisation is not on the list. Staff will review it."),
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        choices=[("", "—"), *Organisation.Kind.choices],
        required=False,
    )
    new_organisation_voivodeship = forms.ChoiceField(
        label=_("Voivodeship of the new organisation"),
        choices=[("", "—"), *Voivodeship.choices],
        required=False,
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial="pl"
    )

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "organisation",
        "new_organisation_name",
        "new_organisation_kind",
        "new_organisation_voivodeship",
        "job_title",
        "preferred_language",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        self.fields["preferred_language"].initial = get_language() or "pl"

    def clean_full_name(self):
        return names.clean_full_name(self.cleaned_data["full_name"])

    def clean_new_organisation_name(self):
        name = self.cleaned_data["new_organisation_name"]
        return names.clean_printed_text(name) if name else name

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        new_name = (cleaned.get("new_organisation_name") or "").strip()
        if "organisation" in self.errors:
            return cleaned
        if organisation and new_name:
            self.add_error(
                "new_organisation_name",
                forms.ValidationError(
                    _("Either choose an organisation from the list or name a new one, not both."),
                    code="organisation_both",
                ),
            )
        elif not organisation and not new_name:
            self.add_error(
                "organisation",
                forms.ValidationError(
                    _("Choose your organisation, or name a new one below."),
                    code="organisation_missing",
                ),
            )
        elif new_name:
            if not cleaned.get("new_organisation_kind"):
                self.add_error("new_organisation_kind", _("Choose the kind of organisation."))
            if Organisation.objects.filter(
                name_key=organisation_name_key(new_name),
                voivodeship=cleaned.get("new_organisation_voivodeship") or "",
            ).exists():
                self.add_error(
                    "new_organisation_name",
                    forms.ValidationError(
                        _("This organisation already exists: choose it from the list."),
                        code="organisation_exists",
                    ),
                )
        return cleaned

    @transaction.atomic
    def save(self, request):
        # One transaction: a failure after the user row is written leaves nothing behind.
        return super().save(request)

    def signup(self, request, user: User) -> None:
        data = self.cleaned_data
        if data.get("organisation"):
            services.membership_join(user=user, organisation=data["organisation"])
        else:
            services.organisation_request(
                user=user,
                name=data["new_organisation_name"],
                kind=data["new_organisation_kind"],
                voivodeship=data.get("new_organisation_voivodeship", ""),
            )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "short_name", "job_title", "preferred_language"]
        help_texts = {
            "full_name": _(
                "Printed on certificates issued from now on. To correct a certificate already "
                "issued, ask the course's trainer to re-issue it."
            )
        }

    def clean_full_name(self):
        return names.clean_full_name(self.cleaned_data["full_name"])


class ResetPasswordForm(AllauthResetPasswordForm):
    """Password reset says plainly when an address has no account (docs/accounts.md,
    "Does an address have an account?"), so every answer counts towards a per-IP hourly
    limit; allauth's own limit counts only addresses that do have an account."""

    def clean_email(self):
        request = allauth_context.request
        if request is not None and signin_limits.lookup_over_limit(request):
            raise forms.ValidationError(
                _("Too many password reset requests from your network. Try again in an hour."),
                code="too_many_lookups",
            )
        return super().clean_email()
