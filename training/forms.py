from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course

from .models import Assignment, Department, LearningPath, ReportSubscription


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), required=False
    )
    path = forms.ModelChoiceField(
        label=_("or a learning path"), queryset=LearningPath.objects.none(), required=False
    )
    due_on = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    scope = forms.ChoiceField(
        label=_("Assign to"), choices=Assignment.Scope.choices, widget=forms.RadioSelect
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, members, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["path"].queryset = LearningPath.objects.filter(is_published=True)
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda u: u.full_name or u.email
        self.initial.setdefault("due_on", timezone.localdate() + timedelta(days=14))
        self.initial.setdefault("scope", Assignment.Scope.ORGANISATION)

    def clean(self):
        data = super().clean()
        if bool(data.get("course")) == bool(data.get("path")):
            raise forms.ValidationError(_("Choose a course or a learning path."), code="target")
        if data.get("due_on") and data["due_on"] < timezone.localdate():
            self.add_error("due_on", _("The due date cannot be in the past."))
        scope = data.get("scope")
        if scope == Assignment.Scope.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Choose a department."))
        if scope == Assignment.Scope.MEMBERS and not data.get("members"):
            self.add_error("members", _("Choose at least one person."))
        return data


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)

    def clean_full_name(self):
        value = self.cleaned_data["full_name"].strip()
        if value.startswith(("=", "+", "-", "@")):
            raise forms.ValidationError(_("A name cannot start with = + - or @."), code="formula")
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


class ExtensionForm(forms.Form):
    due_on = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Department name"), max_length=200)


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The passwords differ."))
        if data.get("password1"):
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SubscriptionForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[("", _("Do not send"))] + list(ReportSubscription.Frequency.choices),
        required=False,
    )


class EvaluationForm(forms.Form):
    SCALE = [(i, str(i)) for i in range(1, 6)]
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the course? (1 = not at all, 5 = very)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful is it for your work? (1 = not at all, 5 = very)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (optional, anonymous in reports)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProgrammeFilterForm(forms.Form):
    by = forms.ChoiceField(label=_("Group by"), required=False)
    voivodeship = forms.ChoiceField(label=_("Voivodeship"), required=False)
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.none(), required=False
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        from academy.models import Organisation, Voivodeship

        from .programme import DIMENSIONS

        super().__init__(*args, **kwargs)
        self.fields["by"].choices = list(DIMENSIONS.items())
        self.fields["voivodeship"].choices = [("", _("All"))] + list(Voivodeship.choices)
        self.fields["kind"].choices = [("", _("All"))] + list(Organisation.Kind.choices)
        self.fields["course"].queryset = Course.objects.published().order_by("title")
