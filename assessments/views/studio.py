"""Trainer views: quiz settings, the question editor, the bank, results and analysis.

Every view fetches through ``permissions.editable_quizzes`` / ``editable_questions``,
so a quiz of a course the user does not teach is a 404, the same as a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from academy import safe_input
from academy.csv_stream import csv_lines, safe_cell
from academy.htmx import wants_partial
from courses.permissions import editable_modules

from .. import services
from ..answers import matching_options_key
from ..forms import (
    CreateQuizForm,
    OverrideForm,
    PointsForm,
    QuestionForm,
    QuizSettingsForm,
    TrueFalseFeedbackForm,
    choice_formset,
)
from ..models import Attempt, Question, Quiz, QuizQuestion, Tag
from ..permissions import (
    bank_questions,
    can_author_questions,
    editable_questions,
    editable_quizzes,
)
from ..presentation import shown_questions
from ..selectors import (
    MIN_ATTEMPTS_FOR_DISCRIMINATION,
    bank_search,
    item_analysis,
    learner_grades,
    learner_results,
    question_data,
    quiz_questions,
)


def _quiz(request, item_id) -> Quiz:
    return get_object_or_404(editable_quizzes(request.user), item_id=item_id)


@require_http_methods(["GET", "POST"])
def quiz_new(request: HttpRequest, module_id: int) -> HttpResponse:
    module = get_object_or_404(
        editable_modules(request.user).select_related("course"), pk=module_id
    )
    form = CreateQuizForm(
        request.POST or None, initial={"title": request.GET.get("title", "")[:200]}
    )
    if request.method == "POST" and form.is_valid():
        quiz = services.quiz_create(
            module=module,
            title=form.cleaned_data["title"],
            pass_mark=form.cleaned_data["pass_mark"],
        )
        messages.success(request, _("Quiz created. Now add its questions."))
        return redirect("assessments:edit", item_id=quiz.item_id)
    return render(request, "assessments/studio/create.html", {"form": form, "module": module})


def _edit_context(quiz: Quiz, form=None) -> dict:
    placements = list(quiz_questions(quiz))
    return {
        "quiz": quiz,
        "item": quiz.item,
        "course": quiz.item.course,
        "placements": placements,
        "form": form or QuizSettingsForm(instance=quiz),
        "types": Question.Type.choices,
        "total_points": sum((p.effective_points for p in placements), 0),
    }


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def quiz_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    form = QuizSettingsForm(request.POST or None, instance=quiz)
    if request.method == "POST":
        if form.is_valid():
            services.quiz_update(form=form)
            messages.success(request, _("Quiz settings saved."))
            return redirect("assessments:edit", item_id=item_id)
        messages.error(request, _("Please correct the errors below."))
    template = "assessments/studio/edit.html"
    if wants_partial(request):
        template += "#placements"
    return render(request, template, _edit_context(quiz, form))


def _question_forms(question_type: str, data=None, question: Question | None = None):
    form = QuestionForm(
        data, instance=question or Question(type=question_type), question_type=question_type
    )
    initial = None
    if question is not None and question.pk:
        initial = [
            {
                "text": c.text,
                "is_correct": c.is_correct,
                "match_text": c.match_text,
                "feedback": c.feedback,
            }
            for c in question.choices.all()
        ]
    formset = choice_formset(question_type, data=data, initial=initial)
    tf_form = None
    if question_type == Question.Type.TRUE_FALSE:
        tf_initial = {}
        if question is not None and question.pk:
            choices = list(question.choices.all())
            tf_initial = {
                "feedback_true": choices[0].feedback if choices else "",
                "feedback_false": choices[1].feedback if len(choices) > 1 else "",
            }
        tf_form = TrueFalseFeedbackForm(data, initial=tf_initial)
    return form, formset, tf_form


def _save_question(request, quiz, form, formset, tf_form, question_type):
    """Validate the editor and save. Returns the question or None (errors on the forms)."""
    valid = (
        form.is_valid()
        & (formset is None or formset.is_valid())
        & (tf_form is None or tf_form.is_valid())
    )
    if not valid:
        return None
    question = form.save(commit=False)
    question.type = question_type
    if not question.owner_id:
        question.owner = request.user
    if question_type == Question.Type.TRUE_FALSE:
        answer = form.cleaned_data.get("true_false_answer")
        if answer is None or answer == "":
            form.add_error("true_false_answer", _("Choose the correct answer."))
            return None
        # The labels are content: write them in the course's language, not the editor's.
        with translation.override(quiz.item.course.language):
            choices = [
                {
                    "text": _("True"),
                    "is_correct": answer is True,
                    "feedback": tf_form.cleaned_data["feedback_true"],
                },
                {
                    "text": _("False"),
                    "is_correct": answer is False,
                    "feedback": tf_form.cleaned_data["feedback_false"],
                },
            ]
    else:
        choices = formset.choices()
    try:
        return services.question_save(
            question=question, choices=choices, tags=form.cleaned_data["tags_text"], quiz=quiz
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _editor_context(quiz, question, question_type, form, formset, tf_form):
    preview = None
    if question is not None and question.pk:
        preview = _preview_questions(quiz, [question])
    return {
        "quiz": quiz,
        "item": quiz.item,
        "question": question,
        "question_type": question_type,
        "type_label": dict(Question.Type.choices).get(question_type, ""),
        "form": form,
        "formset": formset,
        "tf_form": tf_form,
        "preview": preview,
    }


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def question_new(request: HttpRequest, item_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    question_type = request.POST.get("type") or request.GET.get("type")
    if question_type not in Question.Type.values:
        return render(
            request,
            "assessments/studio/question_type.html",
            {"quiz": quiz, "item": quiz.item, "types": Question.Type.choices},
        )
    form, formset, tf_form = _question_forms(question_type, request.POST or None)
    if request.method == "POST":
        question = _save_question(request, quiz, form, formset, tf_form, question_type)
        if question is not None:
            messages.success(request, _("Question added."))
            return redirect("assessments:edit", item_id=item_id)
    template = "assessments/studio/question_form.html"
    if wants_partial(request):
        template += "#editor"
    return render(
        request, template, _editor_context(quiz, None, question_type, form, formset, tf_form)
    )


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def question_edit(request: HttpRequest, item_id: int, question_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    question = get_object_or_404(
        editable_questions(request.user).prefetch_related("choices", "tags"), pk=question_id
    )
    form, formset, tf_form = _question_forms(question.type, request.POST or None, question)
    if request.method == "POST":
        saved = _save_question(request, quiz, form, formset, tf_form, question.type)
        if saved is not None:
            return _question_saved(request, quiz, saved)
    template = "assessments/studio/question_form.html"
    if wants_partial(request):
        template += "#editor"
    return render(
        request, template, _editor_context(quiz, question, question.type, form, formset, tf_form)
    )


def _question_saved(request: HttpRequest, quiz: Quiz, saved: Question) -> HttpResponse:
    """The saved question's row for htmx, or back to the quiz editor with a message."""
    if wants_partial(request):
        placement = quiz_questions(quiz).filter(question=saved).first()
        return render(
            request,
            "assessments/studio/edit.html#placement",
            {"quiz": quiz, "item": quiz.item, "placement": placement, "saved": True},
        )
    messages.success(
        request, _("Question saved. Regrade the quiz if learners already answered it.")
    )
    return redirect("assessments:edit", item_id=quiz.item_id)


def _preview_questions(quiz: Quiz, questions: list[Question]):
    """Render questions as a learner sees them, with every answer revealed, without an attempt."""
    attempt = Attempt(quiz=quiz, question_ids=[q.pk for q in questions], choice_order={})
    for question in questions:
        if question.type == Question.Type.MATCHING:
            ids = sorted((c.pk for c in question.choices.all()), key=lambda pk: -pk)
            attempt.choice_order[matching_options_key(question.pk)] = ids
    data = {q.pk: (q, question_data(q)) for q in questions}
    return shown_questions(
        attempt=attempt, questions=data, responses={}, finished=False, preview=True
    )


@require_GET
def quiz_preview(request: HttpRequest, item_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    placements = list(quiz_questions(quiz))
    shown = _preview_questions(quiz, [p.question for p in placements])
    return render(
        request,
        "assessments/studio/preview.html",
        {"quiz": quiz, "item": quiz.item, "questions": shown},
    )


@require_POST
@vary_on_headers("HX-Request")
def placement_action(request: HttpRequest, item_id: int, pk: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    placement = get_object_or_404(QuizQuestion.objects.select_related("question"), quiz=quiz, pk=pk)
    if not _placement_apply(request, placement, request.POST.get("action")):
        return HttpResponse(_("Unknown action."), status=400)
    if wants_partial(request):
        return render(request, "assessments/studio/edit.html#placements", _edit_context(quiz))
    return redirect("assessments:edit", item_id=item_id)


def _placement_apply(request: HttpRequest, placement: QuizQuestion, action) -> bool:
    """Move, remove or re-weight the question in its quiz; False for an unknown action."""
    if action in ("up", "down"):
        services.placement_move(placement=placement, offset=-1 if action == "up" else 1)
    elif action == "remove":
        services.placement_remove(placement=placement)
        messages.success(
            request, _("Question removed from the quiz. It stays in your question bank.")
        )
    elif action == "points":
        form = PointsForm(request.POST)
        if form.is_valid():
            services.placement_set_points(placement=placement, points=form.cleaned_data["points"])
        else:
            messages.error(request, _("Points must be a number of 0 or more."))
    else:
        return False
    return True


@require_POST
def bank_add(request: HttpRequest, item_id: int, question_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    question = get_object_or_404(bank_questions(request.user), pk=question_id)
    services.placement_add(quiz=quiz, question=question)
    messages.success(request, _("Question added to the quiz."))
    return redirect(reverse("assessments:bank") + f"?quiz={item_id}")


@require_GET
def bank(request: HttpRequest) -> HttpResponse:
    """The trainer's question bank, searchable, with "add to quiz" when ?quiz= is given."""
    if not can_author_questions(request.user):
        raise Http404
    quiz = None
    if safe_input.is_id(request.GET.get("quiz", "")):
        quiz = _quiz(request, int(request.GET["quiz"]))
    filters = {
        "search": request.GET.get("q", "").strip(),
        "tag": request.GET.get("tag", ""),
        "question_type": request.GET.get("type", ""),
    }
    questions = bank_search(bank_questions(request.user), **filters)
    in_quiz = set(quiz.placements.values_list("question_id", flat=True)) if quiz else set()
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    context = {"page": page, "quiz": quiz, "in_quiz": in_quiz, **filters}
    return render(request, "assessments/studio/bank.html", _bank_context(request, context))


def _bank_context(request: HttpRequest, context: dict) -> dict:
    return {
        **context,
        "types": Question.Type.choices,
        "tags": Tag.objects.filter(questions__in=bank_questions(request.user)).distinct(),
    }


@require_GET
def results(request: HttpRequest, item_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    page = Paginator(learner_results(quiz), 100).get_page(request.GET.get("page"))
    learners = Paginator(learner_grades(quiz), 100).get_page(request.GET.get("learners"))
    open_attempts = Attempt.objects.filter(quiz=quiz, state=Attempt.State.OPEN).select_related(
        "user"
    )
    return render(
        request,
        "assessments/studio/results.html",
        {
            "quiz": quiz,
            "item": quiz.item,
            "page": page,
            "learners": learners,
            "open_attempts": open_attempts,
            "override_form": OverrideForm(course=quiz.item.course),
            "overrides": quiz.overrides.select_related("user"),
        },
    )


@require_GET
def results_csv(request: HttpRequest, item_id: int) -> StreamingHttpResponse:
    """Every finished attempt, streamed."""
    quiz = _quiz(request, item_id)
    attempts = learner_results(quiz).iterator(chunk_size=500)
    lines = csv_lines(_results_header(), (_results_row(attempt) for attempt in attempts))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quiz-{quiz.item_id}-results.csv"'
    return response


def _results_header() -> list[str]:
    return [
        _("Learner"),
        _("Email"),
        _("Attempt"),
        _("State"),
        _("Started"),
        _("Submitted"),
        _("Points"),
        _("Maximum points"),
        _("Score (%)"),
        _("Passed"),
    ]


def _results_row(attempt: Attempt) -> list:
    return [
        safe_cell(attempt.user.full_name),
        attempt.user.email,
        attempt.number,
        attempt.get_state_display(),
        timezone.localtime(attempt.started_at).isoformat(timespec="seconds"),
        timezone.localtime(attempt.submitted_at).isoformat(timespec="seconds")
        if attempt.submitted_at
        else "",
        attempt.points,
        attempt.max_points,
        attempt.percent,
        _("yes") if attempt.passed else _("no"),
    ]


@require_GET
def analysis(request: HttpRequest, item_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    total, rows = item_analysis(quiz)
    return render(
        request,
        "assessments/studio/analysis.html",
        {
            "quiz": quiz,
            "item": quiz.item,
            "total": total,
            "rows": rows,
            "min_attempts": MIN_ATTEMPTS_FOR_DISCRIMINATION,
        },
    )


@require_POST
def regrade(request: HttpRequest, item_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    count = services.quiz_regrade(quiz=quiz)
    messages.success(
        request,
        _("Regraded %(count)d attempts with the questions as they are now.") % {"count": count},
    )
    return redirect("assessments:results", item_id=item_id)


@require_POST
def override(request: HttpRequest, item_id: int) -> HttpResponse:
    quiz = _quiz(request, item_id)
    form = OverrideForm(request.POST, course=quiz.item.course)
    if form.is_valid():
        services.override_set(
            quiz=quiz,
            user=form.user,
            extra_attempts=form.cleaned_data["extra_attempts"],
            extra_minutes=form.cleaned_data["extra_minutes"],
            granted_by=request.user,
        )
        messages.success(
            request,
            _("Exception saved for %(name)s.")
            % {"name": form.user.get_full_name() or form.user.email},
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("assessments:results", item_id=item_id)
