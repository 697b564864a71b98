"""The coordinator's forms: the progress report's filters and "enrol staff"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors_organisation import enrollable_courses


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class OrganisationEnrolForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=enrollable_courses(),
        empty_label=_("Choose a course"),
        error_messages={
            "required": _("Choose a course."),
            "invalid_choice": _(
                "This course is not open for enrolment. Choose a published course from the list."
            ),
        },
    )
    select_all = forms.BooleanField(label=_("Everyone listed below"), required=False)
    members = MemberChoiceField(
        label=_("People"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose only approved members of your organisation."),
            "invalid_pk_value": _("Choose only approved members of your organisation."),
        },
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        # Evaluated now, while the view still knows who may be listed.
        self.fields["course"].queryset = enrollable_courses()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("select_all"):
            cleaned["members"] = list(self.fields["members"].queryset)
        else:
            cleaned["members"] = list(cleaned.get("members") or [])
        if not cleaned["members"]:
            raise forms.ValidationError(
                _("Choose at least one person to enrol."), code="no_members"
            )
        return cleaned


class ReportFilterForm(forms.Form):
    """The progress report's filters (GET). Lenient, as a shared link must be: a course
    outside the report's scope, an unknown state or a malformed value is ignored rather
    than answered with an error, and the search is cut to 100 characters."""

    course = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(required=False)
    q = forms.CharField(required=False)

    def __init__(self, data, *, courses, states):
        super().__init__(data)
        self.courses = {course.pk: course for course in courses}
        self.fields["course"].choices = [("", ""), *((pk, pk) for pk in self.courses)]
        self.fields["state"].choices = [("", ""), *((state, state) for state in states)]

    def filters(self) -> tuple:
        """(course or None, state or "", search text)."""
        self.is_valid()
        values = self.cleaned_data
        course = self.courses.get(values.get("course")) if "course" in values else None
        return course, values.get("state") or "", (values.get("q") or "")[:100]
