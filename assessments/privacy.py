"""Personal data held by ``assessments``: quiz attempts, answers, overrides, authorship."""

from __future__ import annotations

from privacy.helpers import export_by, rows, unlink
from privacy.registry import LegalBasis, PersonalData, register

ATTEMPT_FIELDS = (
    "quiz",
    "enrollment",
    "number",
    "state",
    "started_at",
    "submitted_at",
    "points",
    "max_points",
    "score",
    "passed",
)
RESPONSE_FIELDS = ("attempt", "question", "value", "saved_at", "points")
OVERRIDE_FIELDS = ("quiz", "user", "extra_attempts", "extra_minutes", "granted_by", "updated_at")


def export_responses(user):
    from .models import Response

    return rows(Response.objects.filter(attempt__user=user), RESPONSE_FIELDS)


def erase_responses(user) -> None:
    # Scores stay for the quiz statistics; typed answers may say anything, so they go.
    from .models import Response

    for response in Response.objects.filter(attempt__user=user).only("pk", "value"):
        if isinstance(response.value, str) and response.value:
            Response.objects.filter(pk=response.pk).update(value="")


def erase_overrides(user) -> None:
    from .models import QuizOverride

    QuizOverride.objects.filter(user=user).delete()
    unlink(QuizOverride, user, "granted_by")


def _keep(user) -> None:
    return None


register(
    PersonalData(
        model="assessments.Question",
        user_fields=("owner",),
        fields=("owner", "text", "created_at"),
        purpose="Who wrote a question in the question bank",
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention="As long as the question exists; the author becomes anonymous on erasure",
        export=export_by("assessments.Question", ("owner",), ("owner", "text", "created_at")),
        erase=_keep,
    )
)
register(
    PersonalData(
        model="assessments.Attempt",
        user_fields=("user",),
        fields=ATTEMPT_FIELDS,
        purpose="Quiz attempts and their scores",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; anonymised on erasure (kept for statistics)",
        export=export_by("assessments.Attempt", ("user",), ATTEMPT_FIELDS),
        erase=_keep,
    )
)
register(
    PersonalData(
        model="assessments.Response",
        user_fields=(),
        fields=RESPONSE_FIELDS,
        purpose="Answers given in quiz attempts",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; typed answers are removed on erasure",
        export=export_responses,
        erase=erase_responses,
    )
)
register(
    PersonalData(
        model="assessments.QuizOverride",
        user_fields=("user", "granted_by"),
        fields=OVERRIDE_FIELDS,
        purpose="Extra attempts or time granted to one learner (e.g. for accessibility)",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; deleted on erasure",
        export=export_by("assessments.QuizOverride", ("user", "granted_by"), OVERRIDE_FIELDS),
        erase=erase_overrides,
    )
)
