"""The learner's side: the parent page's relay posts statements and state here, with
the session and CSRF; the actor is always the signed-in user."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy import safe_input
from courses.access import NotEnrolled, learner_item
from courses.progress import ProgressError

from .. import completion as modes
from ..models import Activity, ActivityError
from ..permissions import with_unapproved
from ..services import RateLimited, error_record, rate_limit_hit, state_save, statement_record
from ..xapi import StatementError


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=status)


def _learner_activity(request: HttpRequest, item_id: int):
    try:
        item, enrollment, _outline = learner_item(request.user, item_id=item_id)
    except NotEnrolled as error:
        raise PermissionDenied from error
    activity = with_unapproved(Activity.objects.filter(item=item)).first()
    if activity is None or activity.blocked:
        raise Http404
    activity.item = item
    return activity, enrollment


def _body(request: HttpRequest, limit: int):
    if len(request.body) > limit:
        return None
    try:
        return safe_input.loads(request.body)  # NUL, lone surrogates, deep nesting: None
    except safe_input.BadInput:
        return None


def _limited(request: HttpRequest, scope: str) -> JsonResponse | None:
    """The 429 answer when the learner posts too often (shared by every worker)."""
    try:
        rate_limit_hit(user_id=request.user.pk, scope=scope)
    except RateLimited:
        if scope == "state":
            return _error(_("Too many saves at once. Wait a moment."), 429)
        return _error(_("Too many results at once. Wait a moment."), 429)
    return None


def _statement_answer(activity: Activity, enrollment, saved) -> JsonResponse:
    """The item's progress after a statement, for the relay to update the page (read
    only when the statement can have changed it)."""
    by_mode = activity.completion in (modes.VIEWED, modes.INTERACTED)
    progress = (
        enrollment.progress.filter(item=activity.item).first()
        if by_mode or (saved and saved.attempt_id)
        else None
    )
    return JsonResponse(
        {
            "ok": True,
            "stored": saved is not None,
            "completed": bool(progress and progress.is_complete),
            "score": None if progress is None or progress.score is None else float(progress.score),
            "percent": enrollment.percent,
        }
    )


def _state_answer(activity: Activity, enrollment) -> JsonResponse:
    if not modes.state_completes(activity.completion):
        return JsonResponse({"ok": True})
    progress = enrollment.progress.filter(item=activity.item).first()
    return JsonResponse(
        {
            "ok": True,
            "completed": bool(progress and progress.is_complete),
            "percent": enrollment.percent,
        }
    )


@require_POST
def statement(request: HttpRequest, item_id: int) -> HttpResponse:
    if limited := _limited(request, "statement"):
        return limited
    activity, enrollment = _learner_activity(request, item_id)
    if len(request.body) > settings.H5P_STATEMENT_MAX_BYTES:
        return _error(_("The result is too large to store."), 413)
    payload = _body(request, settings.H5P_STATEMENT_MAX_BYTES)
    if not isinstance(payload, dict):
        return _error(_("The result could not be read."), 400)
    try:
        saved = statement_record(activity=activity, enrollment=enrollment, statement=payload)
    except StatementError:
        return _error(_("The result could not be read."), 400)
    except ProgressError:
        # Withdrawn between opening the activity and answering.
        return _error(_("You are no longer enrolled in this course."), 403)
    return _statement_answer(activity, enrollment, saved)


@require_POST
def error(request: HttpRequest, item_id: int) -> HttpResponse:
    """The content threw in the learner's player: keep it for the course's trainers."""
    if limited := _limited(request, "error"):
        return limited
    activity, _enrollment = _learner_activity(request, item_id)
    payload = _body(request, 8 * 1024)
    phases = {choice for choice, _label in ActivityError.Phase.choices}
    if not isinstance(payload, dict) or payload.get("phase") not in phases:
        return _error(_("The result could not be read."), 400)
    message, library = payload.get("message"), payload.get("library")
    error_record(
        activity=activity,
        user=request.user,
        phase=payload["phase"],
        message=message if isinstance(message, str) else "",
        library=library if isinstance(library, str) else "",
    )
    return JsonResponse({"ok": True})


@require_POST
def state(request: HttpRequest, item_id: int) -> HttpResponse:
    if limited := _limited(request, "state"):
        return limited
    activity, enrollment = _learner_activity(request, item_id)
    payload = _body(request, settings.H5P_STATE_MAX_BYTES)
    if not isinstance(payload, dict) or not isinstance(payload.get("state"), str):
        return _error(_("The saved state is too large or malformed."), 400)
    try:
        state_save(
            activity=activity, user=request.user, data=payload["state"], enrollment=enrollment
        )
    except ProgressError:
        return _error(_("You are no longer enrolled in this course."), 403)
    return _state_answer(activity, enrollment)
