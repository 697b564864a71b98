"""Learner views: the quiz start page, the attempt, submission and review."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from academy.htmx import wants_partial
from courses.access import ItemLocked, NotEnrolled, learner_item
from courses.completion import course_completion
from courses.models import Enrollment

from .. import scoring, services
from ..answers import answers_from_post
from ..models import Attempt, Quiz, Response
from ..permissions import own_attempts
from ..player import player_url, quiz_context
from ..presentation import shown_questions
from ..selectors import attempt_questions, quiz_status


def _learner_item_or_redirect(request, item_id):
    try:
        item, enrollment, _outline = learner_item(request.user, item_id=item_id)
    except NotEnrolled as missing:
        messages.info(request, _("Enrol in the course to take its quizzes."))
        return None, None, redirect(missing.course.get_absolute_url())
    except ItemLocked:
        raise
    if item.kind != "quiz":
        raise Http404
    return item, enrollment, None


@require_GET
def start(request: HttpRequest, item_id: int) -> HttpResponse:
    """The quiz's start page outside the player (rules, attempts, start button)."""
    item, enrollment, response = _learner_item_or_redirect(request, item_id)
    if response:
        return response
    context = quiz_context(request, item, enrollment)
    if context["quiz"] is None:
        raise Http404
    return render(
        request,
        "assessments/start.html",
        {**context, "item": item, "enrollment": enrollment, "preview": False},
    )


@require_POST
def attempt_start(request: HttpRequest, item_id: int) -> HttpResponse:
    item, enrollment, response = _learner_item_or_redirect(request, item_id)
    if response:
        return response
    quiz = get_object_or_404(Quiz, item=item)
    try:
        attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    except services.QuizError as error:
        messages.error(request, str(error))
        return redirect("assessments:start", item_id=item.pk)
    return redirect("assessments:attempt", pk=attempt.pk)


def _own_attempt(request, pk) -> Attempt:
    attempt = get_object_or_404(own_attempts(request.user), pk=pk)
    if (
        attempt.enrollment.status != Enrollment.Status.ACTIVE
        or attempt.quiz.item.archived_at is not None
    ):
        raise Http404
    return attempt


def _pages(attempt: Attempt) -> int:
    return len(attempt.question_ids) if attempt.quiz.layout == Quiz.Layout.ONE else 1


def _page_number(raw, pages: int) -> int:
    try:
        return min(max(int(raw), 1), pages)
    except (TypeError, ValueError):
        return 1


def _attempt_context(attempt: Attempt, page: int) -> dict:
    questions = attempt_questions(attempt)
    responses = {r.question_id: r for r in Response.objects.filter(attempt=attempt)}
    shown = shown_questions(
        attempt=attempt, questions=questions, responses=responses, finished=False
    )
    pages = _pages(attempt)
    on_page = shown if pages == 1 else shown[page - 1 : page]
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "item": attempt.quiz.item,
        "questions": on_page,
        "page": page,
        "pages": pages,
        "page_range": range(1, pages + 1),
        "answered": sum(1 for q in shown if q.answered),
        "total": len(shown),
        "answered_pages": {i for i, q in enumerate(shown, start=1) if q.answered},
        "unanswered": [q for q in shown if not q.answered],
        "can_check": attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE,
        "back_url": player_url(attempt.quiz.item),
    }


def _expired_redirect(request, attempt):
    messages.warning(
        request,
        _("Time is up: the attempt was submitted with the answers saved before the deadline."),
    )
    url = reverse("assessments:review", kwargs={"pk": attempt.pk})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
@vary_on_headers("HX-Request")
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    if services.attempt_expire_if_due(attempt=attempt):
        if attempt.state == Attempt.State.EXPIRED:
            return _expired_redirect(request, attempt)
        return redirect("assessments:review", pk=attempt.pk)
    context = _attempt_context(attempt, _page_number(request.GET.get("page"), _pages(attempt)))
    template = "assessments/attempt.html"
    if wants_partial(request):
        template += "#body"
    return render(request, template, context)


@require_POST
@vary_on_headers("HX-Request")
def attempt_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave (htmx, on change), navigation between pages, "check" for immediate
    feedback and "finish": one endpoint, so every button also works without JS."""
    attempt = _own_attempt(request, pk)
    page = _page_number(request.POST.get("page"), _pages(attempt))
    check = request.POST.get("check")
    try:
        answers = _posted_answers(request, attempt)
        services.responses_record(
            attempt=attempt, answers=answers, check=int(check) if check else None
        )
    except (scoring.InvalidAnswer, ValueError):
        message = _("An answer does not match the choices of its question. Nothing was saved.")
        return _refuse(request, attempt, page, message)
    except services.AttemptClosed:
        return _closed(request, attempt)
    except services.QuizError as error:
        return _refuse(request, attempt, page, str(error))
    return _saved(request, attempt, page, check)


def _posted_answers(request, attempt: Attempt) -> dict:
    """The posted answers by question id. Raises ValueError or InvalidAnswer for a
    malformed value."""
    types = {qid: data.type for qid, (_q, data) in attempt_questions(attempt).items()}
    return answers_from_post(request.POST, types=types, choice_order=attempt.choice_order)


def _closed(request, attempt: Attempt) -> HttpResponse:
    """The attempt closed meanwhile: expired (time ran out) or submitted elsewhere."""
    attempt.refresh_from_db()
    if attempt.state == Attempt.State.EXPIRED:
        return _expired_redirect(request, attempt)
    url = reverse("assessments:review", kwargs={"pk": attempt.pk})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _saved(request, attempt: Attempt, page: int, check: str | None) -> HttpResponse:
    """After saving: go to the submit page, another page, or answer the htmx request
    with the page's body, the checked question or the "saved" status."""
    goto = request.POST.get("goto", "")
    if goto == "finish":
        url = reverse("assessments:submit", kwargs={"pk": attempt.pk})
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if goto:
        page = _page_number(goto, _pages(attempt))
    page_url = reverse("assessments:attempt", kwargs={"pk": attempt.pk}) + f"?page={page}"
    if not request.htmx:
        return redirect(page_url)
    context = _attempt_context(attempt, page)
    if goto:
        response = render(request, "assessments/attempt.html#body", context)
        response["HX-Push-Url"] = page_url
        return response
    if check:
        shown = next((q for q in context["questions"] if str(q.question.pk) == check), None)
        return render(request, "assessments/attempt.html#question", {**context, "shown": shown})
    context["saved_at"] = timezone.now()
    return render(request, "assessments/attempt.html#status", context)


def _refuse(request, attempt, page, message):
    if request.htmx:
        response = render(request, "assessments/attempt.html#status", {"error": message})
        response.status_code = 400
        return response
    messages.error(request, message)
    response = redirect(reverse("assessments:attempt", kwargs={"pk": attempt.pk}) + f"?page={page}")
    return response


@require_http_methods(["GET", "POST"])
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm (with the number of unanswered questions); POST: submit."""
    attempt = _own_attempt(request, pk)
    if request.method == "POST":
        if attempt.is_open:
            attempt = services.attempt_submit(attempt=attempt)
            if attempt.state == Attempt.State.EXPIRED:
                return _expired_redirect(request, attempt)
        return redirect("assessments:review", pk=attempt.pk)
    if services.attempt_expire_if_due(attempt=attempt):
        return redirect("assessments:review", pk=attempt.pk)
    return render(request, "assessments/submit.html", _attempt_context(attempt, 1))


@require_GET
def attempt_review(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    if services.attempt_expire_if_due(attempt=attempt) is False:
        return redirect("assessments:attempt", pk=attempt.pk)
    attempt.refresh_from_db()
    return render(request, "assessments/review.html", _review_context(request, attempt))


def _review_context(request, attempt: Attempt) -> dict:
    quiz = attempt.quiz
    questions = attempt_questions(attempt)
    responses = {r.question_id: r for r in Response.objects.filter(attempt=attempt)}
    shown = shown_questions(
        attempt=attempt, questions=questions, responses=responses, finished=True
    )
    return {
        "attempt": attempt,
        "quiz": quiz,
        "item": quiz.item,
        "questions": shown,
        "status": quiz_status(quiz=quiz, user=request.user, has_questions=True),
        "total": len(shown),
        "show_details": quiz.feedback != Quiz.Feedback.NEVER,
        "back_url": player_url(quiz.item),
        "completion": course_completion(attempt.enrollment) if attempt.passed else None,
    }
