"""Trainer forms: quiz settings, the question editor and exceptions for one learner."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Question, Quiz, Tag

MAX_CHOICES = 12


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            from django.utils import timezone

            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class QuizSettingsForm(forms.ModelForm):
    title = forms.CharField(label=_("Title"), max_length=200)

    class Meta:
        model = Quiz
        fields = [
            "introduction",
            "pass_mark",
            "attempts_allowed",
            "grading",
            "time_limit_minutes",
            "opens_at",
            "closes_at",
            "wait_minutes",
            "layout",
            "shuffle_questions",
            "shuffle_choices",
            "draw_count",
            "draw_tag",
            "feedback",
            "show_correct_answers",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].initial = self.instance.item.title if self.instance.pk else ""
        self.fields["opens_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["closes_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["draw_tag"].queryset = Tag.objects.all()
        self.order_fields(["title"])

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The quiz must close after it opens."))
        return data


class CreateQuizForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=0, max_value=100, initial=70)


class QuestionForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separate tags with commas.")
    )
    true_false_answer = forms.TypedChoiceField(
        label=_("Correct answer"),
        required=False,
        coerce=lambda v: v == "true",
        choices=[("true", _("True")), ("false", _("False"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "points",
            "general_feedback",
            "multiple_scoring",
            "ignore_case",
            "ignore_spacing",
            "ignore_diacritics",
            "numeric_answer",
            "tolerance",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "general_feedback": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, question_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_type = question_type
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())
            if question_type == Question.Type.TRUE_FALSE:
                correct = next((c for c in self.instance.choices.all() if c.is_correct), None)
                self.fields["true_false_answer"].initial = (
                    "true" if correct and correct.position == 0 else "false"
                )
        keep = {"text", "points", "general_feedback", "tags_text"}
        keep |= {
            Question.Type.MULTIPLE: {"multiple_scoring"},
            Question.Type.SHORT: {"ignore_case", "ignore_spacing", "ignore_diacritics"},
            Question.Type.NUMERIC: {"numeric_answer", "tolerance"},
            Question.Type.TRUE_FALSE: {"true_false_answer"},
        }.get(question_type, set())
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "numeric_answer" in self.fields:
            self.fields["numeric_answer"].required = True

    def clean_tags_text(self):
        return [t.strip()[:60] for t in self.cleaned_data["tags_text"].split(",") if t.strip()]


class ChoiceForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=500, required=False)
    is_correct = forms.BooleanField(label=_("Correct"), required=False)
    match_text = forms.CharField(label=_("Matching answer"), max_length=500, required=False)
    feedback = forms.CharField(label=_("Feedback for this choice"), max_length=1000, required=False)


class BaseChoiceFormSet(forms.BaseFormSet):
    question_type = ""

    def clean(self):
        if any(self.errors):
            return
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data.get("text", "").strip()]
        kind = self.question_type
        correct = sum(1 for r in rows if r.get("is_correct"))
        if kind in (Question.Type.SINGLE, Question.Type.MULTIPLE) and len(rows) < 2:
            raise ValidationError(_("Give at least two choices."))
        if kind == Question.Type.SINGLE and correct != 1:
            raise ValidationError(_("Mark exactly one choice as correct."))
        if kind == Question.Type.MULTIPLE and correct < 1:
            raise ValidationError(_("Mark at least one choice as correct."))
        if kind == Question.Type.SHORT and not rows:
            raise ValidationError(_("Give at least one accepted answer."))
        if kind == Question.Type.MATCHING and (
            len(rows) < 2 or any(not r.get("match_text", "").strip() for r in rows)
        ):
            raise ValidationError(_("Give at least two pairs, each with a matching answer."))
        if kind == Question.Type.ORDERING and len(rows) < 2:
            raise ValidationError(_("Give at least two items, in the correct order."))

    def choices(self) -> list[dict]:
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data.get("text", "").strip()]
        kind = self.question_type
        return [
            {
                "text": r["text"].strip(),
                # Accepted answers, pairs and ordered items are all "correct" by definition.
                "is_correct": True
                if kind in (Question.Type.SHORT, Question.Type.MATCHING, Question.Type.ORDERING)
                else r.get("is_correct", False),
                "match_text": r.get("match_text", "").strip()
                if kind == Question.Type.MATCHING
                else "",
                "feedback": r.get("feedback", "").strip(),
            }
            for r in rows
        ]


def choice_formset(question_type: str, *, data=None, initial=None):
    extra = 0 if question_type == Question.Type.TRUE_FALSE else 3
    formset_class = forms.formset_factory(
        ChoiceForm, formset=BaseChoiceFormSet, extra=extra, max_num=MAX_CHOICES, validate_max=True
    )
    if question_type == Question.Type.TRUE_FALSE:
        return None
    formset = formset_class(data=data, initial=initial, prefix="choice")
    formset.question_type = question_type
    return formset


class TrueFalseFeedbackForm(forms.Form):
    feedback_true = forms.CharField(
        label=_("Feedback when the learner answers “true”"), max_length=1000, required=False
    )
    feedback_false = forms.CharField(
        label=_("Feedback when the learner answers “false”"), max_length=1000, required=False
    )


class OverrideForm(forms.Form):
    email = forms.EmailField(label=_("Learner's email"))
    extra_attempts = forms.IntegerField(
        label=_("Extra attempts"), min_value=0, max_value=50, initial=1
    )
    extra_minutes = forms.IntegerField(
        label=_("Extra minutes per attempt"), min_value=0, max_value=1440, initial=0
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = (
            get_user_model()
            .objects.filter(email__iexact=email, enrollments__course=self.course)
            .first()
        )
        if user is None:
            raise ValidationError(_("Nobody with this email is enrolled in the course."))
        self.user = user
        return email


class PointsForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points in this quiz"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
